#if canImport(Glibc)
import Glibc
#endif
import BulletinCore
import BulletinDB
import BulletinPlugins
import Logging
import Synchronization

/// Turns claimed files into committed rows: read (bounded), decode, extract with every plugin,
/// store the batch in one transaction (retrying transient failures with backoff, without
/// limit), and only then move each file to `done/`, or to `failed/` with a sidecar.
public struct BatchProcessor: Sendable {
    let layout: QueueLayout
    let config: QueueConfig
    let database: Database
    let registry: PluginRegistry
    let logger: Logger
    let stats: QueueStats
    /// Returns true once shutdown has begun: a batch the database cannot take is then left claimed.
    let isShuttingDown: @Sendable () -> Bool

    public init(layout: QueueLayout, config: QueueConfig, database: Database, registry: PluginRegistry, logger: Logger,
                stats: QueueStats, isShuttingDown: @escaping @Sendable () -> Bool) {
        self.layout = layout; self.config = config; self.database = database; self.registry = registry
        self.logger = logger; self.stats = stats; self.isShuttingDown = isShuttingDown
    }

    /// A document ready to store, or the reason it cannot be.
    enum Prepared: Sendable {
        case ready(Document, [Observation], startedNanos: Int64)
        case rejected(FailureReason, String, sha256: String?)
    }

    /// Claimed files, read, decoded and extracted, waiting for their commit.
    public struct PreparedBatch: Sendable {
        let items: [(FileName, Prepared)]
        let firstAttempt: Double
        public var isEmpty: Bool { items.isEmpty }
    }

    /// Processes files already in this instance's processing folder.
    public func process(_ names: [FileName]) async {
        await commit(await prepare(names))
    }

