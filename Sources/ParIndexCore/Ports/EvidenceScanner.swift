import Foundation

/// What a virus scan says about one uploaded file.
public enum ScanVerdict: Sendable, Equatable {
    case clean
    case infected(name: String)
}

/// The virus-scanner port (SECURITY.md UP-9): every uploaded file is scanned on its temporary path,
/// before it is stored or any reviewer can see it. The default is `SignatureScanner`; a ClamAV
/// adapter (clamd `INSTREAM`, or `clamdscan` on the path) can be plugged in through `Services.scanner`.
public protocol EvidenceScanner: Sendable {
    func scan(fileAt path: String) throws -> ScanVerdict
}

/// A small built-in scanner: looks for known signatures in the first and last 64 KiB of a file.
/// It ships only the EICAR test string, so the whole refusal path (422, nothing stored, security
/// log) is exercised end to end; it is no substitute for a real engine.
public struct SignatureScanner: EvidenceScanner {
    public static let eicar = Array(#"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"#.utf8)
    static let window: UInt64 = 64 << 10

    public var signatures: [(name: String, bytes: [UInt8])]

    public init(signatures: [(name: String, bytes: [UInt8])] = [("Eicar-Test-Signature", SignatureScanner.eicar)]) {
        self.signatures = signatures
    }

    public func scan(fileAt path: String) throws -> ScanVerdict {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw DomainError.internalFailure() }
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        var parts = [[UInt8](try handle.read(upToCount: Int(min(size, Self.window))) ?? Data())]
        if size > Self.window {
            // The tail overlaps nothing read before only when the file is longer than two windows.
            try handle.seek(toOffset: max(Self.window, size - Self.window))
            parts.append([UInt8](try handle.readToEnd() ?? Data()))
        }
        for (name, bytes) in signatures where parts.contains(where: { Self.contains($0, bytes) }) {
            return .infected(name: name)
        }
        return .clean
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in haystack[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
