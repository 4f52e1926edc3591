import Hummingbird
import ParIndexCore

/// Behind our own reverse proxy every connection comes from the proxy, so the per-address
/// connection limit cannot tell clients apart there. With `server.trustForwardedFor` this counts
/// the requests in progress per forwarded address instead, against the same limit, and answers one
/// over it 429 with `Retry-After` (SECURITY.md A10, decision 0030). Refusals are logged once per burst.
struct RequestsPerAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let requests: OpenPerAddress

    /// Seconds a refused client is asked to wait: requests in progress end within seconds.
    static let retryAfter = 5

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let address = ClientAddress.of(request, context, trustForwardedFor: true)
        if case .refused(let notice) = requests.admit(address) {
            if let notice {
                context.logger.warning(
                    "requests refused: over the per-address limit",
                    metadata: [
                        "address": .string(LogText.safe(address)), "limit": .stringConvertible(requests.limit),
                        "refused": .stringConvertible(notice),
                    ]
                )
            }
            throw DomainError(
                .tooManyRequests,
                "too_many_requests",
                "Địa chỉ này đang có quá nhiều yêu cầu cùng lúc; hãy thử lại sau \(Self.retryAfter) giây.",
                details: ["retryAfter": .number(String(Self.retryAfter))]
            )
        }
        defer { requests.release(address) }
        return try await next(request, context)
    }
}
