import Logging
import NIOCore

/// First handler of every connection (SECURITY.md A10, decision 0030): a connection from an address
/// that already has its limit open is answered 429 with `Retry-After` and closed as soon as it is
/// accepted, before a byte of it is read, so one client holding many slow connections cannot take
/// the whole connection cap from everyone else. Refusals are logged once per burst.
final class ConnectionsPerAddressHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Written straight to the socket: no request has been read, so there is none to answer in HTTP terms.
    static let refusal = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 10\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"

    let connections: OpenPerAddress
    let logger: Logger
    /// The address this connection is counted against, once admitted.
    private var counted: String?
    private var refused = false

    init(connections: OpenPerAddress, logger: Logger) {
        self.connections = connections
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        guard let address = context.channel.remoteAddress?.ipAddress else {
            context.fireChannelActive()
            return
        }
        switch connections.admit(address) {
        case .admitted:
            counted = address
            context.fireChannelActive()
        case .refused(let notice):
            refused = true
            if let notice {
                logger.warning(
                    "connections refused: over the per-address limit",
                    metadata: [
                        "address": .string(address), "limit": .stringConvertible(connections.limit),
                        "refused": .stringConvertible(notice),
                    ]
                )
            }
            let answer = context.channel.allocator.buffer(string: Self.refusal)
            context.writeAndFlush(wrapOutboundOut(answer)).whenComplete { _ in context.close(promise: nil) }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A refused connection's bytes reach no parser.
        if !refused { context.fireChannelRead(data) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let counted { connections.release(counted) }
        counted = nil
        context.fireChannelInactive()
    }
}
