import HummingbirdCore
import Logging
import NIOCore

/// A child channel as `inner` sets it up, unless its client address already has its limit of
/// connections open (SECURITY.md A10, decision 0030): then its only handler is
/// `ConnectionRefusalHandler`, which answers 429 and closes as soon as it is accepted. One client
/// holding many slow connections so cannot take the whole connection cap from everyone else, and a
/// refused connection costs no HTTP pipeline and no request task. Refusals are logged once per burst.
struct AddressLimitedChannel<Inner: ServerChildChannel>: ServerChildChannel {
    enum Value: ServerChildChannelValue {
        case admitted(Inner.Value)
        case refused(any Channel)

        var channel: any Channel {
            switch self {
            case .admitted(let value): value.channel
            case .refused(let channel): channel
            }
        }
    }

    let inner: Inner
    /// Nil: no limit per address (off, or behind our own proxy, where `RequestsPerAddressMiddleware` limits).
    let connections: OpenPerAddress?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        // An accepted socket knows its peer before it is registered: the check precedes all set-up.
        guard let connections, let address = channel.remoteAddress?.ipAddress else {
            return inner.setup(channel: channel, logger: logger).map { .admitted($0) }
        }
        switch connections.admit(address) {
        case .admitted:
            channel.closeFuture.whenComplete { _ in connections.release(address) }
            return inner.setup(channel: channel, logger: logger).map { .admitted($0) }
        case .refused(let notice):
            if let notice {
                logger.warning(
                    "connections refused: over the per-address limit",
                    metadata: [
                        "address": .string(address), "limit": .stringConvertible(connections.limit),
                        "refused": .stringConvertible(notice),
                    ]
                )
            }
            return channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ConnectionRefusalHandler())
                return .refused(channel)
            }
        }
    }

    func handle(value: Value, logger: Logger) async {
        if case .admitted(let value) = value { await inner.handle(value: value, logger: logger) }
    }
}
