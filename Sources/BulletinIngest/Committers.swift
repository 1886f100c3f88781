import BulletinStore
import DaemonSupport
import Logging
import ServiceKit
import ServiceLifecycle

/// The last stage of the pipeline: W committers (one database connection each) take up to a
/// batch of extracted files at a time, store them in one transaction, and move each file as
/// its state machine says: to `done/` once committed, to `failed/` once the database refused
/// it too often, or back into the next attempt after a backoff.
///
/// A transient failure (the database is down or restarting) is retried without limit, so no
/// file goes to `failed/` because of an outage. When graceful shutdown comes while the
/// database is unavailable, the files in hand stay claimed for the next start.
///
/// Each attempt, from the call to the store to the last move, holds a ticket of `fence`:
/// reconciliation after a failover waits for the attempts under way to finish their moves
/// to `done/` before it looks there.
struct Committers<C: Clock>: Sendable where C.Instant == WallClock.Instant, C: Sendable {
    let store: any DocumentStore
    let configuration: IngestConfiguration
    let clock: C
    let finisher: FileFinisher<C>
    let logger: Logger
    let stats: QueueStats
    let metrics: Metrics
    let input: BoundedHandoff<ExtractedFile>
    let fence: InFlightGate

    /// Runs the committers until the input is finished and drained.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, configuration.writers) {
                group.addTask {
                    for await files in input.batches(upTo: configuration.batchSize) { await commit(files) }
                }
            }
        }
    }

    /// Stores `files` until each is committed, failed or left claimed.
    func commit(_ files: [ExtractedFile]) async {
        var pending = files
        while !pending.isEmpty {
            let batch = DocumentBatch(documents: pending.map(\.extracted), pluginVersions: finisher.pluginVersions)
            let started = ContinuousClock.now
            let ticket = fence.enter()
            let results: [Result<StoreOutcome, DatabaseError>]
            do {
                results = try await store.store(batch)
                stats.alive()
                metrics.dbTransactionDuration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            } catch {
                guard error.isTransient else {
                    // A batch-level permanent failure (the schema is missing…): one refusal for each file.
                    results = Array(repeating: .failure(error), count: pending.count)
                    let retry = apply(results, to: pending)
                    fence.leave(ticket)
                    pending = await backoff(retry)
                    continue
                }
                fence.leave(ticket)
                stats.retries.add(1, ordering: .relaxed)
                metrics.dbRetries.increment()
                if Task.isShuttingDownGracefully {
                    leaveClaimed(&pending)
                    return
                }
                pending = await retryLater(pending)
                continue
            }
            let retry = apply(results, to: pending)
            fence.leave(ticket)
            pending = await backoff(retry)
        }
    }

    /// Files to store again, and the attempt whose backoff they wait.
    private struct Retry {
        var files: [ExtractedFile] = []
        var attempt = 0
    }

    /// Waits the backoff `retry` asks for, if it holds files; returns them.
    private func backoff(_ retry: Retry) async -> [ExtractedFile] {
        if !retry.files.isEmpty { await backoff(retry.attempt) }
        return retry.files
    }

    /// Feeds each file its result; moves the finished ones and returns the rest.
    private func apply(
        _ results: [Result<StoreOutcome, DatabaseError>],
        to files: [ExtractedFile]
    ) -> Retry {
        var retry = Retry()
        var tally = FileFinisher<C>.Tally()
        defer { tally.flush(into: metrics) }
        for (extractedFile, result) in zip(files, results) {
            var item = extractedFile
            let event: FileStateMachine.Event
            switch result {
            case .success: event = .storeSucceeded
            case .failure(let error): event = .storeFailedPermanent(sqlState: error.sqlState.rawValue)
            }
            switch item.file.handle(event) {
            case .moveToDone:
                guard case .success(let outcome) = result else { break }
                finisher.moveToDone(&item.file, item.extracted, outcome, &tally)
            case .moveToFailed(let reason):
                guard case .failure(let error) = result else { break }
                finisher.moveToFailed(
                    &item.file,
                    reason: reason,
                    detail: error.description,
                    sha256: item.extracted.document.sha256
                )
            case .retryAfterBackoff(let next):
                if case .failure(let error) = result {
                    logger.warning(
                        "database rejected a document; will retry",
                        metadata: ["file": "\(item.file.name)", "error": "\(error)"]
                    )
                }
                retry.attempt = max(retry.attempt, next)
                retry.files.append(item)
            default:
                break
            }
        }
        return retry
    }

    /// Records a transient failure for every file and waits the backoff they ask for.
    private func retryLater(_ files: [ExtractedFile]) async -> [ExtractedFile] {
        var attempt = 0
        var retry: [ExtractedFile] = []
        for extractedFile in files {
            var item = extractedFile
            if case .retryAfterBackoff(let next) = item.file.handle(.storeFailedTransient) {
                attempt = max(attempt, next)
            }
            retry.append(item)
        }
        await backoff(attempt)
        return retry
    }

    /// Shutdown while the database is unavailable: the files stay claimed for the next start.
    private func leaveClaimed(_ files: inout [ExtractedFile]) {
        logger.notice(
            "shutting down while the database is unavailable; files stay claimed for the next start",
            metadata: ["files": "\(files.count)"]
        )
        for index in files.indices where files[index].file.handle(.shutdownWhileUnavailable) == .leaveClaimed {
            finisher.observer?.fileLeftClaimed(files[index].file.name)
        }
        files.removeAll()
    }

    /// Sleeps the retry policy's delay for `attempt`, or less when graceful shutdown begins.
    private func backoff(_ attempt: Int) async {
        stats.alive()  // waiting for the database on purpose is not a hang
        let delay = configuration.retry.delay(attempt: attempt)
        let clock = clock
        try? await cancelWhenGracefulShutdown { try await clock.sleep(for: delay) }
    }
}
