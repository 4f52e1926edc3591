import Crypto
import Foundation
import ParIndexCore
import _CryptoExtras

/// scrypt password hashes in a self-describing form: `$scrypt$ln=16,r=8,p=2$<salt>$<hash>` (base64).
/// OWASP's scrypt settings (N=2^16, r=8, p=2, 64 MiB) by default; tests pass cheaper ones. The
/// parameters are stored with each hash, so raising them rehashes at the next login (SECURITY.md A2).
public struct ScryptPasswordHasher: PasswordHasher {
    public var logRounds: Int
    public var blockSize: Int
    public var parallelism: Int

    public init(logRounds: Int = 16, blockSize: Int = 8, parallelism: Int = 2) {
        self.logRounds = logRounds
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// Cheap parameters for tests only.
    public static let forTesting = ScryptPasswordHasher(logRounds: 4, blockSize: 8, parallelism: 1)

    public func hash(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = try derive(password, salt: salt, logRounds: logRounds, blockSize: blockSize, parallelism: parallelism)
        return "$scrypt$ln=\(logRounds),r=\(blockSize),p=\(parallelism)$\(Data(salt).base64EncodedString())$\(key.base64EncodedString())"
    }

    public func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = Self.parse(stored),
            let key = try? derive(
                password,
                salt: parsed.salt,
                logRounds: parsed.logRounds,
                blockSize: parsed.blockSize,
                parallelism: parsed.parallelism
            )
        else { return false }
        // Constant-time comparison.
        guard key.count == parsed.key.count else { return false }
        return zip(key, parsed.key).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    public func needsRehash(_ stored: String) -> Bool {
        guard let parsed = Self.parse(stored) else { return true }
        return parsed.logRounds < logRounds || parsed.blockSize < blockSize || parsed.parallelism < parallelism
    }

    func derive(_ password: String, salt: [UInt8], logRounds: Int, blockSize: Int, parallelism: Int) throws -> Data {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8),
            salt: salt,
            outputByteCount: 32,
            rounds: 1 << logRounds,
            blockSize: blockSize,
            parallelism: parallelism
        )
        return key.withUnsafeBytes { Data($0) }
    }

    static func parse(_ stored: String) -> (logRounds: Int, blockSize: Int, parallelism: Int, salt: [UInt8], key: Data)? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: true)
        guard parts.count == 4, parts[0] == "scrypt" else { return nil }
        var values: [String: Int] = [:]
        for pair in parts[1].split(separator: ",") {
            let kv = pair.split(separator: "=")
            guard kv.count == 2, let v = Int(kv[1]) else { return nil }
            values[String(kv[0])] = v
        }
        guard let ln = values["ln"], let r = values["r"], let p = values["p"], (1...22).contains(ln), (1...32).contains(r), (1...16).contains(p),
            let salt = Data(base64Encoded: String(parts[2])), let key = Data(base64Encoded: String(parts[3]))
        else { return nil }
        return (ln, r, p, Array(salt), key)
    }
}
