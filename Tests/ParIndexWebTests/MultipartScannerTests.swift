import NIOCore
import Testing

@testable import ParIndexWeb

/// UP-2 / UP-10: uploads stream through `MultipartScanner`, which replaced MultipartKit's byte-at-a-time
/// parser (about 0.25 MB/s per core in debug builds; scripts/upload-load could not finish). Whatever
/// way the body is cut into chunks, the parts, their headers and their bytes come out the same, and
/// content that merely resembles the delimiter stays content.
@Suite struct MultipartScannerTests {
    static let boundary = "XyZ-boundary"
    static let tricky: [UInt8] = Array("%PDF-1.4\r\n--XyZ-bound\r\n-\r\r\n\r\n--XyZ-boundar".utf8) + [0, 13, 10, 255] + Array("tail".utf8)
    static let body: [UInt8] =
        Array("preamble\r\n--XyZ-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n".utf8)
        + Array("Content-Type: application/pdf\r\n\r\n".utf8) + tricky
        + Array("\r\n--XyZ-boundary\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nghi chú\r\n--XyZ-boundary--\r\nepilogue".utf8)

    func parse(_ body: [UInt8], chunk: Int) throws -> [(headers: [String], bytes: [UInt8])] {
        let scanner = MultipartScanner(boundary: Self.boundary)
        var parts: [(headers: [String], bytes: [UInt8])] = []
        var headers: [String] = []
        var bytes: [UInt8] = []
        scanner.onHeader = { headers.append("\($0.lowercased()): \($1)") }
        scanner.onBody = { bytes += $0.readBytes(length: $0.readableBytes) ?? [] }
        scanner.onPartComplete = {
            parts.append((headers, bytes))
            headers = []
            bytes = []
        }
        var offset = 0
        while offset < body.count {
            try scanner.execute(ByteBuffer(bytes: body[offset..<min(body.count, offset + chunk)]))
            offset += chunk
        }
        return parts
    }

    @Test(arguments: [1, 2, 3, 7, 13, 64, 100_000])
    func everyChunkingGivesTheSamePartsUP2(chunk: Int) throws {
        let parts = try parse(Self.body, chunk: chunk)
        #expect(parts.count == 2)
        #expect(parts.first?.headers == ["content-disposition: form-data; name=\"file\"; filename=\"a.pdf\"", "content-type: application/pdf"])
        #expect(parts.first?.bytes == Self.tricky)
        #expect(parts.last?.bytes == Array("ghi chú".utf8))
    }

    @Test func aBodyCutBeforeItsDelimiterCompletesNoPartUP10() throws {
        let cut = Array(Self.body.prefix(170))  // inside the file part's bytes
        #expect(try parse(cut, chunk: 50).isEmpty)
    }

    @Test func aHeaderLineWithoutColonIsRefusedUP2() {
        let body = Array("--XyZ-boundary\r\nnot a header\r\n\r\nx\r\n--XyZ-boundary--".utf8)
        #expect(throws: MultipartScanner.Failure.self) { try parse(body, chunk: 5) }
    }
}
