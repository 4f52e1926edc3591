import CZlibShim
import NIOCore

/// gzip (RFC 1952) through the system zlib, which writes the member's header and its CRC-32
/// trailer itself (window bits 16 + 15).
enum Gzip {
    /// `bytes` as one gzip member.
    static func compress(_ bytes: ByteBuffer, level: Int32 = 6) -> ByteBuffer {
        // zlib keeps a pointer back to its `z_stream` and checks it, so the stream must never move.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Only a wrong argument or no memory fails here; neither is a state a page can recover from.
        precondition(parindex_deflate_init_gzip(stream, level) == Z_OK, "zlib deflateInit2 failed")
        defer {
            deflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        var input = Array(buffer: bytes)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, UInt(input.count))))
        let produced = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_in = source.baseAddress
                stream.pointee.avail_in = UInt32(source.count)
                stream.pointee.next_out = target.baseAddress
                stream.pointee.avail_out = UInt32(target.count)
                // deflateBound leaves room for all of it, so one call ends the stream.
                precondition(deflate(stream, Z_FINISH) == Z_STREAM_END, "zlib deflate failed")
                return target.count - Int(stream.pointee.avail_out)
            }
        }
        return ByteBuffer(bytes: output[0..<produced])
    }
}
