/// Password hashing port (scrypt in the Store target). The hash string carries its algorithm and
/// parameters, so raising the parameters later rehashes on the next successful login.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, against hash: String) -> Bool
    /// Whether a stored hash uses weaker parameters than the current ones.
    func needsRehash(_ hash: String) -> Bool
}
