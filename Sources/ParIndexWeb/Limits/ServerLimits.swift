import NIOCore

/// Connection-level limits against slow and oversized requests (SECURITY.md A10). Values come from
/// `server.*` in Config/parindex.yaml through the composition root; tests set short ones.
public struct ServerLimits: Sendable, Equatable {
    /// Longest request target (path and query) the app answers; longer gets 414.
    public var maxURIBytes = 8 << 10
    /// Largest header set (names, values) the app answers; larger gets 431.
    public var maxHeaderBytes = 16 << 10
    public var maxHeaderCount = 100
    /// swift-nio's parser limits, the hard backstop above the app's: past these the parser fails,
    /// Hummingbird answers 400 and closes. NIO counts the URL as a header field.
    public var parserMaxFieldBytes = 64 << 10
    public var parserMaxHeaderBytes = 64 << 10
    public var parserMaxHeaderCount = 200
    /// A connection with no complete request part for this long is closed. Header bytes produce no
    /// part until the header block is complete, so this also bounds a slow header sender.
    public var idleTimeout: TimeAmount = .seconds(30)
    /// The head of each request must arrive within this time, counted from the connection's accept
    /// and then from each request's first bytes; bytes arriving do not extend it (decision 0030).
    public var headerTimeout: TimeAmount = .seconds(10)
    /// The whole body of one request must arrive within this time, however it trickles in
    /// (an idle timeout alone is reset by every byte); past it: 408 and the connection is closed.
    public var bodyTimeout: TimeAmount = .seconds(300)
    /// Open connections at most; further ones wait in the listen backlog.
    public var maxConnections = 512
    /// Connections the kernel holds for the server to accept. A client refused over its address's
    /// limit may reconnect hundreds of times a second; with the usual 256 the queue overflowed and
    /// other clients' connection attempts were dropped, each costing them a 1 s SYN retransmission
    /// (decision 0030). Linux caps it at `net.core.somaxconn` (4096 by default).
    public var listenBacklog = 1024
    /// Open connections from one client address at most; more are answered 429 and closed at once,
    /// so one client cannot take the whole cap (decision 0030). With `server.trustForwardedFor` the
    /// connections all come from the proxy: the limit then counts requests in progress per
    /// forwarded address instead. 0 turns it off.
    public var maxConnectionsPerAddress = 64

    public init() {}
}
