import BulletinCore
import BulletinDB
import BulletinPlugins
import Logging
import ServiceLifecycle
import Synchronization

/// The daemon's queue: watches the inbox, claims ready files by renaming them into this
/// instance's processing folder, and hands them in batches to the ``BatchProcessor``.
///
/// On graceful shutdown (SIGTERM, SIGINT) it stops claiming, finishes the batch in hand, and
/// returns. Files claimed when the process dies are taken over at the next start (or by
/// another instance after the lease).
public final class InboxService: Service, Sendable {
    private let layout: QueueLayout
    private let config: QueueConfig
    private let database: Database
    private let registry: PluginRegistry
    private let logger: Logger
    public let stats: QueueStats
    private let signal = WakeSignal()
    private let stopping = Atomic<Bool>(false)
    private let onReady: @Sendable () -> Void
    private let prepare: @Sendable () async throws -> Void
    /// Connections for the writers beyond the first.
    private let extraDatabases: [Database]

    /// A queue over `config.inbox`. `prepare` runs first (waiting for the database); `onReady`
    /// runs once the folders exist and the first scan is done.
    public init(config: QueueConfig, database: Database, registry: PluginRegistry, logger: Logger,
                stats: QueueStats = QueueStats(), prepare: @escaping @Sendable () async throws -> Void = {},
                onReady: @escaping @Sendable () -> Void = {}) {
        self.prepare = prepare
        self.extraDatabases = (1..<max(1, config.writers)).map { i in
            database.sibling(label: "bulletind.db.writer\(i)")
        }
        self.layout = QueueLayout(inbox: config.inbox, state: config.state)
        self.config = config
        self.database = database
        self.registry = registry
        self.logger = logger
        self.stats = stats
        self.onReady = onReady
    }

    public func run() async throws {
        try layout.create()
        try await prepare()
        if Task.isShuttingDownGracefully { return }
        let takeover = Takeover(layout: layout, lease: config.lease)
        takeover.heartbeat()
        let processor = BatchProcessor(layout: layout, config: config, database: database, registry: registry, logger: logger,
                                       stats: stats, isShuttingDown: { [self] in self.stopping.load(ordering: .relaxed) })
        let watcher = InotifyWatcher(directory: layout.inbox, signal: signal)
        logger.info("watching inbox", metadata: ["inbox": "\(layout.inbox)", "state": "\(layout.state)", "owner": "\(layout.owner)"])
        await withGracefulShutdownHandler {
            watcher.start()
            await loop(processor: processor, takeover: takeover, watcher: watcher)
            watcher.stop()
        } onGracefulShutdown: { [self] in
            self.logger.info("shutdown requested; finishing the files in hand")
            self.stopping.store(true, ordering: .relaxed)
            self.signal.notify()
        }
        // Leave no empty owner folder or lease behind.
        if ((try? FileOps.list(layout.processing)) ?? []).isEmpty {
            FileOps.removeDirectory(layout.processing)
            FileOps.unlinkQuietly(layout.processingRoot, layout.leaseName)
        }
        logger.info("queue stopped", metadata: ["done": "\(stats.done.load(ordering: .relaxed))", "failed": "\(stats.failed.load(ordering: .relaxed))"])
    }

