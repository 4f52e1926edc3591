import NIOCore
import NIOHTTPTypes

/// Bounds the time from a request's head to the end of its body (SECURITY.md A10, slowloris): a
/// client that trickles a body, resetting the idle timer with every byte, is answered 408 (when no
/// response has started) and disconnected once `timeout` has passed since the head arrived.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let timeout: TimeAmount
    private var deadline = HandlerDeadline()
    private var responding = false

    init(timeout: TimeAmount) { self.timeout = timeout }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            responding = false
            deadline.arm(self, context, in: timeout) { handler, context in handler.expired(context) }
        case .body:
            break
        case .end:
            deadline.disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .head = unwrapOutboundIn(data) { responding = true }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline.disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { deadline.disarm() }

    private func expired(_ context: ChannelHandlerContext) {
        deadline.disarm()
        guard context.channel.isActive else { return }
        if responding {
            context.close(promise: nil)
            return
        }
        RequestTimeout.answer(context)
    }
}
