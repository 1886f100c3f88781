import BulletinPlugins
import BulletinStore
import DaemonSupport
import Logging
import ServiceKit
import ServiceLifecycle

/// The inbox queue as one `Service`: a structured task tree of its stages and the hand-offs
/// between them.
///
/// ```
/// InboxClaimer ──BoundedHandoff<QueuedFile>──▶ ExtractionWorkers ×N ──BoundedHandoff<ExtractedFile>──▶ Committers ×W
///  (inotify, rescans, settle deadlines)          (read, decode, plugins)                   (DocumentStore, moves)
/// ```
/// plus helpers that run beside the stages: a lease keeper that refreshes this instance's
/// lease, a ``ServerFollower`` that reconciles `done/` with the database when the server
/// changes (a failover), and a ``RetentionSweeper`` that empties `done/` and `failed/` of the
/// files they no longer keep.
///
/// `run()` creates the folders, waits for the store to be ready, optionally re-extracts
/// documents of older plugin versions, and then runs the stages. On graceful shutdown the
/// claimer stops claiming; the workers and committers finish the files in hand (or, with the
/// database unavailable, leave them claimed for the next start) and `run()` returns.
///
/// The clock is injected: the daemon uses ``WallClock``; tests use one they advance by hand.
public final class IngestPipeline<C: Clock>: Service where C.Instant == WallClock.Instant, C: Sendable {
    /// Where the queue's files live.
    public let layout: QueueLayout
    /// The queue's counters.
    public let stats: QueueStats
    private let configuration: IngestConfiguration
    private let store: any DocumentStore
    private let registry: PluginRegistry
    private let clock: C
    private let logger: Logger
    private let metrics: Metrics
    private let reprocessor: Reprocessor?
    private let observer: (any IngestObserver)?
    private let ready = ReadinessLatch()
    private let folders = FolderAlarm()
    /// The bytes of files in hand (``IngestConfiguration/maxBytesInFlight``).
    public let budget: ByteBudget

    /// A pipeline over `configuration.inbox` storing into `store`.
    /// - Parameters:
    ///   - reprocessor: re-extracts documents of older plugin versions before the first claim
    ///     (the `reprocess_on_start` setting); nil to skip that.
    ///   - observer: told about every file that leaves the queue (tests); nil for none.
    public init(
        configuration: IngestConfiguration,
        store: any DocumentStore,
        registry: PluginRegistry,
        clock: C,
        logger: Logger,
        metrics: Metrics,
        stats: QueueStats = QueueStats(),
        reprocessor: Reprocessor? = nil,
        observer: (any IngestObserver)? = nil
    ) {
        self.layout = QueueLayout(inbox: configuration.inbox, state: configuration.state)
        self.configuration = configuration
        self.store = store
        self.registry = registry
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        self.stats = stats
        self.reprocessor = reprocessor
        self.observer = observer
        self.budget = ByteBudget(limit: configuration.maxBytesInFlight)
    }

    /// The queue's health, for systemd and the HTTP endpoints.
    public var health: IngestHealth {
        IngestHealth(stats: stats, store: store, ready: ready, folders: folders)
    }

    /// Runs the queue until graceful shutdown, then finishes the files in hand and returns.
    /// - Throws: a `FileError` when the folders cannot be created; the reprocessor's
    ///   `DatabaseError`.
    public func run() async throws {
        let directories: QueueDirectories
        do {
            directories = try layout.open()
        } catch {
            logger.critical("cannot use the queue's folders", metadata: ["error": "\(error)"])
            throw error
        }
        folders.watch(directories)
        let store = store
        do {
            try await cancelWhenGracefulShutdown { try await store.waitUntilReady() }
        } catch {
            if Task.isShuttingDownGracefully { return }
            throw error
        }
        if let reprocessor {
            let report = try await reprocessor.run(Reprocessor.Filter(outdatedOnly: true))
            logger.notice(
                "reprocessed documents of older plugin versions",
                metadata: [
                    "documents": "\(report.documents)", "changed": "\(report.changedDocuments)",
                    "renormalized": "\(report.renormalized)",
                    "added": "\(report.added)", "removed": "\(report.removed)",
                ]
            )
        }
        logger.info(
            "watching inbox",
            metadata: ["inbox": "\(layout.inbox)", "state": "\(layout.state)", "owner": "\(layout.owner)"]
        )
        // One marker per extraction worker and one for the probe of suspects.
        let ledger = CrashLedger(directories: directories, slots: configuration.workerCount + 1)
        await runStages(directories, ledger: ledger)
        // Leave no empty owner folder, lease or crash marker behind.
        Takeover(directories: directories, lease: configuration.lease, ledger: ledger).releaseIfEmpty()
        logger.info(
            "queue stopped",
            metadata: [
                "done": "\(stats.done.load(ordering: .relaxed))", "failed": "\(stats.failed.load(ordering: .relaxed))",
            ]
        )
    }

