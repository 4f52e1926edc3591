import Hummingbird
import NIOCore
import ParIndexCore

/// The request context: carries the signed-in caller and how they signed in.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who is signed in, if anyone.
    public var caller: Caller?
    /// Set when the caller came in with the session cookie (writes then need the CSRF token).
    public var sessionId: String?
    public var csrfToken: String?
    /// The IP address of the connection's peer (nil when driven without a socket, as router tests
    /// are); the login throttle keys on it (SECURITY.md AU-6).
    public let peerAddress: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Evidence uploads stream their bodies; everything else is small JSON.
    public var maxUploadSize: Int { 1 << 20 }

    /// The signed-in caller, or `401`.
    public func requireCaller() throws -> Caller {
        guard let caller else { throw DomainError.unauthenticated }
        return caller
    }
}
