import Foundation
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// A streaming `multipart/form-data` parser with MultipartKit's callback shape (`onHeader`,
/// `onBody`, `onPartComplete`), that finds delimiters with `memmem`/`memchr` over whole chunks
/// instead of one byte at a time. MultipartKit 4 walks bodies byte by byte through `ByteBufferView`,
/// which in debug builds ran at about 0.25 MB/s per core: scripts/upload-load could not push 50
/// uploads through, and one slow upload held a core (UP-2, UP-10). Bytes that might begin a
/// delimiter are held back until the next chunk decides; nothing else is kept.
final class MultipartScanner {
    enum Failure: Error { case malformedHeaders, headersTooLarge, badDelimiter }

    var onHeader: (String, String) -> Void = { _, _ in }
    var onBody: (inout ByteBuffer) -> Void = { _ in }
    var onPartComplete: () -> Void = {}

    private enum State { case preamble, afterDelimiter, headers, body, epilogue }
    private var state = State.preamble
    /// CRLF "--" boundary: the stream is scanned as if it began with CRLF, so the first boundary matches too.
    private let delimiter: [UInt8]
    private var pending: [UInt8] = [13, 10]
    private let maxHeaderBytes = 16 << 10

    init(boundary: String) {
        delimiter = [13, 10, 45, 45] + Array(boundary.utf8)
    }

    /// True once the closing delimiter has been read: a body that stops before it was cut off.
    var isFinished: Bool { state == .epilogue }

    func execute(_ chunk: ByteBuffer) throws {
        chunk.withUnsafeReadableBytes { pending.append(contentsOf: $0) }
        var consumed = 0
        defer { pending.removeFirst(consumed) }
        while consumed < pending.count {
            let available = pending.count - consumed
            switch state {
            case .epilogue:
                consumed = pending.count
            case .preamble, .body:
                if let at = find(delimiter, from: consumed) {
                    if state == .body {
                        emit(consumed, at)
                        onPartComplete()
                    }
                    consumed = at + delimiter.count
                    state = .afterDelimiter
                } else {
                    // Keep what could be the start of a delimiter cut by the chunk's end.
                    let keep = min(available, delimiter.count - 1)
                    let safe = pending.count - keep
                    if state == .body, safe > consumed { emit(consumed, safe) }
                    consumed = max(consumed, safe)
                    return
                }
            case .afterDelimiter:
                guard available >= 2 else { return }
                let pair = (pending[consumed], pending[consumed + 1])
                consumed += 2
                switch pair {
                case (13, 10): state = .headers
                case (45, 45): state = .epilogue
                default: throw Failure.badDelimiter
                }
            case .headers:
                if available >= 2, pending[consumed] == 13, pending[consumed + 1] == 10 {  // a part without headers
                    consumed += 2
                    state = .body
                    continue
                }
                guard let end = find([13, 10, 13, 10], from: consumed) else {
                    if available > maxHeaderBytes { throw Failure.headersTooLarge }
                    return
                }
                guard end - consumed <= maxHeaderBytes else { throw Failure.headersTooLarge }
                try parseHeaders(pending[consumed..<end])
                consumed = end + 4
                state = .body
            }
        }
    }

    private func emit(_ from: Int, _ to: Int) {
        guard to > from else { return }
        var buffer = ByteBuffer()
        pending.withUnsafeBytes { buffer.writeBytes(UnsafeRawBufferPointer(rebasing: $0[from..<to])) }
        onBody(&buffer)
    }

    private func parseHeaders(_ block: ArraySlice<UInt8>) throws {
        for line in block.split(separator: 10) {
            let text = String(decoding: line.last == 13 ? line.dropLast() : line[...], as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { throw Failure.malformedHeaders }
            let name = String(text[..<colon]).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw Failure.malformedHeaders }
            onHeader(name, String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
    }

    /// The first index at or after `from` where `needle` occurs in `pending`: `memchr` for its first
    /// byte, `memcmp` for the rest (Glibc does not export `memmem` to Swift).
    private func find(_ needle: [UInt8], from: Int) -> Int? {
        pending.withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in
                guard let base = haystack.baseAddress, let first = pattern.first else { return nil }
                var at = from
                while haystack.count - at >= pattern.count {
                    guard let hit = memchr(base + at, Int32(first), haystack.count - at - pattern.count + 1) else { return nil }
                    at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, pattern.baseAddress!, pattern.count) == 0 { return at }
                    at += 1
                }
                return nil
            }
        }
    }
}
