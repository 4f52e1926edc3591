import HTTPTypes
import Hummingbird
import ParIndexCore

/// Refuses over-long URLs (414) and oversized header sets (431) in the contract's error shape,
/// before routing (SECURITY.md A10). These bounds sit below swift-nio's parser limits
/// (`ServerLimits.parser*`): a request past those never reaches the app; NIO's parser fails and
/// Hummingbird answers a bare 400 and closes the connection.
struct RequestLimitsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limits: ServerLimits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let target = request.head.path ?? ""
        guard target.utf8.count <= limits.maxURIBytes else {
            throw DomainError(.uriTooLong, "uri_too_long", "Địa chỉ yêu cầu dài quá \(limits.maxURIBytes) byte.")
        }
        var bytes = 0
        for field in request.headers { bytes += field.name.rawName.utf8.count + field.value.utf8.count + 4 }
        guard request.headers.count <= limits.maxHeaderCount, bytes <= limits.maxHeaderBytes else {
            throw DomainError(
                .headersTooLarge,
                "headers_too_large",
                "Phần đầu yêu cầu quá lớn (tối đa \(limits.maxHeaderCount) trường, \(limits.maxHeaderBytes / 1024) KiB)."
            )
        }
        return try await next(request, context)
    }
}
