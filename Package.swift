// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let lifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let coreMetrics: Target.Dependency = .product(name: "CoreMetrics", package: "swift-metrics")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")

// Dependencies point one way, from the executables down:
//
//   bulletind, bulletind-bench
//     └ BulletinIngest ── BulletinPlugins ── Plugins/* ── BulletinRules ── BulletinCore ── CCrypto
//                                                           └ Yams
//          ├ BulletinStore ── CLibPQ, BulletinCore, ServiceKit
//          └ DaemonSupport ── ServiceKit, FlyingFox (HTTP), swift-metrics + swift-prometheus, Yams
let package = Package(
    name: "bulletind",
    products: [
        .executable(name: "bulletind", targets: ["bulletind"]),
        .executable(name: "bulletind-bench", targets: ["bulletind-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // libpq, found through pkg-config; Debian's libpq-dev provides it.
        .systemLibrary(
            name: "CLibPQ",
            path: "Sources/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // libcrypto for SHA-256 (hardware-accelerated); libpq-dev depends on libssl-dev.
        .systemLibrary(
            name: "CCrypto",
            path: "Sources/CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // Text model, Chinese quantities, decoding and the plugin protocol. No I/O.
        .target(name: "BulletinCore", dependencies: ["CCrypto"], path: "Sources/BulletinCore", swiftSettings: strict),
        // Rule packs: the YAML format every plugin's words are written in, its loader, and the
        // extractor for packs that need no Swift.
        .target(
            name: "BulletinRules",
            dependencies: ["BulletinCore", .product(name: "Yams", package: "Yams")],
            path: "Sources/BulletinRules",
            swiftSettings: strict
        ),
        // The five extractor plugins, one folder each; each one's rule pack is compiled in.
        .target(
            name: "EnterprisesPlugin",
            dependencies: ["BulletinCore", "BulletinRules"],
            path: "Plugins/Enterprises",
            exclude: ["README.md", "fixtures"],
            resources: [.embedInCode("enterprises.yaml")],
            swiftSettings: strict
        ),
        .target(
            name: "FinancePlugin",
            dependencies: ["BulletinCore", "BulletinRules"],
            path: "Plugins/Finance",
            exclude: ["README.md", "fixtures"],
            resources: [.embedInCode("finance.yaml")],
            swiftSettings: strict
        ),
        .target(
            name: "CommissionersPlugin",
            dependencies: ["BulletinCore", "BulletinRules"],
            path: "Plugins/Commissioners",
            exclude: ["README.md", "fixtures"],
            resources: [.embedInCode("commissioners.yaml")],
            swiftSettings: strict
        ),
        .target(
            name: "AwardsPlugin",
            dependencies: ["BulletinCore", "BulletinRules"],
            path: "Plugins/Awards",
            exclude: ["README.md", "fixtures"],
            resources: [.embedInCode("awards.yaml")],
            swiftSettings: strict
        ),
        .target(
            name: "PlatformsPlugin",
            dependencies: ["BulletinCore", "BulletinRules"],
            path: "Plugins/Platforms",
            exclude: ["README.md", "fixtures"],
            resources: [.embedInCode("platforms.yaml")],
            swiftSettings: strict
        ),
        // The one explicit plugin registry, and operator packs from a directory.
        .target(
            name: "BulletinPlugins",
            dependencies: [
                "BulletinCore", "BulletinRules", "EnterprisesPlugin", "FinancePlugin", "CommissionersPlugin",
                "AwardsPlugin",
                "PlatformsPlugin",
            ],
            path: "Sources/BulletinPlugins",
            swiftSettings: strict
        ),
        // Building blocks of long-running services: a bounded hand-off, a readiness latch,
        // periodic ticks, the wall clock, the environment. Knows nothing of bulletins.
        .target(name: "ServiceKit", path: "Sources/ServiceKit", swiftSettings: strict),
        // PostgreSQL through libpq: connection, SQLSTATE, retry policy, migrations, and the
        // DocumentStore protocol with its PostgreSQL and in-memory implementations.
        .target(
            name: "BulletinStore",
            dependencies: ["CLibPQ", "BulletinCore", "ServiceKit", logging, lifecycle],
            path: "Sources/BulletinStore",
            swiftSettings: strict
        ),
        // What a daemon needs around its work: settings, logging, metrics, the HTTP endpoints
        // and systemd notifications.
        .target(
            name: "DaemonSupport",
            dependencies: [
                "BulletinCore", "ServiceKit", logging, lifecycle, coreMetrics, yams,
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            path: "Sources/DaemonSupport",
            swiftSettings: strict
        ),
        // The inbox queue: watcher, claimer, takeover, the file state machine and the pipeline
        // (extraction workers, bounded hand-offs, committers) as one service.
        .target(
            name: "BulletinIngest",
            dependencies: [
                "BulletinCore", "BulletinPlugins", "BulletinStore", "DaemonSupport", "ServiceKit", logging, lifecycle,
            ],
            path: "Sources/BulletinIngest",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "bulletind",
            dependencies: [
                "BulletinCore", "BulletinRules", "BulletinPlugins", "BulletinStore", "BulletinIngest", "DaemonSupport",
                "ServiceKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), logging, lifecycle,
            ],
            path: "Sources/bulletind",
            swiftSettings: strict
        ),
        // Benchmarks (not tests): extraction MB/s and end-to-end documents/s.
        .executableTarget(
            name: "bulletind-bench",
            dependencies: [
                "BulletinCore", "BulletinRules", "BulletinPlugins", "BulletinStore", "BulletinIngest", "DaemonSupport",
                "ServiceKit",
                logging, lifecycle,
            ],
            path: "Sources/bulletind-bench",
            swiftSettings: strict
        ),
        .testTarget(
            name: "BulletinCoreTests",
            dependencies: ["BulletinCore"],
            path: "Tests/BulletinCoreTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "PluginTests",
            dependencies: ["BulletinCore", "BulletinRules", "BulletinPlugins"],
            path: "Tests/PluginTests",
            exclude: ["plugin-outputs.json"],
            swiftSettings: strict
        ),
        // The queue, the store's pure parts and the daemon's support, without PostgreSQL
        // (the queue runs against InMemoryDocumentStore).
        .testTarget(
            name: "QueueTests",
            dependencies: [
                "BulletinCore", "BulletinPlugins", "BulletinStore", "BulletinIngest", "DaemonSupport", "ServiceKit",
                logging, lifecycle, coreMetrics,
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ],
            path: "Tests/QueueTests",
            swiftSettings: strict
        ),
        // Needs a running PostgreSQL (Deploy/pg-dev.sh); see README.
        .testTarget(
            name: "DatabaseTests",
            dependencies: [
                "BulletinCore", "BulletinPlugins", "BulletinStore", "BulletinIngest", "DaemonSupport", "ServiceKit",
                logging, lifecycle, coreMetrics,
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            path: "Tests/DatabaseTests",
            swiftSettings: strict
        ),
    ]
)
