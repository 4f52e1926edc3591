import Configuration
import NIOCore
import ParIndexWeb

extension ServerLimits {
    /// `server.idleTimeoutSeconds`, `server.bodyTimeoutSeconds`, `server.maxConnections` (reliability A10).
    init(reading reader: ConfigReader) {
        self.init()
        idleTimeout = .seconds(Int64(reader.int(forKey: "server.idleTimeoutSeconds", default: 30)))
        bodyTimeout = .seconds(Int64(reader.int(forKey: "server.bodyTimeoutSeconds", default: 300)))
        maxConnections = reader.int(forKey: "server.maxConnections", default: 512)
    }
}
