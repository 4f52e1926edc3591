import Crypto
import Foundation

/// SHA-256 as the lowercase hex that the ledger, receipts, snapshots and stored token hashes hold.
/// swift-crypto does the hashing; this only fixes the text form in one place.
public enum Digests {
    public static func sha256Hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hexEncoded(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
    }

    public static func sha256Hex(_ bytes: some DataProtocol) -> String {
        hexEncoded(SHA256.hash(data: bytes))
    }

    /// Compares two secrets (tokens, code hashes) in time that depends on their length only, so a
    /// wrong guess does not tell how many of its leading characters were right.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Lowercase hexadecimal encoding of `bytes`.
public func hexEncoded(_ bytes: some Sequence<UInt8>) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: out, as: UTF8.self)
}
