import Foundation
import Hummingbird
import NIOCore
import ParIndexCore

/// An import form: its text fields (`T`) and, when sent as `multipart/form-data`, its files. The
/// body is read whole within the route's limit; the text parts decode through the same
/// `URLEncodedFormDecoder` as a URL-encoded form, so both encodings give the same `T`.
struct UploadForm<T: SignedForm> {
    let fields: T
    var files: [String: Data] = [:]

    /// An uploaded file if one was chosen, else the textarea's text; nil when both are empty.
    func upload(file: String, text: String?) -> Data? {
        if let data = files[file], !data.isEmpty { return data }
        let text = text ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : Data(text.utf8)
    }

    /// The form, refused as not trusted unless its token is the session's (SECURITY.md CS-1).
    static func read(_ request: Request, context: AppRequestContext, limit: Int) async throws -> UploadForm {
        let type = request.headers[.contentType] ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data"), let boundary = MultipartReceiver.parameter("boundary", in: type) else {
            return UploadForm(fields: try await Form.decode(T.self, request, context: context, limit: limit))
        }
        let (pairs, files) = try Form.multipart(try await JSON.collect(request, limit: limit), boundary: boundary)
        let fields = try decode(pairs)
        try Form.requireCSRF(fields.csrf, context)
        return UploadForm(fields: fields, files: files)
    }

    /// Text parts as `T`, through the decoder a URL-encoded body goes through; refused as not
    /// trusted when they do not decode or a part is sent twice (as a URL-encoded field would be).
    static func decode(_ pairs: [(String, String)]) throws -> T {
        let texts = try Dictionary(pairs, uniquingKeysWith: { _, _ in throw Form.expired })
        guard let fields = try? URLEncodedFormDecoder().decode(T.self, from: URLEncodedFormEncoder().encode(texts)) else {
            throw Form.expired
        }
        return fields
    }
}

extension Form {
    /// A whole multipart body held in memory: text parts become fields, parts with a filename
    /// become files (an empty file input sends an empty part, which is ignored).
    static func multipart(_ data: Data, boundary: String) throws -> ([(String, String)], [String: Data]) {
        final class Collector {
            var pairs: [(String, String)] = []
            var files: [String: Data] = [:]
            var headers: [(String, String)] = []
            var body = Data()
            func complete() {
                let disposition = headers.first { $0.0 == "content-disposition" }?.1 ?? ""
                if let name = MultipartReceiver.parameter("name", in: disposition) {
                    if disposition.range(of: "filename", options: .caseInsensitive) != nil {
                        if !body.isEmpty { files[name] = body }
                    } else {
                        pairs.append((name, String(decoding: body, as: UTF8.self)))
                    }
                }
                headers = []
                body = Data()
            }
        }
        let collector = Collector()
        let parser = MultipartScanner(boundary: boundary)
        parser.onHeader = { name, value in collector.headers.append((name.lowercased(), value)) }
        parser.onBody = { buffer in collector.body.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = { collector.complete() }
        // A form cut off before its closing boundary is refused rather than imported in part.
        guard (try? parser.execute(ByteBuffer(data: data))) != nil, parser.isFinished else {
            throw DomainError.badRequest("malformed_multipart", "Nội dung biểu mẫu không hợp lệ.")
        }
        return (collector.pairs, collector.files)
    }
}
