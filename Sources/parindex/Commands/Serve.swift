import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import ParIndexMail
import ParIndexStore
import ParIndexWeb
import Prometheus
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server.")

    @OptionGroup var common: CommonOptions
    @Option(help: "Address to listen on (overrides server.host).") var host: String?
    @Option(help: "Port to listen on (overrides server.port).") var port: Int?
    @Flag(help: "Fill an empty database with the demo city first (accounts are printed once).") var demo = false

    func run() async throws {
        ServerThreads.configure()
        if demo {
            let settings = try await Settings.load(common)
            let empty = try await AppEnvironment.open(common).services.repository.read { db in try db.cycles().isEmpty }
            if empty {
                try await operatorAction { try await DemoLoader().load(common) }
            } else {
                print("Cơ sở dữ liệu \(settings.databasePath) đã có dữ liệu; bỏ qua dữ liệu mẫu.")
            }
        }
        let environment = try await AppEnvironment.open(common, host: host, port: port)
        var logger = Logger(label: "parindex")
        logger.logLevel = environment.settings.logLevel
        let settings = environment.settings
        // Refuse to write on top of a damaged file, e.g. a bad restore (A11): better stopped than worse.
        let check = try environment.database.quickCheck()
        guard check == "ok" else {
            print("Cơ sở dữ liệu \(settings.databasePath) không toàn vẹn (quick_check: \(check.prefix(200))); hãy khôi phục từ bản sao lưu.")
            throw ExitCode(1)
        }
        let storage = try FileEvidenceStorage(directory: settings.evidenceDirectory)
        // Temporary files left by a crash mid-upload never became evidence: remove them.
        storage.removeLeftovers()
        // A file renamed into place whose row never committed (a crash between the two) is an orphan (UP-10).
        let orphans = storage.removeOrphans(keeping: try environment.database.referencedEvidenceHashes())
        if !orphans.isEmpty { logger.notice("Đã xoá \(orphans.count) tệp tài liệu không có bản ghi (còn lại sau sự cố).") }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var web = WebConfiguration(
            host: settings.host,
            port: settings.port,
            maxUploadBytes: settings.maxUploadBytes,
            metrics: { registry.emitToString() }
        )
        web.limits = settings.limits
        web.loginThrottle = settings.loginThrottle
        web.writeBudget = settings.writeBudget
        web.renderCacheBytes = settings.renderCacheBytes
        web.publicDirectory = settings.publicDirectory
        web.documents = settings.documents
        let transport = settings.mail.settings.map { SendmailTransport(settings: $0) }
        let configProblem = settings.mail.problem
        web.mail = MailStatus(enabled: transport != nil, summary: settings.mail.summary) { configProblem ?? transport?.problem }
        if let problem = configProblem ?? transport?.problem { logger.warning("\(problem)") }
        if !FileManager.default.fileExists(atPath: settings.publicDirectory) {
            // Pages still work, unstyled: say why rather than serve 404s for every stylesheet in silence.
            logger.warning("Không tìm thấy thư mục tệp tĩnh \(settings.publicDirectory); đặt server.publicDirectory.")
        }
        let app = try buildApplication(
            services: environment.services,
            storage: storage,
            configuration: web,
            logger: logger
        )
        // The configuration this run obeys, for whoever reads the log after a change (SECURITY.md LG-5);
        // the file holds no secret, so every value can be written.
        logger.notice(
            "configuration",
            metadata: [
                "host": .string(settings.host), "port": .stringConvertible(settings.port), "database": .string(settings.databasePath),
                "uploadMaxBytes": .stringConvertible(settings.maxUploadBytes),
                "totpRequired": .stringConvertible(settings.security.auth.totpRequired),
                "writesPerMinute": .stringConvertible(settings.writeBudget.writesPerMinute),
                "renderCacheMiB": .stringConvertible(settings.renderCacheBytes >> 20),
                "maxConnections": .stringConvertible(settings.limits.maxConnections),
                "maxConnectionsPerAddress": .stringConvertible(settings.limits.maxConnectionsPerAddress),
                "trustForwardedFor": .stringConvertible(settings.loginThrottle.trustForwardedFor),
                "publicDirectory": .string(settings.publicDirectory),
                "mail": .string(settings.mail.settings == nil ? "off" : settings.mail.summary),
            ]
        )
        print("ParIndex đang chạy tại http://\(settings.host):\(settings.port)/  (cơ sở dữ liệu: \(settings.databasePath))")
        // The mail sender and the deadline reminders run beside the server and stop with it.
        let jobs = NotificationJobs(services: environment.services, transport: transport) { [logger] in logger.notice("\($0)") }
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app), .init(service: NotificationJobsService(jobs: jobs))],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}

/// The notification jobs as a service of the server's group: cancelled when the server shuts down.
struct NotificationJobsService: Service {
    let jobs: NotificationJobs

    func run() async throws {
        try await cancelWhenGracefulShutdown { await jobs.run() }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database.")
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let settings = try await Settings.load(common)
        let database = try ParIndexStore.AppDatabase.openUnmigrated(path: settings.databasePath)
        let applied = try database.migrate()
        print(applied.isEmpty ? "Cơ sở dữ liệu đã ở phiên bản mới nhất." : "Đã áp dụng: \(applied.joined(separator: ", "))")
    }
}
