import HummingbirdCore
import Logging
import NIOCore

/// HTTP/1 as Hummingbird serves it, but each connection's task prefers `RequestExecutor` for its
/// whole life (decision 0014), so the handler, its awaits and their resumptions run there and not
/// on Swift's cooperative pool.
struct RequestExecutorChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(RequestExecutor.shared) {
            await inner.handle(value: value, logger: logger)
        }
    }
}
