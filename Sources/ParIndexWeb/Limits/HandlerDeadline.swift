import NIOCore

/// One pending deadline of a channel handler, run on the handler's event loop when it passes.
struct HandlerDeadline {
    private var scheduled: Scheduled<Void>?

    var isArmed: Bool { scheduled != nil }

    /// (Re)starts the deadline: `expired` runs with `handler` and `context` once `timeout` has passed.
    mutating func arm<Handler: AnyObject>(
        _ handler: Handler,
        _ context: ChannelHandlerContext,
        in timeout: TimeAmount,
        expired: @escaping (Handler, ChannelHandlerContext) -> Void
    ) {
        disarm()
        let loopBound = NIOLoopBound((handler, context, expired), eventLoop: context.eventLoop)
        scheduled = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context, expired) = loopBound.value
            expired(handler, context)
        }
    }

    /// Cancels a pending deadline; also marks one that has run as no longer armed.
    mutating func disarm() {
        scheduled?.cancel()
        scheduled = nil
    }
}
