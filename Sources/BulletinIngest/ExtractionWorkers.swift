import BulletinCore
import BulletinPlugins
import BulletinStore
import DaemonSupport
import Dispatch
import ServiceKit

#if canImport(Glibc)
import Glibc
#endif

/// The second stage of the pipeline: N workers (one per core unless set) take claimed files
/// one after another, read each (bounded, never following symlinks), decode it and run every
/// plugin over it, and hand the document to the committers. A file whose bytes cannot become
/// a document goes to `failed/` from here; it needs no database.
///
/// Pure CPU work: the workers stop when the claimer has finished its hand-off and they have
/// drained it, then finish their own.
struct ExtractionWorkers<C: Clock>: Sendable where C.Instant == WallClock.Instant, C: Sendable {
    let directories: QueueDirectories
    let configuration: IngestConfiguration
    let registry: PluginRegistry
    let finisher: FileFinisher<C>
    let metrics: Metrics
    let input: BoundedHandoff<QueuedFile>
    let output: BoundedHandoff<ExtractedFile>
    /// Names the file each worker is extracting, for the instance that takes over after a crash.
    let ledger: CrashLedger

    /// What reading and extracting a file gave.
    enum Preparation: Sendable {
        case extracted(ExtractedDocument)
        case rejected(Rejection)
    }

    /// The number of workers: `configuration.workers`, or one per core.
    var count: Int { configuration.workerCount }

    /// Runs the workers until the input is finished and drained; then finishes the output.
    ///
    /// Each worker extracts on a thread of its own (a serial dispatch queue), not on Swift's
    /// cooperative pool: a large page takes seconds of CPU, and the pool (one thread per core)
    /// also runs the lease heartbeat, the watchdog pings and the HTTP endpoints.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            for slot in 0..<count {
                let thread = DispatchQueue(label: "bulletind.extract.\(slot)")
                group.addTask {
                    for await files in input.batches(upTo: Self.filesPerTurn) {
                        await process(files, slot: slot, on: thread)
                    }
                }
            }
        }
        output.finish()
    }

    /// The most files a worker takes from the hand-off at once and extracts in one turn on its
    /// thread. Each turn costs a wake-up of the thread and of the task that waits for it; under a
    /// backlog, taking four files per turn cut the daemon's CPU per document by about 3 %
    /// (0.96 → 0.93 ms, medians of runs of 5,000 files). With no backlog a turn holds the one
    /// file there is, so latency is unchanged.
    static var filesPerTurn: Int { 4 }

    private func process(_ claimed: [QueuedFile], slot: Int, on thread: DispatchQueue) async {
        var files: [QueuedFile] = []
        files.reserveCapacity(claimed.count)
        for var file in claimed {
            file.startedAt = .now
            let crashes = ledger.crashes(file.name)
            if CrashCount.verdict(crashes) == .condemned {
                let detail =
                    "the daemon stopped \(crashes) times in a row while extracting this file; not tried again "
                    + "(move it back to the inbox to retry)"
                guard case .moveToFailed(let reason) = file.handle(.rejected(.crashedExtractor)) else { continue }
                finisher.moveToFailed(&file, reason: reason, detail: detail, sha256: nil)
                continue
            }
            files.append(file)
        }
        guard !files.isEmpty else { return }
        let toRead = files
        let preparations = await thread.perform {
            toRead.map { file in
                ledger.marking(slot: slot, file.name) { prepare(file.name, claimedSize: file.claimedSize) }
            }
        }
        for (index, preparation) in preparations.enumerated() {
            var file = files[index]
            switch preparation {
            case .rejected(let rejection):
                guard case .moveToFailed(let reason) = file.handle(.rejected(rejection.reason)) else { continue }
                finisher.moveToFailed(&file, reason: reason, detail: rejection.detail, sha256: rejection.sha256)
            case .extracted(let extracted):
                guard file.handle(.extracted) == .store else { continue }
                await output.send(ExtractedFile(file: file, extracted: extracted))
            }
        }
    }

    /// Extracts the suspect `name` alone, in the probe's marker slot (one after the workers'),
    /// and clears its count when that ends: a crash now names it alone.
    func probe(_ name: FileName) {
        _ = ledger.marking(slot: count, name) { prepare(name) }
        ledger.record(name, crashes: 0)
    }

    /// Reads, decodes and extracts the file `name` of the processing folder, claimed at
    /// `claimedSize` bytes (see ``FileGrowth``; nil: read up to the limit).
    func prepare(_ name: FileName, claimedSize: Int? = nil) -> Preparation {
        let status = FileOps.status(directories.processing, name)
        guard status.kind == .regular else {
            return .rejected(Rejection(reason: .notRegularFile, detail: "not a regular file (\(status.kind))"))
        }
        var read: FileOps.BoundedRead
        do {
            let limit = FileGrowth.readLimit(claimedSize: claimedSize, maxFileBytes: configuration.maxFileBytes)
            read = try FileOps.readBounded(directories.processing, name, limit: limit)
        } catch {
            let reason: FailureReason = error.errno == ELOOP || error.errno == EINVAL ? .notRegularFile : .unreadable
            return .rejected(Rejection(reason: reason, detail: error.description))
        }
        if read.links > 1 {
            // A hard link may lead to a file its producer could not read: never read it.
            let detail = "a hard link (\(read.links) links to the same file): not read; drop a copy instead"
            return .rejected(Rejection(reason: .hardLink, detail: detail))
        }
        // Taken out of `read` so that extraction can let the bytes go once they are decoded.
        guard let bytes = read.bytes.take() else {
            let limit = configuration.maxFileBytes
            return .rejected(FileGrowth.unread(size: read.size, claimedSize: claimedSize, maxFileBytes: limit))
        }
        let sha256 = SHA256.hex(bytes)
        do {
            let metrics = metrics
            let extraction = try registry.extract(
                bytes: consume bytes,
                sha256: sha256,
                fileName: "\(name)",
                timing: { plugin, seconds in
                    metrics.extractionDuration(plugin: plugin).recordNanoseconds(Int64(seconds * 1e9))
                }
            )
            FaultInjection.crashIfRequested(extraction.record)
            return .extracted(ExtractedDocument(document: extraction.record, observations: extraction.observations))
        } catch {
            let reason: FailureReason
            switch error.code {
            case .empty: reason = .empty
            case .binary: reason = .binary
            case .undecodable: reason = .undecodable
            }
            return .rejected(Rejection(reason: reason, detail: error.detail, sha256: sha256))
        }
    }
}
