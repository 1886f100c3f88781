import ArgumentParser
import BulletinIngest
import BulletinStore
import DaemonSupport
import ServiceKit

/// `bulletind reconcile`: checks `done/` against the database and requeues what is missing.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Put back into the inbox the files in done/ whose document the database lacks (after a failover).",
        discussion: """
            Hashes every file that arrived in STATE/done/ since --since (default: the reconcile window, \
            reconcile_window_seconds, back from now), asks the database which of those documents it lacks, and \
            moves those files back into the inbox, where a running daemon stores them again. The daemon does \
            this by itself when its database server changes; this command is for a failover that happened \
            while no daemon ran, or to check. Safe while daemons run.

            Settings (inbox, state, conninfo, reconcile_window_seconds) come from the configuration file and \
            BULLETIND_* variables as for `run`; flags override them.

            Exit status: 0 every document is there, or every missing file was put back; 1 with --dry-run, \
            some documents are missing; 64 usage; 66 no done/ folder; 69 database unavailable; 74 a missing \
            file could not be moved back; 78 invalid configuration.
            """
    )

    @Option(
        name: .long,
        help: "Configuration file (YAML key: value; default /etc/bulletind/bulletind.yaml when it exists)."
    )
    var config: String?

    @Option(name: .long, help: "Inbox directory. Setting: inbox.")
    var inbox: String?

    @Option(name: .long, help: "State directory (default: INBOX/.bulletind). Setting: state.")
    var state: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Check the files that arrived in done/ since then: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS]Z (UTC), "
                + "or a time back from now such as 90m, 6h, 2d (default: the reconcile window).",
            valueName: "when"
        )
    )
    var since: String?

    @Flag(name: .long, help: "Only list the files whose document is missing; move nothing.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func run() async throws {
        let environment = ProcessEnvironment.current()
        var settings = DaemonSettings()
        do {
            let systemFile = "/etc/bulletind/bulletind.yaml"
            if let path = config ?? environment["BULLETIND_CONFIG"]
                ?? (FileReader.exists(systemFile) ? systemFile : nil)
            {
                let bytes = try FileReader.read(path, limit: 1 << 20)
                try settings.apply(file: String(decoding: bytes, as: UTF8.self), source: path)
            }
            try settings.apply(environment: environment)
        } catch {
            FileReader.stderr("bulletind: invalid configuration: \(error)\n")
            throw ExitCodes.config
        }
        guard let inbox = inbox ?? settings.inbox else {
            throw ValidationError("no inbox: give --inbox DIR or inbox: in the configuration file")
        }
        let now = WallClock().now.nanosecondsSince1970
        let sinceNanos: Int64
        if let since {
            guard let parsed = SinceArgument.parse(since, nowNanos: now) else {
                throw ValidationError("--since expects YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS]Z or a time back such as 6h")
            }
            sinceNanos = parsed
        } else {
            sinceNanos = now - Int64(settings.reconcileWindowSeconds * 1e9)
        }
        let layout = QueueLayout(inbox: inbox, state: state ?? settings.state, owner: "reconcile")
        let folders: (inbox: Directory, done: Directory)
        do {
            folders = try layout.openDone()
        } catch {
            FileReader.stderr("bulletind reconcile: no usable done/ folder at \(layout.done): \(error)\n")
            throw ExitCodes.noInput
        }
        let logger = try log.makeLogger()
        let client = PGClient(conninfo: database.conninfo ?? settings.conninfo, logger: logger)
        let reconciler = Reconciler(done: folders.done, inbox: folders.inbox, maxFileBytes: settings.maxFileBytes) {
            hashes throws(DatabaseError) in
            try await client.run("reconcile") { connection throws(DatabaseError) in
                try DocumentPresence.missing(hashes, on: connection)
            }
        }
        let report: Reconciler.Report
        do {
            report = try await reconciler.pass(sinceNanos: sinceNanos, dryRun: dryRun)
        } catch let error as DatabaseError {
            logger.error("reconcile failed", metadata: ["error": "\(error)"])
            throw error.isTransient ? ExitCodes.unavailable : ExitCodes.software
        } catch {
            FileReader.stderr("bulletind reconcile: \(error)\n")
            throw ExitCodes.noInput
        }
        for line in report.lines { print(line) }
        let since = WallClock.Instant(nanosecondsSince1970: sinceNanos).iso8601
        print(
            "reconcile: \(report.checked) files in done/ since \(since) checked, \(report.missing) without their "
                + "document, \(report.requeued) put back into the inbox"
                + (report.skipped > 0 ? ", \(report.skipped) skipped (gone or unreadable)" : "")
        )
        if report.unmoved > 0 { throw ExitCodes.ioError }
        if dryRun && report.missing > 0 { throw ExitCode(1) }
    }
}
