import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The answer of a deadline handler to a request that took too long: 408, then the connection closed.
enum RequestTimeout {
    /// Writes a bodiless 408 from `context` (a handler of HTTP parts) and closes once it is sent.
    static func answer(_ context: ChannelHandlerContext) {
        let head = HTTPResponse(status: .requestTimeout, headerFields: [.connection: "close", .contentLength: "0"])
        context.write(NIOAny(HTTPResponsePart.head(head)), promise: nil)
        context.writeAndFlush(NIOAny(HTTPResponsePart.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
