import Hummingbird
import Logging
import ParIndexCore

/// Settings the web layer needs, read by the composition root from `Config/parindex.yaml`,
/// `PARINDEX_*` variables and flags.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var evidenceDirectory: String
    public var maxUploadBytes: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, evidenceDirectory: String = "var/evidence", maxUploadBytes: Int = 50 << 20) {
        self.host = host
        self.port = port
        self.evidenceDirectory = evidenceDirectory
        self.maxUploadBytes = maxUploadBytes
    }
}

/// Builds the HTTP application over the domain services. The one place routes are wired.
public func buildApplication(services: Services, configuration: WebConfiguration, logger: Logger) -> some ApplicationProtocol {
    let router = buildRouter(services: services, configuration: configuration)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ParIndex"),
        logger: logger
    )
}

/// The router alone, for tests that drive it without sockets.
public func buildRouter(services: Services, configuration: WebConfiguration) -> Router<BasicRequestContext> {
    let router = Router()
    HealthController().addRoutes(to: router)
    return router
}
