import ArgumentParser
import BulletinDB
import BulletinPlugins
import BulletinQueue
import Logging
import ServiceLifecycle

/// `bulletind run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Watch an inbox directory and store every bulletin dropped into it in PostgreSQL.",
        discussion: """
            Drop files safely: write them elsewhere on the same filesystem, then mv them into the inbox. \
            Files written in place are taken once unchanged for the settle interval. Stored files move to \
            STATE/done/, files that can never succeed to STATE/failed/ with NAME.error.json. SIGTERM or \
            SIGINT finishes the files in hand and exits 0.
            """
    )

    @Option(name: .long, help: "Inbox directory (the queue).")
    var inbox: String

    @Option(name: .long, help: "State directory for processing/, done/ and failed/ (default: INBOX/.bulletind, same filesystem).")
    var state: String?

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    @Option(name: .long, help: "Largest file accepted, in bytes; larger files go to failed/ unread.")
    var maxFileBytes: Int = 16 * 1024 * 1024

    @Option(name: .long, help: "Seconds a file written in place must stay unchanged before it is taken.")
    var settle: Double = 1

    @Option(name: .long, help: "Seconds between full rescans of the inbox.")
    var rescanInterval: Double = 30

    @Option(name: .long, help: "Seconds after which another instance's claimed files are taken over.")
    var lease: Double = 30

    @Option(name: .long, help: "Most files committed in one transaction when a backlog waits.")
    var batchSize: Int = 128

    @Flag(name: .long, inversion: .prefixedNo, help: "Apply schema migrations at start.")
    var migrate = true

    @Option(name: .long, help: "Address for /healthz, /readyz and /metrics (HOST:PORT on loopback), or off.")
    var http: String = "127.0.0.1:9477"

    func validate() throws {
        guard maxFileBytes > 0 else { throw ValidationError("--max-file-bytes must be positive") }
        guard settle >= 0, rescanInterval > 0, lease > 0 else { throw ValidationError("intervals must be positive") }
        guard (1...1000).contains(batchSize) else { throw ValidationError("--batch-size must be 1…1000") }
    }

    func run() async throws {
        let logger = try log.makeLogger()
        var config = QueueConfig(inbox: inbox, state: state)
        config.maxFileBytes = maxFileBytes
        config.settle = .milliseconds(Int64(settle * 1000))
        config.rescanInterval = .milliseconds(Int64(rescanInterval * 1000))
        config.lease = .milliseconds(Int64(lease * 1000))
        config.batchSize = batchSize
        let settings = config
        let db = Database(conninfo: database.resolved, logger: logger)
        let notifier = SystemdNotifier()
        let migrateAtStart = migrate
        let stats = QueueStats()
        let queue = InboxService(config: settings, database: db, registry: PluginRegistry.builtIn, logger: logger, stats: stats,
                                 prepare: {
                                     try await Self.waitForDatabase(db, migrate: migrateAtStart, retry: settings.retry, logger: logger)
                                 },
                                 onReady: {
                                     logger.notice("ready")
                                     notifier.notify("READY=1\nSTATUS=watching \(settings.inbox)")
                                 })
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let interval = SystemdNotifier.watchdogInterval() {
            services.append(.init(service: WatchdogService(notifier: notifier, interval: interval) {
                "waiting \(stats.waiting.load(ordering: .relaxed)), done \(stats.done.load(ordering: .relaxed)), failed \(stats.failed.load(ordering: .relaxed)), database \(stats.databaseUp.load(ordering: .relaxed) ? "up" : "down")"
            }))
        }
        if http != "off" {
            services.append(.init(service: HTTPService(address: http, stats: stats, database: db, inbox: settings.inbox,
                                                       logger: logger, version: BuildInfo.version)))
        }
        services.append(.init(service: queue, successTerminationBehavior: .gracefullyShutdownGroup))
        var groupConfig = ServiceGroupConfiguration(services: services, logger: logger)
        groupConfig.gracefulShutdownSignals = [.sigterm, .sigint]
        let group = ServiceGroup(configuration: groupConfig)
        do {
            try await group.run()
        } catch {
            notifier.notify("STOPPING=1")
            logger.critical("stopped on an error", metadata: ["error": "\(error)"])
            throw ExitCodes.software
        }
        notifier.notify("STOPPING=1")
    }

    /// Applies migrations (or checks the schema) once the database answers, retrying with backoff.
    static func waitForDatabase(_ db: Database, migrate: Bool, retry: RetryPolicy, logger: Logger) async throws {
        var attempt = 0
        while !Task.isShuttingDownGracefully {
            do {
                let version = try await db.run("start: schema") { conn throws(DatabaseError) -> Int in
                    if migrate { try Migrations.apply(on: conn, logger: logger) }
                    return try Migrations.currentVersion(on: conn)
                }
                if version < Migrations.latestVersion {
                    logger.error("the database schema is older than this build; run `bulletind migrate`",
                                 metadata: ["schema": "\(version)", "expected": "\(Migrations.latestVersion)"])
                    throw ExitCodes.config
                }
                return
            } catch let error as DatabaseError where error.isTransient {
                try? await gracefulSleep(retry.delay(attempt: attempt))
                attempt += 1
            }
        }
    }
}