    /// What a child task of the stage group was.
    private enum Child: Sendable {
        case stage
        case helper
    }

    private func runStages(_ directories: QueueDirectories, ledger: CrashLedger) async {
        let takeover = Takeover(directories: directories, lease: configuration.lease, ledger: ledger)
        takeover.heartbeat()
        let fence = InFlightGate()
        let claimed = BoundedHandoff<QueuedFile>(capacity: configuration.batchSize)
        let extracted = BoundedHandoff<ExtractedFile>(capacity: configuration.batchSize)
        let finisher = FileFinisher(
            directories: directories,
            clock: clock,
            logger: logger,
            stats: stats,
            metrics: metrics,
            pluginVersions: registry.plugins.map { PluginVersion(name: $0.name, version: $0.version) },
            observer: observer,
            ledger: ledger
        )
        let workers = ExtractionWorkers(
            directories: directories,
            configuration: configuration,
            registry: registry,
            finisher: finisher,
            metrics: metrics,
            input: claimed,
            output: extracted,
            ledger: ledger
        )
        let claimer = InboxClaimer(
            directories: directories,
            budget: budget,
            configuration: configuration,
            clock: clock,
            takeover: takeover,
            logger: logger,
            stats: stats,
            metrics: metrics,
            output: claimed,
            ledger: ledger,
            folders: folders,
            probe: { name in workers.probe(name) }
        )
        let committers = Committers(
            store: store,
            configuration: configuration,
            clock: clock,
            finisher: finisher,
            logger: logger,
            stats: stats,
            metrics: metrics,
            input: extracted,
            fence: fence
        )
        let follower = ServerFollower(
            directories: directories,
            configuration: configuration,
            store: store,
            clock: clock,
            logger: logger,
            fence: fence
        )
        let sweeper = RetentionSweeper(directories: directories, policy: configuration.retention)
        let logger = logger
        let ready = ready
        let clock = clock
        // The lease is refreshed every lease/3 (at most every 5 s) while any stage runs.
        let heartbeat = min(max(configuration.lease / 3, .milliseconds(100)), .seconds(5))
        await withTaskGroup(of: Child.self) { group in
            group.addTask {
                for await _ in PeriodicTicks(every: heartbeat, clock: clock) { takeover.heartbeat() }
                return .helper
            }
            group.addTask {
                await follower.run()
                return .helper
            }
            if let interval = configuration.retention.sweepInterval {
                group.addTask {
                    // A first sweep at start, then one per interval.
                    Self.sweep(sweeper, now: clock.now, logger: logger)
                    for await _ in PeriodicTicks(every: interval, clock: clock) {
                        Self.sweep(sweeper, now: clock.now, logger: logger)
                    }
                    return .helper
                }
            }
            group.addTask {
                await claimer.run(ready: ready)
                return .stage
            }
            group.addTask {
                await workers.run()
                return .stage
            }
            group.addTask {
                await committers.run()
                return .stage
            }
            var running = 3
            for await child in group where child == .stage {
                running -= 1
                if running == 0 { group.cancelAll() }
            }
        }
    }

    /// Removes what `done/` and `failed/` no longer keep, and says so when it removed any.
    private static func sweep(_ sweeper: RetentionSweeper, now: WallClock.Instant, logger: Logger) {
        let report = sweeper.sweep(nowNanos: now.nanosecondsSince1970)
        if report.done + report.failed > 0 {
            logger.info(
                "removed files past their retention",
                metadata: ["done": "\(report.done)", "failed": "\(report.failed)"]
            )
        }
    }
}
