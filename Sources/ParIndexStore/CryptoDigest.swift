import Crypto
import Foundation
import ParIndexCore

/// swift-crypto's SHA-256 (BoringSSL, fast on large files): for evidence bytes streamed to disk.
public enum CryptoDigest {
    public static func sha256Hex(_ data: Data) -> String { hexEncoded(SHA256.hash(data: data)) }
}
