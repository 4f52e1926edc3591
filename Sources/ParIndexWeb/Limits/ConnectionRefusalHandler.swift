import NIOCore

/// The whole pipeline of a connection refused over its address's limit (decision 0030): once the
/// connection is active it is answered 429 with `Retry-After` and closed. Nothing it sends is read
/// by any parser; no request has been read, so the answer is written as it goes on the wire.
final class ConnectionRefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let answer = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 10\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"

    func channelActive(context: ChannelHandlerContext) {
        let answer = context.channel.allocator.buffer(string: Self.answer)
        context.writeAndFlush(wrapOutboundOut(answer)).whenComplete { _ in context.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
