import Foundation
import NIOCore

/// A rendered page kept with holes ("slots") for the values that differ between callers who see
/// the same page — the session's form token and the signed-in name — in two encodings: plain, and
/// gzip compressed once (decision 0010).
///
/// Filling the gzip encoding compresses nothing: each slot's bytes go in as a stored (uncompressed)
/// deflate block, and the trailer's CRC is combined from CRCs kept per piece. What keeps this exact
/// is how the compressed stream was made:
/// - A slot of fixed length (the form token, which appears in every form) is compressed as a
///   placeholder of 0xFF bytes between two sync flushes, and that stretch is cut out. The history
///   keeps the slot's length, so back-references across it keep their distances. No other byte of
///   the page can be 0xFF (valid UTF-8 never is), so no back-reference can copy from a slot.
/// - A slot of any length (the name) gets a full flush instead: nothing after it refers back.
/// - A fixed-length slot's value met again within 32 KiB is not stored again: a hand-made block
///   copies it from its last place (`copyBlock`), which is the same for every request.
struct SlottedPage: Sendable {
    /// A hole: the marker text rendered in its place, and the length every value of it must have
    /// (nil: any length).
    struct Slot: Sendable {
        var marker: String
        var fixedLength: Int?
    }

    private enum Piece: Sendable {
        case literal(Range<Int>, crc: UInt, op: UInt)
        case slot(Int)
    }

    private struct Cut: Sendable {
        var range: Range<Int>
        var slot: Int
    }

    /// The CRC-32 of the filled text in parts: runs of text and fixed holes, and the holes of any
    /// length between them. CRC-32 is affine, so a run's CRC for any value in its fixed holes is
    /// its CRC with zeros there, plus the value's own (linear) CRC times Σ x^(8·d) over the holes,
    /// d being the bytes after each hole — one multiplication per request instead of one per hole.
    private enum CRCPart: Sendable {
        case run(length: Int, zeroCRC: UInt, op: UInt, weights: [Int: UInt])
        case any(slot: Int)
    }

    let slots: [Slot]
    private let plain: [UInt8]
    private let pieces: [Piece]
    private let deflated: [UInt8]
    private let cuts: [Cut]
    private let crcParts: [CRCPart]
    /// The CRC-32 of as many zero bytes as each fixed slot holds.
    private let zeroCRCs: [UInt]

    /// Bytes held, for the rendering budget.
    var keptBytes: Int { plain.count + deflated.count + pieces.count * 24 + cuts.count * 24 }

    /// Splits `text` at every marker of `slots` and compresses the pieces between.
    init(_ text: String, slots: [Slot]) {
        self.slots = slots
        let bytes = Array(text.utf8)
        let markers = slots.map { Array($0.marker.utf8) }
        var plain: [UInt8] = []
        var pieces: [Piece] = []
        var deflated: [UInt8] = []
        var cuts: [Cut] = []
        let deflater = Deflater()

        func literal(_ slice: ArraySlice<UInt8>) {
            guard !slice.isEmpty else { return }
            let start = plain.count
            plain.append(contentsOf: slice)
            pieces.append(.literal(start..<plain.count, crc: Deflater.crc32(slice), op: Deflater.crcOperator(length: slice.count)))
            deflater.write(slice, flush: .none, to: &deflated)
        }

        var from = 0
        var index = 0
        // Where each fixed hole last started in the filled text, counting only text and fixed
        // holes: exact distances while no hole of any length comes between.
        var position = 0
        var lastStart: [Int: Int] = [:]
        while index < bytes.count {
            guard let slot = markers.firstIndex(where: { Self.bytes(bytes, at: index, equal: $0) }) else {
                index += 1
                continue
            }
            literal(bytes[from..<index])
            position += index - from
            pieces.append(.slot(slot))
            if let length = slots[slot].fixedLength {
                deflater.write([], flush: .sync, to: &deflated)
                let start = deflated.count
                deflater.write([UInt8](repeating: 0xFF, count: length), flush: .sync, to: &deflated)
                if let previous = lastStart[slot], let block = Self.copyBlock(length: length, distance: position - previous) {
                    // The same value again within deflate's reach: copy it from its last place,
                    // which costs 10 bytes instead of the value itself, and nothing per request.
                    deflated.removeSubrange(start...)
                    deflated.append(contentsOf: block)
                } else {
                    cuts.append(Cut(range: start..<deflated.count, slot: slot))
                }
                lastStart[slot] = position
                position += length
            } else {
                deflater.write([], flush: .full, to: &deflated)
                cuts.append(Cut(range: deflated.count..<deflated.count, slot: slot))
                lastStart.removeAll()
            }
            index += markers[slot].count
            from = index
        }
        literal(bytes[from..<bytes.count])
        deflater.write([], flush: .finish, to: &deflated)
        self.plain = plain
        self.pieces = pieces
        self.deflated = deflated
        self.cuts = cuts
        let zeroCRCs = slots.map { Deflater.crc32([UInt8](repeating: 0, count: $0.fixedLength ?? 0)) }
        self.zeroCRCs = zeroCRCs
        self.crcParts = Self.crcParts(pieces, slots: slots, zeroCRCs: zeroCRCs)
    }

