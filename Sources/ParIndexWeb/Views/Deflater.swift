import CZlibShim
import NIOCore

/// A raw deflate stream (RFC 1951) over the system zlib, fed piece by piece. `SlottedPage` needs
/// the stream's flush points, which a one-shot compressor does not give.
final class Deflater {
    /// zlib keeps a pointer back to its `z_stream` and checks it, so the stream must never move.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)

    init(level: Int32 = 6) {
        stream.initialize(to: z_stream())
        // Only a wrong argument or no memory fails here; neither is a state a page can recover from.
        precondition(parindex_deflate_init(stream, level) == Z_OK, "zlib deflateInit2 failed")
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    enum Flush {
        case none, sync, full, finish

        var zlib: Int32 {
            switch self {
            case .none: Z_NO_FLUSH
            case .sync: Z_SYNC_FLUSH
            case .full: Z_FULL_FLUSH
            case .finish: Z_FINISH
            }
        }
    }

    /// Compresses `input` and appends what zlib gives out to `output`. `.sync` ends on a byte boundary
    /// with every byte so far decodable; `.full` also forgets the history, so later bytes never
    /// refer back past this point; `.finish` ends the stream.
    func write(_ input: some Collection<UInt8>, flush: Flush, to output: inout [UInt8]) {
        var bytes = Array(input)
        bytes.withUnsafeMutableBufferPointer { source in
            stream.pointee.next_in = source.baseAddress
            stream.pointee.avail_in = UInt32(source.count)
            while true {
                let (status, produced) = buffer.withUnsafeMutableBufferPointer { target in
                    stream.pointee.next_out = target.baseAddress
                    stream.pointee.avail_out = UInt32(target.count)
                    let status = deflate(stream, flush.zlib)
                    return (status, target.count - Int(stream.pointee.avail_out))
                }
                // Z_BUF_ERROR only says there was nothing left to do (a repeated flush).
                precondition(status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR, "zlib deflate failed")
                output.append(contentsOf: buffer[0..<produced])
                // A full output buffer may hide more; anything else means zlib is done with this call.
                if produced < buffer.count || status == Z_STREAM_END { break }
            }
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
    }

    /// gzip's member header: magic, deflate, no flags, no time, no extra flags, unknown OS.
    static let gzipHeader: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255]

    /// A whole gzip member (RFC 1952) of `bytes`, compressed in one go.
    static func gzip(_ bytes: ByteBuffer) -> ByteBuffer {
        let input = Array(buffer: bytes)
        var deflated = gzipHeader
        Deflater().write(input, flush: .finish, to: &deflated)
        var out = ByteBuffer(bytes: deflated)
        out.writeInteger(UInt32(truncatingIfNeeded: crc32(input)), endianness: .little)
        out.writeInteger(UInt32(truncatingIfNeeded: input.count), endianness: .little)
        return out
    }

    /// CRC-32 as gzip's trailer needs it.
    static func crc32(_ bytes: some Collection<UInt8>) -> UInt {
        Array(bytes).withUnsafeBufferPointer { UInt(CZlibShim.crc32(0, $0.baseAddress, UInt32($0.count))) }
    }

    /// The operator that appends a piece of `length` bytes to a running CRC (`combine`).
    static func crcOperator(length: Int) -> UInt { UInt(crc32_combine_gen(Int(length))) }

    /// The CRC of `first` followed by a piece whose own CRC is `second`, given the piece's operator.
    static func combine(_ first: UInt, _ second: UInt, _ op: UInt) -> UInt { UInt(crc32_combine_op(first, second, op)) }
}
