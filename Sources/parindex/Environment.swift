import ArgumentParser
import Configuration
import Foundation
import Logging
import ParIndexCore
import ParIndexFormats
import ParIndexStore
import ParIndexWeb
import SystemPackage

/// Options every command shares: where the configuration file and the database are.
struct CommonOptions: ParsableArguments {
    @Option(help: "Configuration file (YAML); by default Config/parindex.yaml in the working directory, else beside the binary.")
    var config: String?

    @Option(help: "SQLite database file (overrides database.path).")
    var database: String?
}

/// Settings resolved from flags, then `PARINDEX_*` variables, then the file, then defaults.
struct Settings {
    var host: String
    var port: Int
    var databasePath: String
    var evidenceDirectory: String
    var maxUploadBytes: Int
    var scryptLogRounds: Int
    var logLevel: Logger.Level
    /// Sign-in rules and evidence quotas for the domain (`auth.*`, `upload.maxFilesPerAssessment`, `upload.maxBytesPerUnit`).
    var security = SecuritySettings()
    /// Slow-client, connection and header limits for the web server (`server.*`, SECURITY.md A10).
    var limits = ServerLimits()
    /// Refused sign-ins per client address (`auth.addressMaxFailures`, `auth.addressWindowSeconds`,
    /// `server.trustForwardedFor`; SECURITY.md AU-6).
    var loginThrottle = LoginThrottleSettings()
    /// Changes per signed-in account per minute (`server.writesPerMinute`, SECURITY.md IV-6).
    var writeBudget = WriteBudgetSettings()
    /// Memory for assessments kept rendered between changes (`server.renderCacheMiB`, decision 0009).
    var renderCacheBytes = 256 << 20
    /// Static files served at the site root (`server.publicDirectory`; by default `Public`, found by `InstallLayout`).
    var publicDirectory = "Public"
    /// The issuer printed on receipts, score cards and council records (`documents.*`).
    var documents = DocumentIssuer()
    /// Where notifications are e-mailed (`mail.*`); off without `mail.host`.
    var mail = MailConfiguration()

    static func load(_ options: CommonOptions, host: String? = nil, port: Int? = nil) async throws -> Settings {
        var overrides: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { overrides["server.host"] = .init(.string(host), isSecret: false) }
        if let port { overrides["server.port"] = .init(.int(port), isSecret: false) }
        if let database = options.database { overrides["database.path"] = .init(.string(database), isSecret: false) }
        // Only PARINDEX_* variables count, with the prefix removed: PARINDEX_SERVER_PORT → server.port.
        let environment = ProcessInfo.processInfo.environment.reduce(into: [String: String]()) { out, pair in
            if pair.key.hasPrefix("PARINDEX_") { out[String(pair.key.dropFirst("PARINDEX_".count))] = pair.value }
        }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: overrides),
            EnvironmentVariablesProvider(environmentVariables: environment),
        ]
        // A file named by --config must exist; without it the shipped defaults are used when found.
        if let file = options.config ?? InstallLayout.locate("Config/parindex.yaml") {
            guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("Không tìm thấy tệp cấu hình \(file).") }
            providers.append(try await FileProvider<YAMLSnapshot>(filePath: FilePath(file)))
        }
        let reader = ConfigReader(providers: providers)
        let level = Logger.Level(rawValue: reader.string(forKey: "log.level", default: "info")) ?? .info
        var security = SecuritySettings()
        security.auth.totpRequired = reader.bool(forKey: "auth.totpRequired", default: true)
        let inactiveDays = reader.int(forKey: "auth.inactiveDays", default: 45)
        security.auth.inactiveAfter = inactiveDays > 0 ? TimeInterval(inactiveDays) * 86400 : nil
        security.auth.resetValidity = TimeInterval(reader.int(forKey: "auth.resetCodeHours", default: 72)) * 3600
        // A token that never expires is not offered: at least one day (SECURITY.md CR-2).
        security.auth.tokenLifetime = TimeInterval(max(1, reader.int(forKey: "auth.tokenDays", default: 180))) * 86400
        security.quota.maxFilesPerAssessment = reader.int(forKey: "upload.maxFilesPerAssessment", default: 200)
        security.quota.maxBytesPerUnit = Int64(reader.int(forKey: "upload.maxBytesPerUnit", default: 2 << 30))
        var settings = Settings(
            host: reader.string(forKey: "server.host", default: "127.0.0.1"),
            port: reader.int(forKey: "server.port", default: 8080),
            databasePath: reader.string(forKey: "database.path", default: "var/parindex.sqlite"),
            evidenceDirectory: reader.string(forKey: "evidence.directory", default: "var/evidence"),
            maxUploadBytes: reader.int(forKey: "upload.maxBytes", default: 50 << 20),
            scryptLogRounds: reader.int(forKey: "password.scryptLogRounds", default: 16),
            logLevel: level,
            security: security,
            limits: ServerLimits(reading: reader),
            loginThrottle: LoginThrottleSettings(reading: reader),
            writeBudget: WriteBudgetSettings(reading: reader),
            renderCacheBytes: max(0, reader.int(forKey: "server.renderCacheMiB", default: 256)) << 20,
            publicDirectory: InstallLayout.path(reader.string(forKey: "server.publicDirectory"), default: "Public"),
            documents: DocumentIssuer(
                parentAgency: reader.string(forKey: "documents.parentAgency", default: DocumentIssuer().parentAgency),
                agency: reader.string(forKey: "documents.agency", default: DocumentIssuer().agency),
                place: reader.string(forKey: "documents.place", default: DocumentIssuer().place)
            )
        )
        settings.mail = MailConfiguration(reading: reader)
        return settings
    }
}

/// The composition root: one database pool, one clock, one set of services per process.
struct AppEnvironment {
    let settings: Settings
    let database: AppDatabase
    let services: Services

    static func open(
        _ options: CommonOptions,
        host: String? = nil,
        port: Int? = nil,
        clock: any WallClock = SystemClock()
    ) async throws
        -> AppEnvironment
    {
        let settings = try await Settings.load(options, host: host, port: port)
        let database = try AppDatabase.open(path: settings.databasePath, clock: clock)
        var services = Services(
            repository: database,
            clock: clock,
            passwords: ScryptPasswordHasher(logRounds: settings.scryptLogRounds),
            inspector: FileEvidenceInspector()
        )
        services.security = settings.security
        // E-mail is queued only when mail is configured; links in it are built by the web layer.
        services.notificationSettings.mail = settings.mail.settings != nil
        services.notificationSettings.siteURL = settings.mail.siteURL
        services.notificationSettings.path = NotificationLinks.path
        return AppEnvironment(settings: settings, database: database, services: services)
    }
}
