import Hummingbird

/// The client a request comes from: the connection's peer; behind a proxy we run (and only then),
/// the address that proxy saw, the last `X-Forwarded-For` entry (the one it added).
enum ClientAddress {
    static func of(_ request: Request, _ context: AppRequestContext, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = request.headers[.xForwardedFor],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return String(last.prefix(64))
        }
        // Router tests have no socket: they all share one bucket.
        return context.peerAddress ?? "unknown"
    }
}
