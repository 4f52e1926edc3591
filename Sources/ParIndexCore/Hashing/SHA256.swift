import Foundation

/// SHA-256 (FIPS 180-4) in plain Swift, because the domain target imports Foundation only;
/// Store and Web use swift-crypto for streaming files, and a test checks both agree.
///
/// Incremental: call `update` any number of times, then `finalize()` once.
/// Whole 64-byte blocks are compressed straight from the caller's contiguous
/// buffer; only a trailing partial block (< 64 bytes) is copied into internal storage.
public struct SHA256Hasher: Sendable {
    /// Chaining state H0...H7.
    private var h0: UInt32 = 0x6a09_e667
    private var h1: UInt32 = 0xbb67_ae85
    private var h2: UInt32 = 0x3c6e_f372
    private var h3: UInt32 = 0xa54f_f53a
    private var h4: UInt32 = 0x510e_527f
    private var h5: UInt32 = 0x9b05_688c
    private var h6: UInt32 = 0x1f83_d9ab
    private var h7: UInt32 = 0x5be0_cd19

    /// Pending partial block (64 bytes of inline storage, no heap allocation).
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0)
    /// Number of valid bytes in `pending` (0..<64).
    private var pendingCount: Int = 0
    /// Total message length in bytes.
    private var totalLength: UInt64 = 0

    public init() {}

    // MARK: - Public API

    /// Feeds bytes. Contiguous collections (Array, ArraySlice, UnsafeBufferPointer, ...) are
    /// hashed in place; others are copied in 64 KiB chunks.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            self.absorb(UnsafeRawBufferPointer(buffer))
        }
        if handled != nil { return }

        let chunkSize = 64 * 1024
        var start = bytes.startIndex
        while start != bytes.endIndex {
            let end = bytes.index(start, offsetBy: chunkSize, limitedBy: bytes.endIndex) ?? bytes.endIndex
            let chunk = [UInt8](bytes[start..<end])
            chunk.withUnsafeBytes { self.absorb($0) }
            start = end
        }
    }

    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { self.absorb($0) }
    }

    /// Feeds the UTF-8 encoding of `string`.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { self.absorb(UnsafeRawBufferPointer($0)) }
    }

    /// Applies padding and returns the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        let bitLength = totalLength &* 8
        // 0x80, then zeros so that the length is 56 mod 64, then the 64-bit big-endian bit length.
        let zeroCount = (pendingCount < 56 ? 55 : 119) - pendingCount
        var tail = [UInt8](repeating: 0, count: 1 + zeroCount + 8)
        tail[0] = 0x80
        for i in 0..<8 {
            tail[tail.count - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))
        }
        tail.withUnsafeBytes { self.absorb($0) }
        precondition(pendingCount == 0)

        var digest = [UInt8]()
        digest.reserveCapacity(32)
        for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    public static func hash(_ data: Data) -> [UInt8] {
        var hasher = SHA256Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// Lowercase hex digest of `data`.
    public static func hex(_ data: Data) -> String {
        hexEncoded(hash(data))
    }

    /// Lowercase hex digest of the UTF-8 bytes of `string`.
    public static func hex(_ string: String) -> String {
        var hasher = SHA256Hasher()
        hasher.update(string)
        return hexEncoded(hasher.finalize())
    }

    // MARK: - Internals

    private mutating func absorb(_ input: UnsafeRawBufferPointer) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        totalLength &+= UInt64(input.count)
        var offset = 0
        let count = input.count

        // Top up a pending partial block first.
        if pendingCount > 0 {
            let take = min(64 - pendingCount, count)
            let filled = pendingCount
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress!.advanced(by: filled).copyMemory(from: base, byteCount: take)
            }
            pendingCount += take
            offset = take
            if pendingCount < 64 { return }
            var block = pending
            withUnsafeBytes(of: &block) { compress($0.baseAddress!, blocks: 1) }
            pendingCount = 0
        }

        // Whole blocks straight from the caller's buffer.
        let wholeBlocks = (count - offset) / 64
        if wholeBlocks > 0 {
            compress(base.advanced(by: offset), blocks: wholeBlocks)
            offset += wholeBlocks * 64
        }

        // Keep the remainder.
        let rest = count - offset
        if rest > 0 {
            withUnsafeMutableBytes(of: &pending) { block in
                block.baseAddress!.copyMemory(from: base.advanced(by: offset), byteCount: rest)
            }
            pendingCount = rest
        }
    }

    /// Compresses `blocks` consecutive 64-byte blocks starting at `p` into the state.
    private mutating func compress(_ p: UnsafeRawPointer, blocks: Int) {
        var s0 = h0
        var s1 = h1
        var s2 = h2
        var s3 = h3
        var s4 = h4
        var s5 = h5
        var s6 = h6
        var s7 = h7
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            sha256RoundConstants.withUnsafeBufferPointer { k in
                var block = p
                for _ in 0..<blocks {
                    for t in 0..<16 {
                        w[t] = block.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self).bigEndian
                    }
                    for t in 16..<64 {
                        let x = w[t &- 15]
                        let y = w[t &- 2]
                        let sigma0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
                        let sigma1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
                        w[t] = w[t &- 16] &+ sigma0 &+ w[t &- 7] &+ sigma1
                    }

                    var a = s0
                    var b = s1
                    var c = s2
                    var d = s3
                    var e = s4
                    var f = s5
                    var g = s6
                    var h = s7
                    for t in 0..<64 {
                        let bigSigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                        let ch = (e & f) ^ (~e & g)
                        let t1 = h &+ bigSigma1 &+ ch &+ k[t] &+ w[t]
                        let bigSigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                        let maj = (a & b) ^ (a & c) ^ (b & c)
                        let t2 = bigSigma0 &+ maj
                        h = g
                        g = f
                        f = e
                        e = d &+ t1
                        d = c
                        c = b
                        b = a
                        a = t1 &+ t2
                    }
                    s0 &+= a
                    s1 &+= b
                    s2 &+= c
                    s3 &+= d
                    s4 &+= e
                    s5 &+= f
                    s6 &+= g
                    s7 &+= h
                    block = block.advanced(by: 64)
                }
            }
        }
        h0 = s0
        h1 = s1
        h2 = s2
        h3 = s3
        h4 = s4
        h5 = s5
        h6 = s6
        h7 = s7
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

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
    (x >> n) | (x << (32 &- n))
}

/// First 32 bits of the fractional parts of the cube roots of the first 64 primes.
private let sha256RoundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
]
