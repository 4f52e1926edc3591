import Foundation
import NIOCore

/// A rendered page kept with holes ("slots") for the values that differ between callers who see
/// the same page: the session's form token, the signed-in name and the unread count (decision 0010).
///
/// Filling the plain encoding copies the text between holes. The gzip encoding is compressed once
/// per caller's values and kept with the page: the few accounts that read one unit's page each get
/// theirs compressed on their first read and served as it is after that.
struct SlottedPage: Sendable {
    private enum Piece: Sendable {
        case literal(Range<Int>)
        case slot(Int)
    }

    /// How many callers' compressed pages one page keeps; past that it starts again.
    static let keptCallers = 8

    let markers: [String]
    private let plain: [UInt8]
    private let pieces: [Piece]
    private let compressed = CompressedFills()

    /// Bytes held, for the rendering budget: the text, and its callers' compressed pages (about a
    /// sixth of the text each), counted at their most.
    var keptBytes: Int { plain.count + pieces.count * 16 + Self.keptCallers * plain.count / 6 }

    /// Splits `text` at every one of `markers`.
    init(_ text: String, markers: [String]) {
        self.markers = markers
        let bytes = Array(text.utf8)
        let patterns = markers.map { Array($0.utf8) }
        var plain: [UInt8] = []
        var pieces: [Piece] = []
        func literal(_ slice: ArraySlice<UInt8>) {
            guard !slice.isEmpty else { return }
            let start = plain.count
            plain.append(contentsOf: slice)
            pieces.append(.literal(start..<plain.count))
        }
        var from = 0
        var index = 0
        while index < bytes.count {
            guard let slot = patterns.firstIndex(where: { Self.bytes(bytes, at: index, equal: $0) }) else {
                index += 1
                continue
            }
            literal(bytes[from..<index])
            pieces.append(.slot(slot))
            index += patterns[slot].count
            from = index
        }
        literal(bytes[from..<bytes.count])
        self.plain = plain
        self.pieces = pieces
    }

    private static func bytes(_ bytes: [UInt8], at index: Int, equal marker: [UInt8]) -> Bool {
        guard bytes[index] == marker[0], index + marker.count <= bytes.count else { return false }
        return bytes[index..<index + marker.count].elementsEqual(marker)
    }

    /// Whether `values` fit the slots (one per slot).
    func fits(_ values: [String]) -> Bool { values.count == markers.count }

    /// The page with `values` in its slots, as plain bytes.
    func plain(_ values: [String]) -> ByteBuffer {
        precondition(fits(values))
        let filled = values.map { Array($0.utf8) }
        var out = ByteBuffer()
        out.reserveCapacity(plain.count + pieces.count * 8)
        for piece in pieces {
            switch piece {
            case .literal(let range): out.writeBytes(plain[range])
            case .slot(let slot): out.writeBytes(filled[slot])
            }
        }
        return out
    }

    /// The page with `values` in its slots, gzip compressed (RFC 1952).
    func gzip(_ values: [String]) -> ByteBuffer {
        compressed.gzip(values) { Gzip.compress(plain(values)) }
    }
}

/// The compressed pages of one kept page, by the caller's values.
private final class CompressedFills: @unchecked Sendable {
    private let lock = NSLock()
    private var pages: [[String]: ByteBuffer] = [:]

    func gzip(_ values: [String], make: () -> ByteBuffer) -> ByteBuffer {
        if let kept = lock.withLock({ pages[values] }) { return kept }
        let made = make()
        lock.withLock {
            if pages.count >= SlottedPage.keptCallers { pages.removeAll() }
            pages[values] = made
        }
        return made
    }
}
