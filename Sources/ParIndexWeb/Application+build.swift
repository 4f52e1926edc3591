import Hummingbird
import HummingbirdCore
import Logging
import ParIndexCore

/// Settings the web layer needs, read by the composition root from `Config/parindex.yaml`,
/// `PARINDEX_*` variables and flags.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var maxUploadBytes: Int
    /// Prometheus text for `/metrics`; nil turns the route off.
    public var metrics: (@Sendable () -> String)?
    /// Static assets (CSS, JS) served at the site root.
    public var publicDirectory: String = "Public"
    /// Connection, header, URL and slow-client limits (SECURITY.md A10).
    public var limits = ServerLimits()
    /// Refused sign-ins per client address (SECURITY.md AU-6).
    public var loginThrottle = LoginThrottleSettings()
    /// Changes per signed-in account per minute (SECURITY.md IV-6).
    public var writeBudget = WriteBudgetSettings()
    /// Memory for assessments kept rendered between changes (decision 0009); 0 keeps none.
    public var renderCacheBytes = 256 << 20
    /// The issuer printed at the top of receipts, score cards and council records.
    public var documents = DocumentIssuer()
    /// How mail is configured, shown on the admin's mail page.
    public var mail = MailStatus()

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxUploadBytes: Int = 50 << 20,
        metrics: (@Sendable () -> String)? = nil,
        publicDirectory: String = "Public"
    ) {
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.metrics = metrics
        self.publicDirectory = publicDirectory
    }
}

/// The router and the list of every route it serves with its declared access.
public struct WebRoutes {
    public let router: Router<AppRequestContext>
    public let routes: [RouteSpec]
}

/// Builds the HTTP application over the domain services. The one place routes are wired.
public func buildApplication(
    services: Services,
    storage: any EvidenceStorage,
    configuration: WebConfiguration,
    logger: Logger
) throws -> some ApplicationProtocol {
    let limits = configuration.limits
    // Behind our own proxy every connection is the proxy's: the per-address limit counts requests
    // per forwarded address instead (`RequestsPerAddressMiddleware`, decision 0030).
    let connections =
        limits.maxConnectionsPerAddress > 0 && !configuration.loginThrottle.trustForwardedFor
        ? OpenPerAddress(limit: limits.maxConnectionsPerAddress) : nil
    return Application(
        router: try buildRouter(services: services, storage: storage, configuration: configuration).router,
        server: HTTPServerBuilder { responder in
            // A connection over its address's limit is refused before any HTTP set-up (decision 0030).
            AddressLimitedChannel(
                // Requests run on our own executor, which finishes started requests first (decision 0014).
                inner: RequestExecutorChannel(
                    inner: HTTP1Channel(
                        responder: responder,
                        configuration: .init(
                            additionalChannelHandlers: [
                                RequestDeadlineHandler(timeout: limits.bodyTimeout),
                                HeaderDeadlineHandler(timeout: limits.headerTimeout),
                            ],
                            idleTimeout: limits.idleTimeout,
                            httpDecoderConfiguration: .init(
                                maxHeaderFieldSize: limits.parserMaxFieldBytes,
                                maxHeaderListSize: limits.parserMaxHeaderBytes,
                                maxHeaderFieldCount: limits.parserMaxHeaderCount
                            )
                        )
                    )
                ),
                connections: connections
            )
        },
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "ParIndex",
            backlog: limits.listenBacklog,
            availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)
        ),
        logger: logger
    )
}

/// The router alone, for tests that drive it without sockets.
public func buildRouter(services: Services, storage: any EvidenceStorage, configuration: WebConfiguration) throws -> WebRoutes {
    var renderer = try PageRenderer()
    renderer.unread = { [services] username in (try? services.notifications.unreadCount(username)) ?? 0 }
    let lockNotices = SignInLockNotices(maxFailures: services.auth.policy.maxFailures, lockout: services.auth.policy.lockout)
    let loginPages = AuthPagesController(services: services, renderer: renderer, lockNotices: lockNotices)
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: ErrorMiddleware(renderer: renderer))
    router.add(middleware: RequestLimitsMiddleware(limits: configuration.limits))
    if configuration.loginThrottle.trustForwardedFor && configuration.limits.maxConnectionsPerAddress > 0 {
        router.add(middleware: RequestsPerAddressMiddleware(requests: OpenPerAddress(limit: configuration.limits.maxConnectionsPerAddress)))
    }
    router.add(middleware: FileMiddleware(configuration.publicDirectory, searchForIndexHtml: false))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: AuthMiddleware(auth: services.auth))
    router.add(
        middleware: LoginThrottleMiddleware(
            settings: configuration.loginThrottle,
            clock: services.clock,
            loginPages: loginPages
        )
    )
    router.add(middleware: WriteBudgetMiddleware(settings: configuration.writeBudget, clock: services.clock))
    let routes = RouteTable(router: router, services: services, limits: BodyLimits(uploadFile: configuration.maxUploadBytes))
    try HealthController(metrics: configuration.metrics).addRoutes(to: routes)
    SessionController(services: services).addRoutes(to: routes)
    AdminController(services: services).addRoutes(to: routes)
    CredentialsController(services: services).addRoutes(to: routes)
    CycleController(services: services).addRoutes(to: routes)
    AssessmentController(services: services, rendered: RenderedAssessments(budgetBytes: configuration.renderCacheBytes)).addRoutes(to: routes)
    // Public answers about published cycles get a quarter of the rendering budget besides.
    let publications = RenderedPublications(budgetBytes: configuration.renderCacheBytes / 4)
    EvidenceController(services: services, storage: storage, maxFileBytes: Int64(configuration.maxUploadBytes)).addRoutes(to: routes)
    let publishedResults = PublishedResultsJSON(services: services, rendered: publications)
    ResultsController(services: services, published: publishedResults).addRoutes(to: routes)
    PublicPagesController(services: services, renderer: renderer).addRoutes(to: routes)
    loginPages.addRoutes(to: routes)
    DashboardController(services: services, renderer: renderer).addRoutes(to: routes)
    AccountPagesController(services: services, renderer: renderer).addRoutes(to: routes)
    NotificationsController(services: services, renderer: renderer).addRoutes(to: routes)
    // Page controllers for units, reviewers and admins register below this line.
    // Grid pages are kept with holes for each caller's values (decision 0010): half the budget besides.
    UnitPagesController(
        services: services,
        renderer: renderer,
        storage: storage,
        configuration: configuration,
        pages: RenderedPages(budgetBytes: configuration.renderCacheBytes / 2)
    ).addRoutes(to: routes)
    EvidenceReusePagesController(services: services, renderer: renderer).addRoutes(to: routes)
    AdminPagesController(services: services, renderer: renderer, published: publishedResults, mail: configuration.mail).addRoutes(to: routes)
    ReviewPagesController(services: services, renderer: renderer).addRoutes(to: routes)
    CouncilRecordController(services: services, renderer: renderer, issuer: configuration.documents).addRoutes(to: routes)
    ExportsController(services: services, rendered: publications).addRoutes(to: routes)
    ScoreCardController(services: services, renderer: renderer, rendered: publications, issuer: configuration.documents).addRoutes(to: routes)
    // Last: every path now has all its methods.
    routes.refuseOtherMethods()
    return WebRoutes(router: router, routes: routes.specs)
}
