import Foundation
import Hummingbird
import NIOCore
import ParIndexCore
import ParIndexFormats

/// Streams a `multipart/form-data` body into evidence uploads: each `file` part goes straight to a
/// temporary file while its SHA-256 is computed, so no file is ever held in memory. `MultipartScanner`
/// parses with synchronous callbacks; writes are synchronous too, so they happen in the callbacks.
final class MultipartReceiver {
    struct ReceivedFile {
        var filename: String
        var upload: any EvidenceUpload
    }

    let storage: any EvidenceStorage
    let maxFileBytes: Int64
    let maxFiles: Int

    private(set) var files: [ReceivedFile] = []
    private var headers: [(String, String)] = []
    private var current: ReceivedFile?
    private var inPart = false
    private var fieldBytes = 0
    private var failure: Error?

    init(storage: any EvidenceStorage, maxFileBytes: Int64, maxFiles: Int = 20) {
        self.storage = storage
        self.maxFileBytes = maxFileBytes
        self.maxFiles = maxFiles
    }

    /// Reads the whole body, then checks that it ended cleanly (a body cut off inside a part
    /// leaves that part open).
    func receive(_ body: RequestBody, boundary: String) async throws {
        let parser = MultipartScanner(boundary: boundary)
        parser.onHeader = { [unowned self] name, value in
            if !self.inPart {
                self.inPart = true
                self.headers = []
            }
            self.headers.append((name.lowercased(), value))
        }
        parser.onBody = { [unowned self] buffer in self.body(&buffer) }
        parser.onPartComplete = { [unowned self] in self.partComplete() }
        do {
            for try await chunk in body {
                try parser.execute(chunk)
                if let failure { throw failure }
            }
        } catch {
            discardAll()
            throw (error as? DomainError) ?? DomainError.badRequest("malformed_multipart", "Nội dung multipart không hợp lệ hoặc bị ngắt giữa chừng.")
        }
        guard !inPart, current == nil, !files.isEmpty else {
            discardAll()
            throw DomainError.badRequest(
                "malformed_multipart",
                files.isEmpty && !inPart ? "Không có tệp nào trong trường \"file\"." : "Nội dung multipart bị ngắt giữa chừng."
            )
        }
    }

    private func startPartIfNeeded() {
        guard current == nil, failure == nil else { return }
        let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
        guard Self.parameter("name", in: disposition) == "file", let filename = Self.filename(in: disposition) else { return }
        guard files.count < maxFiles else {
            failure = DomainError.invalid("too_many_files", "Mỗi lần tải lên tối đa \(maxFiles) tệp.")
            return
        }
        do {
            current = ReceivedFile(filename: EvidenceFileType.cleanFilename(filename), upload: try storage.beginUpload())
        } catch {
            failure = error
        }
    }

    private func body(_ buffer: inout ByteBuffer) {
        guard failure == nil else { return }
        startPartIfNeeded()
        guard let current else {
            // A plain form field: small, and not kept.
            fieldBytes += buffer.readableBytes
            if fieldBytes > 64 << 10 { failure = DomainError(.tooLarge, "too_large", "Trường dữ liệu quá lớn.") }
            return
        }
        if current.upload.byteCount + Int64(buffer.readableBytes) > maxFileBytes {
            failure = DomainError(
                .tooLarge,
                "file_too_large",
                "Tệp \"\(current.filename)\" vượt quá giới hạn \(maxFileBytes / (1 << 20)) MiB.",
                details: ["maxBytes": .number(String(maxFileBytes))]
            )
            return
        }
        do {
            try buffer.withUnsafeReadableBytes { try current.upload.write($0) }
        } catch {
            failure = error
        }
    }

    private func partComplete() {
        startPartIfNeeded()  // an empty file has no body callback
        if let current { files.append(current) }
        current = nil
        inPart = false
        headers = []
    }

    /// Removes every temporary file (committed files are kept by `commit`).
    func discardAll() {
        current?.upload.discard()
        current = nil
        for file in files { file.upload.discard() }
    }

    static func parameter(_ name: String, in header: String) -> String? {
        parameters(header).first { $0.name == name }?.value
    }

    /// The `name=value` pairs after the first `;`, reading quoted values whole: a `;` inside quotes
    /// belongs to the value ("Báo cáo; quý 1.pdf"), and `\"` inside quotes is a quote (RFC 6266/7578).
    static func parameters(_ header: String) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        var index = header.firstIndex(of: ";") ?? header.endIndex
        while index < header.endIndex {
            index = header.index(after: index)
            let nameEnd = header[index...].firstIndex { $0 == "=" || $0 == ";" } ?? header.endIndex
            let name = header[index..<nameEnd].trimmingCharacters(in: .whitespaces).lowercased()
            index = nameEnd
            guard index < header.endIndex, header[index] == "=" else { continue }
            index = header.index(after: index)
            while index < header.endIndex, header[index] == " " { index = header.index(after: index) }
            var value = ""
            if index < header.endIndex, header[index] == "\"" {
                index = header.index(after: index)
                while index < header.endIndex, header[index] != "\"" {
                    if header[index] == "\\", header.index(after: index) < header.endIndex { index = header.index(after: index) }
                    value.append(header[index])
                    index = header.index(after: index)
                }
                if index < header.endIndex { index = header.index(after: index) }
                index = header[index...].firstIndex(of: ";") ?? header.endIndex
            } else {
                let end = header[index...].firstIndex(of: ";") ?? header.endIndex
                value = header[index..<end].trimmingCharacters(in: .whitespaces)
                index = end
            }
            if !name.isEmpty { pairs.append((name, value)) }
        }
        return pairs
    }

    /// `filename*=UTF-8''…` (RFC 5987) wins over `filename="…"`; browsers send raw UTF-8 in the latter.
    static func filename(in header: String) -> String? {
        if let extended = parameter("filename*", in: header), extended.lowercased().hasPrefix("utf-8''") {
            return String(extended.dropFirst(7)).removingPercentEncoding
        }
        return parameter("filename", in: header)
    }
}
