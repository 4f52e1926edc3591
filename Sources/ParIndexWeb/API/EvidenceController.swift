import Foundation
import HTTPTypes
import Hummingbird
import ParIndexCore
import ParIndexFormats

/// Evidence: streamed uploads (or document references), authorised downloads, deletion.
struct EvidenceController {
    let services: Services
    let storage: any EvidenceStorage
    let maxFileBytes: Int64

    func addRoutes(to routes: RouteTable) {
        routes.on(.post, AssessmentController.base + "/items/:criterion/evidence", .roles([.unit]), upload)
        routes.on(.get, "/api/v1/evidence/:id", .signedIn, download)
        routes.on(.delete, "/api/v1/evidence/:id", .roles([.unit]), delete)
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let cycle = try context.parameter("cycle")
        let unit = try context.parameter("unit")
        let criterion = try context.parameter("criterion")
        let type = request.headers[.contentType] ?? ""

        if type.lowercased().hasPrefix("application/json") {
            let body = try await JSON.body(ReferenceBody.self, request, context: context, limit: 64 << 10)
            let evidence = try await services.evidence.addReference(
                cycle: cycle,
                unit: unit,
                criterion: criterion,
                .init(title: body.title, documentNumber: body.documentNumber, issuedOn: body.issuedOn, url: body.url),
                by: caller
            )
            return try JSON.response([EvidenceAnswer(evidence)], status: .created)
        }
        guard type.lowercased().hasPrefix("multipart/form-data"), let boundary = MultipartReceiver.parameter("boundary", in: type),
            !boundary.isEmpty, boundary.count <= 200
        else {
            throw DomainError(
                .unsupportedMediaType,
                "unsupported_media_type",
                "Tải tệp lên bằng multipart/form-data, hoặc gửi JSON cho văn bản tham chiếu."
            )
        }
        let policy = services.uploads
        // Refuse before reading a single byte when the caller may not attach here now.
        try await services.evidence.checkCanAttach(cycle: cycle, unit: unit, criterion: criterion, by: caller)
        let receiver = MultipartReceiver(storage: storage, maxFileBytes: maxFileBytes)
        try await receiver.receive(request.body, boundary: boundary)
        defer { receiver.discardAll() }

        // Check every file before keeping any (`UploadPolicy`).
        var accepted: [(filename: String, type: UploadedFileType, sha256: String, size: Int64, upload: any EvidenceUpload)] = []
        for file in receiver.files {
            let fileType = try policy.type(filename: file.filename, head: file.upload.head)
            let (sha256, size) = try file.upload.finish()
            try policy.check(fileAt: file.upload.temporaryPath, type: fileType, filename: file.filename) { name in
                context.logger.warning(
                    "security event: infected upload refused",
                    metadata: [
                        "user": .string(caller.username), "unit": .string(LogText.safe(unit)), "signature": .string(LogText.safe(name)),
                        "filename": .string(LogText.safe(file.filename)), "sha256": .string(sha256),
                    ]
                )
            }
            accepted.append((file.filename, fileType, sha256, size, file.upload))
        }
        // Over the unit's quota: refused before any file is kept (SECURITY.md UP-6).
        try await services.evidence.checkQuota(cycle: cycle, unit: unit, adding: accepted.map(\.size), by: caller)
        var saved: [EvidenceAnswer] = []
        for file in accepted {
            try file.upload.commit()  // bytes are fsynced and renamed before the row exists
            do {
                let evidence = try await services.evidence.addFile(
                    cycle: cycle,
                    unit: unit,
                    criterion: criterion,
                    filename: file.filename,
                    size: file.size,
                    sha256: file.sha256,
                    contentType: file.type.contentType,
                    by: caller
                )
                saved.append(EvidenceAnswer(evidence))
            } catch {
                try? await removeIfUnreferenced(file.sha256)
                throw error
            }
        }
        return try JSON.response(saved, status: .created)
    }

    /// After a failed insert, a freshly stored file that no row uses is removed again.
    func removeIfUnreferenced(_ sha256: String) async throws {
        guard try await services.evidence.isUnreferenced(sha256: sha256), let path = storage.path(sha256: sha256) else { return }
        try FileManager.default.removeItem(atPath: path)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (evidence, _, _, _) = try await services.evidence.find(try context.parameter("id"), by: context.requireCaller())
        return try await file(evidence, inline: false, context: context)
    }

    /// The bytes of an evidence file, checked against their recorded hash: as an attachment, or
    /// (`inline`, PDFs and images only) shown by the browser, sandboxed by its content security policy.
    func file(_ evidence: Evidence, inline: Bool, context: AppRequestContext) async throws -> Response {
        guard evidence.kind == .file, let sha = evidence.sha256, let path = storage.path(sha256: sha) else {
            throw DomainError.notFound("tệp tài liệu")
        }
        // The bytes must still be the ones the unit uploaded (UP-11): altered or damaged files are
        // refused with a 500 and a reference (the error middleware adds and logs it), never served.
        // Files are content-addressed and never rewritten, so hashing before sending is enough.
        let actual = try storage.contentSHA256(path: path)
        guard actual == sha else {
            context.logger.critical(
                "evidence integrity mismatch",
                metadata: ["evidence": .string(evidence.id), "recorded": .string(sha), "actual": .string(actual)]
            )
            throw DomainError(
                .internalFailure,
                "evidence_integrity_failed",
                "Tệp tài liệu đã bị thay đổi hoặc hỏng nên không được tải xuống. Vui lòng báo quản trị viên."
            )
        }
        let body = try await FileIO().loadFile(path: path, context: context)
        let shown = inline && InlineEvidence.opensInline(evidence.contentType)
        let name = evidence.filename ?? "tai-lieu"
        var headers: HTTPFields = [
            .contentType: evidence.contentType ?? "application/octet-stream",
            .contentDisposition: shown ? ContentDisposition.inline(name) : ContentDisposition.attachment(name),
            .cacheControl: "private, no-store",
        ]
        if shown { headers[.contentSecurityPolicy] = SecurityHeaders.sandboxed }
        if let size = evidence.size { headers[.contentLength] = String(size) }
        return Response(status: .ok, headers: headers, body: body)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await services.evidence.delete(try context.parameter("id"), by: context.requireCaller())
        return Response(status: .noContent)
    }
}