    private static func crcParts(_ pieces: [Piece], slots: [Slot], zeroCRCs: [UInt]) -> [CRCPart] {
        var parts: [CRCPart] = []
        var run: [Piece] = []
        func close() {
            var crc: UInt = 0
            var length = 0
            for piece in run {
                switch piece {
                case .literal(let range, let pieceCRC, let op):
                    crc = Deflater.combine(crc, pieceCRC, op)
                    length += range.count
                case .slot(let slot):
                    let size = slots[slot].fixedLength ?? 0
                    crc = Deflater.combine(crc, zeroCRCs[slot], Deflater.crcOperator(length: size))
                    length += size
                }
            }
            var after = 0
            var weights: [Int: UInt] = [:]
            for piece in run.reversed() {
                switch piece {
                case .literal(let range, _, _): after += range.count
                case .slot(let slot):
                    weights[slot, default: 0] ^= Deflater.crcOperator(length: after)
                    after += slots[slot].fixedLength ?? 0
                }
            }
            parts.append(.run(length: length, zeroCRC: crc, op: Deflater.crcOperator(length: length), weights: weights))
            run = []
        }
        for piece in pieces {
            if case .slot(let slot) = piece, slots[slot].fixedLength == nil {
                close()
                parts.append(.any(slot: slot))
            } else {
                run.append(piece)
            }
        }
        close()
        return parts
    }

    private static func bytes(_ bytes: [UInt8], at index: Int, equal marker: [UInt8]) -> Bool {
        guard bytes[index] == marker[0], index + marker.count <= bytes.count else { return false }
        return bytes[index..<index + marker.count].elementsEqual(marker)
    }

    /// Whether `values` fit the slots (one per slot, fixed lengths kept).
    func fits(_ values: [String]) -> Bool {
        values.count == slots.count && zip(slots, values).allSatisfy { slot, value in slot.fixedLength.map { $0 == value.utf8.count } ?? true }
    }

    /// The page with `values` in its slots, as plain bytes.
    func plain(_ values: [String]) -> ByteBuffer {
        precondition(fits(values))
        let filled = values.map { Array($0.utf8) }
        var out = ByteBuffer()
        out.reserveCapacity(plain.count + cuts.reduce(0) { $0 + filled[$1.slot].count })
        for piece in pieces {
            switch piece {
            case .literal(let range, _, _): out.writeBytes(plain[range])
            case .slot(let slot): out.writeBytes(filled[slot])
            }
        }
        return out
    }

