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

    @Option(name: .long, help: "Configuration file (YAML key: value; default /etc/bulletind/bulletind.yaml when it exists).")
    var config: String?

    @Flag(name: .long, help: "Validate the configuration, print the effective settings and exit (0 valid, 78 invalid).")
    var checkConfig = false

    @Option(name: .long, help: "Inbox directory (the queue). Setting: inbox.")
    var inbox: String?

    @Option(name: .long, help: "State directory for processing/, done/ and failed/ (default: INBOX/.bulletind, same filesystem). Setting: state.")
    var state: String?

    @Option(name: .long, help: ArgumentHelp("libpq conninfo string or URI (default: BULLETIND_CONNINFO, else PG* variables). Setting: conninfo.", valueName: "conninfo"))
    var conninfo: String?

    @Option(name: .long, help: "Log format on stderr: logfmt or json. Setting: log_format.")
    var logFormat: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical. Setting: log_level.")
    var logLevel: String?

    @Option(name: .long, help: "Largest file accepted, in bytes; larger files go to failed/ unread. Setting: max_file_bytes (16 MiB).")
    var maxFileBytes: Int?

    @Option(name: .long, help: "Seconds a file written in place must stay unchanged before it is taken. Setting: settle_seconds (1).")
    var settle: Double?

    @Option(name: .long, help: "Seconds between full rescans of the inbox. Setting: rescan_interval_seconds (30).")
    var rescanInterval: Double?

    @Option(name: .long, help: "Seconds after which a stopped instance's claimed files are taken over. Setting: lease_seconds (30).")
    var lease: Double?

    @Option(name: .long, help: "Most files committed in one transaction when a backlog waits. Setting: batch_size (128).")
    var batchSize: Int?

    @Option(name: .long, help: "Files decoded and extracted in parallel (0 = one per core). Setting: workers (0).")
    var workers: Int?

    @Option(name: .long, help: "Database connections committing batches concurrently. Setting: writers (3).")
    var writers: Int?

    @Flag(name: .long, inversion: .prefixedNo, help: "Apply schema migrations at start. Setting: migrate (true).")
    var migrate: Bool?

    @Flag(name: .long, inversion: .prefixedNo, help: "Re-extract stored documents whose plugin version is older than the running one, at start. Setting: reprocess_on_start (false).")
    var reprocessOnStart: Bool?

    @Option(name: .long, help: "Address for /healthz, /readyz and /metrics (HOST:PORT on loopback), or off. Setting: http (127.0.0.1:9477).")
    var http: String?

    /// Defaults, then the file, then BULLETIND_* variables, then flags.
    func settings() throws(ConfigError) -> DaemonSettings {
        var s = DaemonSettings()
        let env = SystemdNotifier.environment()
        let path = config ?? env["BULLETIND_CONFIG"] ?? (FileReader.exists("/etc/bulletind/bulletind.yaml") ? "/etc/bulletind/bulletind.yaml" : nil)
        if let path {
            let bytes: [UInt8]
            do { bytes = try FileReader.read(path, limit: 1 << 20) } catch {
                throw ConfigError(source: path, line: 0, reason: "cannot read: \(error)")
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw ConfigError(source: path, line: 0, reason: "not UTF-8 text")
            }
            try s.apply(file: text, source: path)
        }
        try s.apply(environment: env)
        func flag(_ key: String, _ value: String?) throws(ConfigError) {
            if let value { try s.set(key, value, source: "--" + String(key.map { $0 == "_" ? "-" : $0 }), line: 0) }
        }
        try flag("inbox", inbox); try flag("state", state); try flag("conninfo", conninfo)
        try flag("log_format", logFormat); try flag("log_level", logLevel)
        try flag("max_file_bytes", maxFileBytes.map(String.init)); try flag("settle_seconds", settle.map { "\($0)" })
        try flag("rescan_interval_seconds", rescanInterval.map { "\($0)" }); try flag("lease_seconds", lease.map { "\($0)" })
        try flag("batch_size", batchSize.map(String.init)); try flag("workers", workers.map(String.init))
        try flag("writers", writers.map(String.init))
        try flag("migrate", migrate.map { "\($0)" }); try flag("reprocess_on_start", reprocessOnStart.map { "\($0)" })
        try flag("http", http)
        guard s.inbox != nil else { throw ConfigError(source: "settings", line: 0, reason: "no inbox: give --inbox DIR or inbox: in the config file") }
        return s
    }

    func run() async throws {
        let s: DaemonSettings
        do { s = try settings() } catch {
            FileReader.stderr("bulletind: invalid configuration: \(error)\n")
            throw ExitCodes.config
        }
        if checkConfig {
            print(s.rendered)
            return
        }
        let logger = try LogOptions(logFormat: s.logFormat, logLevel: s.logLevel).makeLogger()
        var config = QueueConfig(inbox: s.inbox!, state: s.state)
        config.maxFileBytes = s.maxFileBytes
        config.settle = .milliseconds(Int64(s.settleSeconds * 1000))
        config.rescanInterval = .milliseconds(Int64(s.rescanIntervalSeconds * 1000))
        config.lease = .milliseconds(Int64(s.leaseSeconds * 1000))
        config.batchSize = s.batchSize
        config.workers = s.workers
        config.writers = s.writers
        config.maxPermanentAttempts = s.maxPermanentAttempts
        config.retry = RetryPolicy(initial: .milliseconds(s.retryInitialMilliseconds), cap: .milliseconds(s.retryMaxMilliseconds))
        let settings = config
        let http = s.http
        let migrate = s.migrate
        let reprocessAtStart = s.reprocessOnStart
        let db = Database(conninfo: s.conninfo.isEmpty ? DatabaseOptions.fromEnvironment : s.conninfo, logger: logger)
        let notifier = SystemdNotifier()
        let migrateAtStart = migrate
        let stats = QueueStats()
        let queue = InboxService(config: settings, database: db, registry: PluginRegistry.builtIn, logger: logger, stats: stats,
                                 prepare: {
                                     try await Self.waitForDatabase(db, migrate: migrateAtStart, retry: settings.retry, logger: logger)
                                     if reprocessAtStart {
                                         let report = try await Reprocessor(database: db, registry: .builtIn, logger: logger).run(.init(outdatedOnly: true))
                                         logger.notice("reprocessed documents of older plugin versions", metadata: [
                                             "documents": "\(report.documents)", "changed": "\(report.changedDocuments)",
                                             "added": "\(report.added)", "removed": "\(report.removed)"])
                                     }
                                 },
                                 onReady: {
                                     logger.notice("ready")
                                     notifier.notify("READY=1\nSTATUS=watching \(settings.inbox)")
                                 })
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let interval = SystemdNotifier.watchdogInterval() {
            services.append(.init(service: WatchdogService(notifier: notifier, interval: interval) {
                "waiting \(stats.waiting.load(ordering: .relaxed)), done \(stats.done.load(ordering: .relaxed)), failed \(stats.failed.load(ordering: .relaxed)), database \(stats.databaseUp.load(ordering: .relaxed) ? "up" : "down")"
            } isAlive: {
                // Before the first loop iteration (waiting for the database at start) count as alive.
                stats.lastAlive.load(ordering: .relaxed) == 0 || stats.isAlive(within: interval)
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
