import Foundation
import ParIndexCore

/// An image's width and height read from its header alone — the PNG IHDR chunk, or a JPEG's SOFn
/// frame header found by walking the markers — so a pixel flood (a few bytes claiming gigapixels)
/// is refused before anything could decode it (SECURITY.md UP-5). Nothing here decodes pixels.
public struct ImageDimensions: Sendable, Equatable {
    public var width: Int64
    public var height: Int64
    public var pixels: Int64 { width * height }

    /// Refuses (422) a PNG or JPEG over `EvidenceFileType.maxImagePixels`, or one whose header
    /// does not say its size (no decoder could show it either). Other types pass untouched.
    public static func check(fileAt path: String, type: EvidenceFileType, filename: String) throws {
        guard type.contentType == "image/png" || type.contentType == "image/jpeg" else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw DomainError.internalFailure() }
        defer { try? handle.close() }
        let size = type.contentType == "image/png" ? try png(handle) : try jpeg(handle)
        guard let size else {
            throw DomainError.invalid("image_unreadable", "Không đọc được kích thước ảnh \"\(filename)\"; tệp ảnh có thể bị hỏng.")
        }
        guard size.pixels <= EvidenceFileType.maxImagePixels else {
            throw DomainError.invalid(
                "image_too_large",
                "Ảnh \"\(filename)\" có \(size.width) × \(size.height) điểm ảnh, vượt giới hạn \(EvidenceFileType.maxImagePixels / 1_000_000) megapixel.",
                details: ["width": .number(String(size.width)), "height": .number(String(size.height))]
            )
        }
    }

    /// PNG: the signature (8), then IHDR's length (4) and type (4), then width and height (4 + 4).
    static func png(_ handle: FileHandle) throws -> ImageDimensions? {
        let head = [UInt8](try handle.read(upToCount: 24) ?? Data())
        guard head.count == 24, Array(head[12..<16]) == Array("IHDR".utf8) else { return nil }
        return ImageDimensions(width: bigEndian(head[16..<20]), height: bigEndian(head[20..<24]))
    }

    /// JPEG: markers from offset 2; each segment says its length, so only headers are read. The
    /// first SOFn (C0–CF except DHT C4, JPG C8, DAC CC) holds precision, height, width.
    static func jpeg(_ handle: FileHandle) throws -> ImageDimensions? {
        var offset: UInt64 = 2
        for _ in 0..<10_000 {  // bounded: a hostile file cannot keep us walking
            try handle.seek(toOffset: offset)
            let header = [UInt8](try handle.read(upToCount: 9) ?? Data())
            guard header.count >= 2, header[0] == 0xFF else { return nil }
            let marker = header[1]
            if marker == 0xFF {  // fill byte before a marker
                offset += 1
                continue
            }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) {  // markers without a length
                offset += 2
                continue
            }
            if marker == 0xD9 || marker == 0xDA { return nil }  // end of image or scan data before any frame header
            guard header.count >= 4 else { return nil }
            let length = UInt64(bigEndian(header[2..<4]))
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                guard header.count == 9 else { return nil }
                return ImageDimensions(width: bigEndian(header[7..<9]), height: bigEndian(header[5..<7]))
            }
            guard length >= 2 else { return nil }
            offset += 2 + length
        }
        return nil
    }

    static func bigEndian(_ bytes: ArraySlice<UInt8>) -> Int64 {
        bytes.reduce(0) { $0 << 8 | Int64($1) }
    }
}
