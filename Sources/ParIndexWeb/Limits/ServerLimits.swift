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
    /// The whole body of one request must arrive within this time, however it trickles in
    /// (an idle timeout alone is reset by every byte); past it: 408 and the connection is closed.
    public var bodyTimeout: TimeAmount = .seconds(300)
    /// Open connections at most; further ones wait in the listen backlog.
    public var maxConnections = 512

    public init() {}
}
