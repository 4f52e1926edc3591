import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Bounds the time a request's head may take (SECURITY.md A10, slowloris, decision 0030): from the
/// connection's accept, and for each later request from its first bytes, to the end of its head.
/// Bytes arriving do not move the deadline, so a client trickling a header a byte at a time is cut
/// off at `timeout` however steadily it sends. Past it: 408 and closed when some of a head had
/// arrived; closed in silence when nothing had (a connection opened and never used).
///
/// It sits after the HTTP decoder, which passes on a read's completion even when the bytes read
/// made no request part yet: such a read, between requests, is the start of the next head.
final class HeaderDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let timeout: TimeAmount
    private var deadline = HandlerDeadline()
    /// Between a request's head and its end, and between a response's head and its end.
    private var requestOpen = false
    private var responseOpen = false
    /// Bytes of the awaited head have arrived (a read completed while it was awaited).
    private var headStarted = false
    /// The current read delivered a request part.
    private var partThisRead = false
    /// Bytes arrived while a request or response was still open: the next head starts when both end.
    private var bytesWhileBusy = false

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partThisRead = true
        switch unwrapInboundIn(data) {
        case .head:
            deadline.disarm()
            requestOpen = true
        case .body:
            break
        case .end:
            requestOpen = false
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if deadline.isArmed {
            headStarted = true
        } else if !partThisRead {
            if requestOpen || responseOpen {
                bytesWhileBusy = true
            } else {
                arm(context)
                headStarted = true
            }
        }
        partThisRead = false
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head:
            responseOpen = true
        case .body:
            break
        case .end:
            responseOpen = false
            if bytesWhileBusy && !requestOpen {
                bytesWhileBusy = false
                arm(context)
                headStarted = true
            }
        }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline.disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { deadline.disarm() }

    private func arm(_ context: ChannelHandlerContext) {
        headStarted = false
        deadline.arm(self, context, in: timeout) { handler, context in handler.expired(context) }
    }

    private func expired(_ context: ChannelHandlerContext) {
        deadline.disarm()
        guard context.channel.isActive else { return }
        if headStarted {
            RequestTimeout.answer(context)
        } else {
            context.close(promise: nil)
        }
    }
}
