import BulletinCore
import BulletinStore
import DaemonSupport
import Logging
import ServiceKit

/// Carries out the moves a file's state machine asks for: to `done/` once its document is
/// committed, to `failed/` with a sidecar once it can never succeed; logs the outcome and
/// counts it. The result of each move goes back to the machine.
struct FileFinisher<C: Clock>: Sendable where C.Instant == WallClock.Instant, C: Sendable {
    let directories: QueueDirectories
    let clock: C
    let logger: Logger
    let stats: QueueStats
    let metrics: Metrics
    let pluginVersions: [PluginVersion]
    let observer: (any IngestObserver)?
    /// Crash counts, forgotten for a file once it leaves the processing folder.
    var ledger: CrashLedger? = nil

    /// Per-batch counter increments, added to the metrics once per batch rather than once per
    /// file (each addition renders labels and takes a lock).
    struct Tally {
        var done = 0
        var inserted = 0
        var duplicates = 0
        /// Observations by plugin, then by key (grouped into families once per batch).
        var observations: [String: [String: Int]] = [:]

        func flush(into metrics: Metrics) {
            if done > 0 { metrics.filesDone.increment(by: done) }
            if inserted > 0 { metrics.documentsInserted.increment(by: inserted) }
            if duplicates > 0 { metrics.documentsDuplicate.increment(by: duplicates) }
            for (plugin, keys) in observations {
                var families: [String: Int] = [:]
                for (key, count) in keys { families[FileFinisher.family(key), default: 0] += count }
                for (family, count) in families {
                    metrics.observations(plugin: plugin, family: family).increment(by: count)
                }
            }
        }
    }

    /// `enterprises.high_tech.total` → `high_tech`: the metric label for a key's family.
    static func family(_ key: String) -> String {
        let parts = key.split(separator: ".")
        return parts.count >= 2 ? String(parts[1]) : key
    }

    /// Moves a committed file to `done/` (its machine asked for it) and logs what was stored.
    func moveToDone(
        _ file: inout QueuedFile,
        _ extracted: ExtractedDocument,
        _ outcome: StoreOutcome,
        _ tally: inout Tally
    ) {
        let target: FileName
        do {
            target = try FileOps.moveUnique(directories.processing, file.name, directories.done, file.name)
        } catch {
            _ = file.handle(.moveFailed)
            logger.error(
                "stored, but could not move to done/",
                metadata: ["file": "\(file.name)", "error": "\(error)"]
            )
            observer?.fileLeftClaimed(file.name)
            return
        }
        _ = file.handle(.moved)
        ledger?.forget(file.name)
        // Its modification time is now the time it arrived: reconciliation and retention go by it.
        FileOps.setTimes(directories.done, target, nanos: clock.now.nanosecondsSince1970)
        stats.done.add(1, ordering: .relaxed)
        tally.done += 1
        let milliseconds = Int((ContinuousClock.now - file.startedAt).seconds * 1000)
        let document = extracted.document
        switch outcome {
        case .inserted(_, let count):
            stats.inserted.add(1, ordering: .relaxed)
            stats.observations.add(count, ordering: .relaxed)
            tally.inserted += 1
            let observations = extracted.observations
            for index in observations.indices {
                tally.observations[observations[index].plugin, default: [:]][observations[index].key, default: 0] += 1
            }
            logger.info(
                "stored",
                metadata: [
                    "file": "\(target)", "sha256": "\(document.sha256.prefix(12))", "observations": "\(count)",
                    "encoding": "\(document.encoding)", "duration_ms": "\(milliseconds)",
                ]
            )
        case .duplicate:
            stats.duplicates.add(1, ordering: .relaxed)
            tally.duplicates += 1
            logger.info(
                "duplicate: already stored",
                metadata: [
                    "file": "\(target)", "sha256": "\(document.sha256.prefix(12))", "duration_ms": "\(milliseconds)",
                ]
            )
        }
        observer?.fileDone(target, outcome)
    }

    /// Moves a file that can never succeed to `failed/` (its machine asked for it), with a
    /// sidecar saying why.
    func moveToFailed(_ file: inout QueuedFile, reason: FailureReason, detail: String, sha256: String?) {
        let attempts = file.machine.attempts
        let target: FileName
        do {
            target = try FileOps.moveUnique(directories.processing, file.name, directories.failed, file.name)
        } catch {
            _ = file.handle(.moveFailed)
            logger.error("could not move to failed/", metadata: ["file": "\(file.name)", "error": "\(error)"])
            observer?.fileLeftClaimed(file.name)
            return
        }
        _ = file.handle(.moved)
        ledger?.forget(file.name)
        let sidecar = FailureSidecar(
            file: target,
            reason: reason,
            detail: detail,
            attempts: attempts,
            firstAttempt: file.claimedAt,
            lastAttempt: clock.now,
            sha256: sha256,
            pluginVersions: pluginVersions
        )
        let arrived = clock.now.nanosecondsSince1970
        FileOps.setTimes(directories.failed, target, nanos: arrived)
        do {
            let sidecarName = target.appending(".error.json", within: FileOps.maxNameBytes)
            try FileOps.writeAtomically(directories.failed, sidecarName, Array(sidecar.json.utf8))
            FileOps.setTimes(directories.failed, sidecarName, nanos: arrived)
        } catch {
            logger.error("could not write the failure sidecar", metadata: ["file": "\(target)", "error": "\(error)"])
        }
        stats.failed.add(1, ordering: .relaxed)
        metrics.filesFailed(reason: reason.code).increment()
        logger.warning("failed", metadata: ["file": "\(target)", "reason": "\(reason.code)", "detail": "\(detail)"])
        observer?.fileFailed(target, reason)
    }
}
