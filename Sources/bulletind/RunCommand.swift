import ArgumentParser
import BulletinIngest
import BulletinPlugins
import BulletinStore
import DaemonSupport
import Logging
import ServiceKit
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

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

    @Option(
        name: .long,
        help: "Configuration file (YAML key: value; default /etc/bulletind/bulletind.yaml when it exists)."
    )
    var config: String?

    @Flag(
        name: .long,
        help: "Validate the configuration, print the effective settings and exit (0 valid, 78 invalid)."
    )
    var checkConfig = false

    @Option(name: .long, help: "Inbox directory (the queue). Setting: inbox.")
    var inbox: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "State directory for processing/, done/ and failed/ (default: INBOX/.bulletind, same filesystem). "
                + "Setting: state."
        )
    )
    var state: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "libpq conninfo string or URI (default: BULLETIND_CONNINFO, else PG* variables). Setting: conninfo.",
            valueName: "conninfo"
        )
    )
    var conninfo: String?

    @Option(name: .long, help: "Log format on stderr: logfmt or json. Setting: log_format.")
    var logFormat: String?

    @Option(
        name: .long,
        help: "Log level: trace, debug, info, notice, warning, error, critical. Setting: log_level."
    )
    var logLevel: String?

    @Option(
        name: .long,
        help: "Largest file accepted, in bytes; larger files go to failed/ unread. Setting: max_file_bytes (16 MiB)."
    )
    var maxFileBytes: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Bytes of files in hand at once, from claim to commit (bounds memory with large files). "
                + "Setting: max_bytes_in_flight (128 MiB)."
        )
    )
    var maxBytesInFlight: Int?

    @Option(
        name: .long,
        help: "Seconds a file written in place must stay unchanged before it is taken. Setting: settle_seconds (1)."
    )
    var settle: Double?

    @Option(
        name: .long,
        help: "Seconds between full rescans of the inbox. Setting: rescan_interval_seconds (30)."
    )
    var rescanInterval: Double?

    @Option(
        name: .long,
        help: "Seconds after which a stopped instance's claimed files are taken over. Setting: lease_seconds (30)."
    )
    var lease: Double?

    @Option(
        name: .long,
        help: "Most files committed in one transaction when a backlog waits. Setting: batch_size (128)."
    )
    var batchSize: Int?

    @Option(
        name: .long,
        help: "Files decoded and extracted in parallel (0 = one per core). Setting: workers (0)."
    )
    var workers: Int?

    @Option(name: .long, help: "Database connections committing batches concurrently. Setting: writers (1).")
    var writers: Int?

    @Flag(name: .long, inversion: .prefixedNo, help: "Apply schema migrations at start. Setting: migrate (true).")
    var migrate: Bool?

    @Flag(
        name: .long,
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Re-extract stored documents whose plugin version is older than the running one, at start. "
                + "Setting: reprocess_on_start (false)."
        )
    )
    var reprocessOnStart: Bool?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Address for /healthz, /readyz and /metrics (HOST:PORT on loopback), or off. "
                + "Setting: http (127.0.0.1:9477); another address needs http_allow_remote: true."
        )
    )
    var http: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Directory of operator rule packs (*.yaml), loaded at start. Setting: plugins_dir (/etc/bulletind/plugins.d).",
            valueName: "dir"
        )
    )
    var pluginsDir: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds back from a change of database server (a failover) within which the files moved to done/ "
                + "are checked against the database. Setting: reconcile_window_seconds (86400).",
            valueName: "seconds"
        )
    )
    var reconcileWindow: Double?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds done/ keeps a file (never less than the reconcile window; 0 = for ever). "
                + "Setting: done_retention_seconds (604800).",
            valueName: "seconds"
        )
    )
    var doneRetention: Double?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds failed/ keeps a file and its sidecar (0 = for ever). Setting: failed_retention_seconds (2592000).",
            valueName: "seconds"
        )
    )
    var failedRetention: Double?

    /// Defaults, then the file, then BULLETIND_* variables, then flags.
    func settings(environment: [String: String]) throws(ConfigError) -> DaemonSettings {
        var settings = DaemonSettings()
        let systemFile = "/etc/bulletind/bulletind.yaml"
        if let path = config ?? environment["BULLETIND_CONFIG"] ?? (FileReader.exists(systemFile) ? systemFile : nil) {
            try settings.apply(file: try Self.configurationText(path), source: path)
        }
        try settings.apply(environment: environment)
        let flags: KeyValuePairs<String, String?> = [
            "inbox": inbox, "state": state, "conninfo": conninfo, "log_format": logFormat, "log_level": logLevel,
            "max_file_bytes": maxFileBytes.map(String.init),
            "max_bytes_in_flight": maxBytesInFlight.map(String.init), "settle_seconds": settle.map { "\($0)" },
            "rescan_interval_seconds": rescanInterval.map { "\($0)" }, "lease_seconds": lease.map { "\($0)" },
            "batch_size": batchSize.map(String.init), "workers": workers.map(String.init),
            "writers": writers.map(String.init), "migrate": migrate.map { "\($0)" },
            "reprocess_on_start": reprocessOnStart.map { "\($0)" }, "http": http, "plugins_dir": pluginsDir,
            "reconcile_window_seconds": reconcileWindow.map { "\($0)" },
            "done_retention_seconds": doneRetention.map { "\($0)" },
            "failed_retention_seconds": failedRetention.map { "\($0)" },
        ]
        for (key, value) in flags {
            guard let value else { continue }
            try settings.set(key, value, source: "--" + String(key.map { $0 == "_" ? "-" : $0 }), line: 0)
        }
        try settings.validate()
        guard settings.inbox != nil else {
            throw ConfigError(
                source: "settings",
                line: 0,
                reason: "no inbox: give --inbox DIR or inbox: in the config file"
            )
        }
        return settings
    }

    /// The text of the configuration file at `path`.
    private static func configurationText(_ path: String) throws(ConfigError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try FileReader.read(path, limit: 1 << 20)
        } catch {
            throw ConfigError(source: path, line: 0, reason: "cannot read: \(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(source: path, line: 0, reason: "not UTF-8 text")
        }
        return text
    }

    func run() async throws {
        // A client that resets its connection must not kill the daemon with SIGPIPE: writes to a
        // dead socket fail with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        // systemd's watchdog sends SIGABRT to a hung daemon. Swift's backtracer catches it, prints
        // a backtrace and lets the process live on (holding its port and claims): the default
        // action ends it, as the unit expects. Swift's own traps (fatalError, overflow) are
        // SIGILL/SIGTRAP and keep their backtraces.
        signal(SIGABRT, SIG_DFL)
        MemoryTuning.returnLargeBuffersToTheSystem()
        let environment = ProcessEnvironment.current()
        let settings: DaemonSettings
        do {
            settings = try self.settings(environment: environment)
        } catch {
            FileReader.stderr("bulletind: invalid configuration: \(error)\n")
            throw ExitCodes.config
        }
        // Operator rule packs are part of the configuration: a bad one stops the start (78).
        let registry = try PluginOptions.registry(directory: settings.pluginsDir)
        if checkConfig {
            print(settings.rendered)
            for p in registry.plugins where p.source != "built-in" {
                print("# rule pack \(p.name) \(p.base.version): \(p.source)")
            }
            return
        }
        let logger = try LogOptions(logFormat: settings.logFormat, logLevel: settings.logLevel).makeLogger()
        let group = Daemon(settings: settings, environment: environment, registry: registry, logger: logger)
            .serviceGroup()
        do {
            try await group.run()
        } catch let error as SchemaError {
            logger.error("\(error)")
            throw ExitCodes.config
        } catch let error as QueueLayoutError {
            // Logged by the queue with its reason (a state folder that is not the daemon's own…).
            _ = error
            throw ExitCodes.config
        } catch {
            logger.critical("stopped on an error", metadata: ["error": "\(error)"])
            throw ExitCodes.software
        }
    }
}