    /// Reads, decodes and extracts `names` in parallel (pure CPU work, no database).
    public func prepare(_ names: [FileName]) async -> PreparedBatch {
        let firstAttempt = Clocks.unixSeconds()
        // A few workers (one per core unless set) take the files one after another from a shared
        // counter: a child task per file cost more in task switches than some files take.
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let workers = min(names.count, config.workers > 0 ? config.workers : cores)
        let next = SharedCounter()
        let prepared: [(FileName, Prepared)] = await withTaskGroup(of: [(Int, Prepared)].self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var mine: [(Int, Prepared)] = []
                    while true {
                        let i = next.take()
                        guard i < names.count else { break }
                        mine.append((i, self.prepare(names[i])))
                    }
                    return mine
                }
            }
            var out = [Prepared?](repeating: nil, count: names.count)
            for await part in group { for (i, p) in part { out[i] = p } }
            return zip(names, out).compactMap { name, p in p.map { (name, $0) } }
        }
        return PreparedBatch(items: prepared, firstAttempt: firstAttempt)
    }

    /// Commits a prepared batch (retrying transient failures) and then moves each file.
    public func commit(_ batch: PreparedBatch) async {
        guard !batch.isEmpty else { return }
        let prepared = batch.items
        let firstAttempt = batch.firstAttempt
        var pending: [(FileName, Document, [Observation], Int64, FileStateMachine)] = []
        for (name, p) in prepared {
            var machine = FileStateMachine(maxPermanentAttempts: config.maxPermanentAttempts)
            _ = machine.handle(.claimed)
            switch p {
            case .rejected(let reason, let detail, let sha):
                _ = machine.handle(.rejected(reason))
                fail(name, reason: reason, detail: detail, attempts: 1, first: firstAttempt, sha256: sha)
            case .ready(let doc, let obs, let started):
                pending.append((name, doc, obs, started, machine))
            }
        }
        var attempt = 0
        while !pending.isEmpty {
            // Parameters are built here, off the database thread.
            let insert = DocumentStore.prepareBatch(pending.map { ($0.1, $0.2) }, versions: registry.plugins.map { ($0.name, $0.version) })
            let batch = insert.documents
            let results: [Result<StoreOutcome, DatabaseError>]
            do {
                let t0 = Clocks.monotonicNanos()
                results = try await database.run("store \(batch.count) documents") { conn throws(DatabaseError) in
                    try DocumentStore.storeBatch(insert, on: conn)
                }
                stats.metrics.observe("bulletind_db_transaction_duration_seconds", [], Double(Clocks.monotonicNanos() - t0) / 1e9)
                stats.databaseUp.store(true, ordering: .relaxed)
                stats.databaseProblem.withLock { $0 = "" }
            } catch {
                guard error.isTransient else {
                    // A batch-level permanent error (e.g. schema missing): treat each as failed once.
                    results = Array(repeating: .failure(error), count: batch.count)
                    apply(results, &pending, firstAttempt)
                    attempt += 1
                    if !pending.isEmpty { await backoff(attempt) }
                    continue
                }
                stats.databaseUp.store(false, ordering: .relaxed)
                stats.databaseProblem.withLock { $0 = "SQLSTATE \(error.sqlState) \(error.message)" }
                stats.retries.add(1, ordering: .relaxed)
                stats.metrics.increment("bulletind_db_retries_total")
                if isShuttingDown() {
                    logger.notice("shutting down while the database is unavailable; files stay claimed for the next start",
                                  metadata: ["files": "\(pending.count)"])
                    return
                }
                await backoff(attempt)
                attempt += 1
                continue
            }
            apply(results, &pending, firstAttempt)
            if !pending.isEmpty {
                attempt += 1
                await backoff(attempt)
            }
        }
    }

    /// Applies per-document results: commits move to done, permanent failures count an attempt.
    private func apply(_ results: [Result<StoreOutcome, DatabaseError>],
                        _ pending: inout [(FileName, Document, [Observation], Int64, FileStateMachine)], _ first: Double) {
        var still: [(FileName, Document, [Observation], Int64, FileStateMachine)] = []
        var tally = Tally()
        defer { tally.flush(into: stats.metrics) }
        for (entry, result) in zip(pending, results) {
            var (name, doc, obs, started, machine) = entry
            switch result {
            case .success(let outcome):
                _ = machine.handle(.storeSucceeded)
                finish(name, doc, obs, outcome, started, &tally)
            case .failure(let error):
                switch machine.handle(.storeFailedPermanent(sqlState: error.sqlState.rawValue)) {
                case .moveToFailed(let reason):
                    fail(name, reason: reason, detail: error.description, attempts: config.maxPermanentAttempts,
                         first: first, sha256: doc.sha256)
                default:
                    logger.warning("database rejected a document; will retry", metadata: ["file": "\(name)", "error": "\(error)"])
                    still.append((name, doc, obs, started, machine))
                }
            }
        }
        pending = still
    }

    private func backoff(_ attempt: Int) async {
        stats.alive()   // waiting for the database on purpose is not a hang
        try? await Task.sleep(for: config.retry.delay(attempt: attempt))
    }

    private func prepare(_ name: FileName) -> Prepared {
        let started = Clocks.monotonicNanos()
        let st = FileOps.status(layout.processing, name)
        guard st.kind == .regular else {
            return .rejected(.notRegularFile, "not a regular file (\(st.kind))", sha256: nil)
        }
        let read: (bytes: [UInt8]?, size: Int64)
        do {
            read = try FileOps.readBounded(layout.processing, name, limit: config.maxFileBytes)
        } catch {
            if error.errno == ELOOP || error.errno == EINVAL { return .rejected(.notRegularFile, error.description, sha256: nil) }
            return .rejected(.unreadable, error.description, sha256: nil)
        }
        guard let bytes = read.bytes else {
            return .rejected(.tooLarge, "\(read.size) bytes is over the limit of \(config.maxFileBytes)", sha256: nil)
        }
        do {
            let doc = try Document(bytes: bytes, fileName: "\(name)")
            let metrics = stats.metrics
            let obs = registry.extract(doc, timing: { plugin, seconds in
                metrics.observe("bulletind_extraction_duration_seconds", [("plugin", plugin)], seconds)
            })
            return .ready(doc, obs, startedNanos: started)
        } catch {
            let reason: FailureReason
            switch error.code {
            case .empty: reason = .empty
            case .binary: reason = .binary
            case .undecodable: reason = .undecodable
            }
            return .rejected(reason, error.detail, sha256: SHA256.hex(bytes))
        }
    }

    /// `enterprises.high_tech.total` → `high_tech`: the metric label for a key's family.
    static func family(_ key: String) -> String {
        let parts = key.split(separator: ".")
        return parts.count >= 2 ? String(parts[1]) : key
    }

    /// Counter increments of one batch, added to the metrics once per batch rather than once
    /// per file (each addition renders labels and takes a lock).
    struct Tally {
        var done = 0, inserted = 0, duplicates = 0
        var observations: [String: Int] = [:]    // "plugin|family"

        func flush(into metrics: Metrics) {
            if done > 0 { metrics.increment("bulletind_files_done_total", by: Double(done)) }
            if inserted > 0 { metrics.increment("bulletind_documents_inserted_total", by: Double(inserted)) }
            if duplicates > 0 { metrics.increment("bulletind_documents_duplicate_total", by: Double(duplicates)) }
            for (id, n) in observations {
                let parts = id.split(separator: "|", maxSplits: 1).map(String.init)
                metrics.increment("bulletind_observations_total", [("plugin", parts[0]), ("family", parts.count > 1 ? parts[1] : "")],
                                  by: Double(n))
            }
        }
    }

    private func finish(_ name: FileName, _ doc: Document, _ observations: [Observation], _ outcome: StoreOutcome, _ started: Int64,
                        _ tally: inout Tally) {
        let target: FileName
        do {
            target = try FileOps.moveUnique(layout.processing, name, layout.done, name)
        } catch {
            logger.error("stored, but could not move to done/", metadata: ["file": "\(name)", "error": "\(error)"])
            return
        }
        stats.done.add(1, ordering: .relaxed)
        tally.done += 1
        let ms = Double(Clocks.monotonicNanos() - started) / 1e6
        switch outcome {
        case .inserted(_, let n):
            stats.inserted.add(1, ordering: .relaxed)
            stats.observations.add(n, ordering: .relaxed)
            tally.inserted += 1
            for i in observations.indices {
                tally.observations[observations[i].plugin + "|" + Self.family(observations[i].key), default: 0] += 1
            }
            logger.info("stored", metadata: ["file": "\(target)", "sha256": "\(doc.sha256.prefix(12))", "observations": "\(n)",
                                             "encoding": "\(doc.encoding)", "duration_ms": "\(Int(ms))"])
        case .duplicate:
            stats.duplicates.add(1, ordering: .relaxed)
            tally.duplicates += 1
            logger.info("duplicate: already stored", metadata: ["file": "\(target)", "sha256": "\(doc.sha256.prefix(12))",
                                                                "duration_ms": "\(Int(ms))"])
        }
    }

    func fail(_ name: FileName, reason: FailureReason, detail: String, attempts: Int, first: Double, sha256: String?) {
        let target: FileName
        do {
            target = try FileOps.moveUnique(layout.processing, name, layout.failed, name)
        } catch {
            logger.error("could not move to failed/", metadata: ["file": "\(name)", "error": "\(error)"])
            return
        }
        let sidecar = FailureSidecar(file: name, reason: reason, detail: detail, attempts: attempts, firstAttemptUnix: first,
                                     lastAttemptUnix: Clocks.unixSeconds(), sha256: sha256,
                                     pluginVersions: registry.plugins.map { ($0.name, $0.version) })
        do {
            try FileOps.writeAtomically(layout.failed, target.appending(".error.json"), Array(sidecar.json.utf8))
        } catch {
            logger.error("could not write the failure sidecar", metadata: ["file": "\(target)", "error": "\(error)"])
        }
        stats.failed.add(1, ordering: .relaxed)
        stats.metrics.increment("bulletind_files_failed_total", [("reason", reason.code)])
        logger.warning("failed", metadata: ["file": "\(target)", "reason": "\(reason.code)", "detail": "\(detail)"])
    }
}

/// Wall and monotonic time in the units the queue uses.
enum Clocks {
    static func monotonicNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func realtimeNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func unixSeconds() -> Double { Double(realtimeNanos()) / 1e9 }
}

/// A counter shared by the workers of one batch: each `take()` returns the next index.
final class SharedCounter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
