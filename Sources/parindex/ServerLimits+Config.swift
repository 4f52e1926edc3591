import Configuration
import NIOCore
import ParIndexWeb

extension ServerLimits {
    /// `server.idleTimeoutSeconds`, `server.headerTimeoutSeconds`, `server.bodyTimeoutSeconds`,
    /// `server.maxConnections`, `server.maxConnectionsPerAddress` (SECURITY.md A10).
    init(reading reader: ConfigReader) {
        self.init()
        idleTimeout = .seconds(Int64(reader.int(forKey: "server.idleTimeoutSeconds", default: 30)))
        headerTimeout = .seconds(Int64(reader.int(forKey: "server.headerTimeoutSeconds", default: 10)))
        bodyTimeout = .seconds(Int64(reader.int(forKey: "server.bodyTimeoutSeconds", default: 300)))
        maxConnections = reader.int(forKey: "server.maxConnections", default: 512)
        maxConnectionsPerAddress = max(0, reader.int(forKey: "server.maxConnectionsPerAddress", default: 64))
    }
}

extension LoginThrottleSettings {
    /// `auth.addressMaxFailures`, `auth.addressWindowSeconds`, `server.trustForwardedFor` (SECURITY.md AU-6).
    init(reading reader: ConfigReader) {
        self.init()
        maxFailures = reader.int(forKey: "auth.addressMaxFailures", default: 30)
        window = Double(reader.int(forKey: "auth.addressWindowSeconds", default: 300))
        trustForwardedFor = reader.bool(forKey: "server.trustForwardedFor", default: false)
    }
}

extension WriteBudgetSettings {
    /// `server.writesPerMinute` (SECURITY.md IV-6); 0 turns the budget off.
    init(reading reader: ConfigReader) {
        self.init(writesPerMinute: reader.int(forKey: "server.writesPerMinute", default: 600))
    }
}