    /// The page with `values` in its slots, as a gzip member (RFC 1952).
    func gzip(_ values: [String]) -> ByteBuffer {
        precondition(fits(values))
        let filled = values.map { Array($0.utf8) }
        let crcs = filled.map { Deflater.crc32($0) }
        let ops = filled.map { Deflater.crcOperator(length: $0.count) }
        var out = ByteBuffer()
        out.reserveCapacity(deflated.count + cuts.reduce(0) { $0 + 5 + filled[$1.slot].count } + 18)
        out.writeBytes(Deflater.gzipHeader)
        let stored = filled.map(Self.stored)
        var position = 0
        for cut in cuts {
            out.writeBytes(deflated[position..<cut.range.lowerBound])
            out.writeBytes(stored[cut.slot])
            position = cut.range.upperBound
        }
        out.writeBytes(deflated[position...])
        // Each fixed value's linear CRC: its CRC less that of as many zeros.
        let linear = slots.indices.map { crcs[$0] ^ zeroCRCs[$0] }
        var crc: UInt = 0
        var length = 0
        for part in crcParts {
            switch part {
            case .run(let runLength, let zeroCRC, let op, let weights):
                var runCRC = zeroCRC
                // combine(a, 0, w) is a · w: the value's CRC moved past the text after its holes.
                for (slot, weight) in weights { runCRC ^= Deflater.combine(linear[slot], 0, weight) }
                crc = Deflater.combine(crc, runCRC, op)
                length += runLength
            case .any(let slot):
                crc = Deflater.combine(crc, crcs[slot], ops[slot])
                length += filled[slot].count
            }
        }
        out.writeInteger(UInt32(truncatingIfNeeded: crc), endianness: .little)
        out.writeInteger(UInt32(truncatingIfNeeded: length), endianness: .little)
        return out
    }

    /// A fixed-Huffman deflate block (RFC 1951 §3.2.6) holding one back-reference, then an empty
    /// stored block to end on a byte boundary as a sync flush does; nil when out of deflate's range.
    static func copyBlock(length: Int, distance: Int) -> [UInt8]? {
        guard (3...258).contains(length), (1...32_768).contains(distance) else { return nil }
        let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
        let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        let distanceBase = [
            1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
            16385, 24577,
        ]
        let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
        var bits = BitWriter()
        bits.write(0, count: 1)  // not the final block
        bits.write(1, count: 2)  // fixed Huffman codes
        let l = lengthBase.lastIndex { $0 <= length }!
        let symbol = 257 + l
        if symbol <= 279 {
            bits.writeCode(UInt32(symbol - 256), count: 7)
        } else {
            bits.writeCode(UInt32(0xC0 + symbol - 280), count: 8)
        }
        bits.write(UInt32(length - lengthBase[l]), count: lengthExtra[l])
        let d = distanceBase.lastIndex { $0 <= distance }!
        bits.writeCode(UInt32(d), count: 5)
        bits.write(UInt32(distance - distanceBase[d]), count: distanceExtra[d])
        bits.writeCode(0, count: 7)  // end of block
        bits.write(0, count: 3)  // an empty stored block, not final
        bits.align()
        return bits.bytes + [0x00, 0x00, 0xFF, 0xFF]
    }

    /// Bits packed as deflate packs them: values from their lowest bit, Huffman codes from their highest.
    private struct BitWriter {
        var bytes: [UInt8] = []
        private var pending: UInt32 = 0
        private var pendingCount = 0

        mutating func write(_ value: UInt32, count: Int) {
            pending |= value << UInt32(pendingCount)
            pendingCount += count
            while pendingCount >= 8 {
                bytes.append(UInt8(pending & 0xFF))
                pending >>= 8
                pendingCount -= 8
            }
        }

        mutating func writeCode(_ code: UInt32, count: Int) {
            var reversed: UInt32 = 0
            for bit in 0..<count { reversed |= ((code >> UInt32(bit)) & 1) << UInt32(count - 1 - bit) }
            write(reversed, count: count)
        }

        mutating func align() {
            if pendingCount > 0 { write(0, count: 8 - pendingCount) }
        }
    }

    /// Stored blocks (not final) holding `bytes`, at most 65,535 bytes each.
    private static func stored(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        repeat {
            let count = min(65_535, bytes.count - start)
            out += [0, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += bytes[start..<start + count]
            start += count
        } while start < bytes.count
        return out
    }
}