    private func loop(processor: BatchProcessor, takeover: Takeover, watcher: InotifyWatcher) async {
        // One processor per writer connection; commits alternate between them.
        let processors = [processor] + extraDatabases.map { db in
            BatchProcessor(layout: layout, config: config, database: db, registry: registry, logger: logger, stats: stats,
                           isShuttingDown: { [self] in self.stopping.load(ordering: .relaxed) })
        }
        var commits = 0
        var tracker = ReadyTracker(settle: config.settle)
        let rescanNanos = Self.nanos(config.rescanInterval)
        // The loop wakes at least this often: lease heartbeat, and a sign of life for the watchdog.
        let heartbeatNanos = min(max(Self.nanos(config.lease) / 3, 100_000_000), 5_000_000_000)
        var nextRescan: Int64 = 0
        var nextHeartbeat = Clocks.realtimeNanos() + heartbeatNanos
        var announcedReady = false
        var skippedDirectories = Set<FileName>()
        var inFlight: [Task<Void, Never>] = []

        // Files this instance or a dead one left claimed come first.
        _ = takeover.adoptOrphans(nowNanos: Clocks.realtimeNanos(), logger: logger)
        await processor.process(((try? FileOps.list(layout.processing)) ?? []).sorted())

        while !stopping.load(ordering: .relaxed) {
            stats.alive()
            // Wall-clock time throughout: file mtimes are compared with it.
            var now = Clocks.realtimeNanos()
            var rescan = now >= nextRescan
            for event in watcher.drain() {
                switch event {
                case .movedIn(let n) where !n.isIgnored: tracker.movedIn(n, now: now)
                case .closedAfterWrite(let n) where !n.isIgnored:
                    tracker.closedAfterWrite(n, status: FileOps.status(layout.inbox, n), now: now)
                case .rescanNeeded: rescan = true
                default: break
                }
            }
            if rescan {
                scan(into: &tracker, now: now, skipped: &skippedDirectories)
                if takeover.adoptOrphans(nowNanos: Clocks.realtimeNanos(), logger: logger) > 0 {
                    await processor.process(((try? FileOps.list(layout.processing)) ?? []).sorted())
                }
                nextRescan = now + rescanNanos
                if !announcedReady { announcedReady = true; onReady() }
            }
            if now >= nextHeartbeat { takeover.heartbeat(); nextHeartbeat = now + heartbeatNanos }
            stats.waiting.store(tracker.count, ordering: .relaxed)
            stats.oldestWaitingNanos.store(tracker.oldestReadyAt ?? 0, ordering: .relaxed)
            // While the database is unreachable, claim nothing more: let the batch in hand retry.
            if !stats.databaseUp.load(ordering: .relaxed), !inFlight.isEmpty {
                for t in inFlight { await t.value }
                inFlight.removeAll()
                continue
            }

            var claimed: [FileName] = []
            for name in tracker.ready(now: now, limit: config.batchSize) {
                let st = FileOps.status(layout.inbox, name)
                if st.kind == .missing { tracker.remove(name); continue }
                if st.kind == .directory {
                    tracker.remove(name)
                    if skippedDirectories.insert(name).inserted {
                        logger.notice("skipping a directory in the inbox", metadata: ["name": "\(name)"])
                    }
                    continue
                }
                if st.kind == .regular, !tracker.confirm(name, status: st, now: now) { continue }
                tracker.remove(name)
                do {
                    // Symlinks, FIFOs and devices are claimed too (never opened) and fail with a reason.
                    let target = try FileOps.moveUnique(layout.inbox, name, layout.processing, name)
                    claimed.append(target)
                    stats.claimed.add(1, ordering: .relaxed)
                    stats.metrics.increment("bulletind_files_claimed_total")
                } catch {
                    // ENOENT: another instance took it first.
                    if error.errno != 2 { logger.warning("could not claim", metadata: ["file": "\(name)", "error": "\(error)"]) }
                }
            }
            if !claimed.isEmpty {
                // Extract this batch while earlier ones commit, with at most `writers` commits in flight.
                let batch = await processor.prepare(claimed)
                if inFlight.count >= max(1, config.writers) { await inFlight.removeFirst().value }
                let writer = processors[commits % processors.count]
                commits += 1
                inFlight.append(Task { await writer.commit(batch) })
                continue
            }
            if !inFlight.isEmpty {
                await inFlight.removeFirst().value
                continue
            }
            now = Clocks.realtimeNanos()
            var wakeAt = min(nextRescan, nextHeartbeat)
            if let d = tracker.nextDeadline(after: now) { wakeAt = min(wakeAt, d) }
            let waitNanos = max(1_000_000, wakeAt - now)
            await signal.wait(timeout: .nanoseconds(waitNanos), clock: ContinuousClock())
        }
        // Shutdown: the batches being committed are finished first.
        for t in inFlight { await t.value }
    }

    /// Lists the inbox and records every candidate.
    private func scan(into tracker: inout ReadyTracker, now: Int64, skipped: inout Set<FileName>) {
        let names: [FileName]
        do { names = try FileOps.list(layout.inbox) } catch {
            logger.error("cannot list the inbox", metadata: ["error": "\(error)"])
            return
        }
        for n in names where !n.isIgnored && !skipped.contains(n) {
            tracker.scanned(n, status: FileOps.status(layout.inbox, n), now: now)
        }
    }

    static func nanos(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }
}
