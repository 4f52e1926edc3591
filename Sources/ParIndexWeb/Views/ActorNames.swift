import ParIndexCore

/// People's names where a record keeps only who acted (`submittedBy`, `publishedBy`, a stamp's
/// `by`): the ledger and the API keep the username, a page shows the person. The operator at the
/// command line (`cli:<name>`, `Caller.commandLine`) is said in words, not as an id.
struct ActorNames {
    private let names: [String: String]
    private let language: Language

    init(_ users: [User], language: Language) {
        names = Dictionary(users.map { ($0.username, $0.name) }, uniquingKeysWith: { first, _ in first })
        self.language = language
    }

    /// The person's name; the username itself for an account that no longer exists.
    func name(_ actor: String) -> String {
        if actor.hasPrefix(Caller.commandLinePrefix) {
            let operatorName = String(actor.dropFirst(Caller.commandLinePrefix.count))
            return (language.strings["actor.commandLine"] ?? "{name}").replacingOccurrences(of: "{name}", with: operatorName)
        }
        return names[actor] ?? actor
    }
}
