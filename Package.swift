// swift-tools-version:6.2
// hummingbird 2.28.1 needs tools 6.2; swift-configuration's YAML trait needs traits (>= 6.1).
import PackageDescription

let package = Package(
    name: "ParIndex",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parindex", targets: ["parindex"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Hummingbird's own lifecycle: the mail sender runs beside the server in one service group.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // Tests only: reads and validates the OpenAPI document. Its default trait (loading external
        // references) is not needed, and builds slower.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.4.0", traits: []),
    ],
    targets: [
        // The domain: values, rules, arithmetic, workflow, policy, services and ports. Foundation, and
        // swift-crypto for hashes and HMAC (no database, HTTP or file-format code).
        .target(
            name: "ParIndexCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/common-passwords.txt")]
        ),
        // GRDB/SQLite adapter: migrations, records, repositories, audit ledger, evidence files.
        .target(
            name: "ParIndexStore",
            dependencies: [
                "ParIndexCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // File formats on libraries: CSV, XLSX (ZIPFoundation), framework files (Yams), upload
        // inspection (file types, image sizes, ZIP archives), QR codes (libqrencode). No HTTP, no database.
        .target(
            name: "ParIndexFormats",
            dependencies: [
                "ParIndexCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                "CQRencode",
            ]
        ),
        // libqrencode, for the QR code an authenticator app scans at TOTP enrolment.
        .systemLibrary(name: "CQRencode", path: "Sources/CQRencode", providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]),
        // E-mail: RFC 5322 messages and the system's `sendmail` interface (msmtp) through Foundation's
        // Process. No SMTP written here; no HTTP, no database.
        .target(name: "ParIndexMail", dependencies: ["ParIndexCore"]),
        // The system zlib, for gzip-encoded pages kept with holes for per-request values (decision 0010).
        // Not named CZlib: ZIPFoundation has a module of that name.
        .systemLibrary(name: "CZlibShim", path: "Sources/CZlibShim", providers: [.apt(["zlib1g-dev"])]),
        // Hummingbird adapter: HTTP, JSON API, pages. Never imports GRDB.
        .target(
            name: "ParIndexWeb",
            dependencies: [
                "ParIndexCore",
                "ParIndexFormats",
                "CZlibShim",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates"), .copy("Resources/openapi.yaml")]
        ),
        // Command line and composition root.
        .executableTarget(
            name: "parindex",
            dependencies: [
                "ParIndexCore",
                "ParIndexFormats",
                "ParIndexStore",
                "ParIndexWeb",
                "ParIndexMail",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "ParIndexCoreTests", dependencies: ["ParIndexCore"]),
        // Tests only: runs python3 (build/venv's, with openpyxl) as an independent reader of what we write.
        .target(name: "PythonSupport", path: "Tests/PythonSupport"),
        .testTarget(name: "ParIndexFormatsTests", dependencies: ["ParIndexCore", "ParIndexFormats", "PythonSupport"]),
        .testTarget(
            name: "ParIndexStoreTests",
            dependencies: [
                "ParIndexCore", "ParIndexStore",
                // The real upload inspector for `Services`, as the composition root sets it.
                "ParIndexFormats",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "ParIndexWebTests",
            dependencies: [
                "ParIndexCore", "ParIndexFormats", "ParIndexWeb", "ParIndexStore", "ParIndexMail", "CZlibShim", "PythonSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                // PageModelKeysTests renders every page model through a recording `MustacheParent`.
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
