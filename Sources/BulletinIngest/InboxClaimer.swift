import DaemonSupport
import Logging
import ServiceKit
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// The first stage of the pipeline: follows the inbox (inotify events, periodic rescans, the
/// settle deadlines of files written in place), claims ready files by renaming them into this
/// instance's processing folder, and hands them to the extraction workers.
///
/// It claims only as many files as the hand-off has room for, so a slow database holds a
/// known number of files, never the whole inbox. On graceful shutdown it stops claiming and
/// finishes the hand-off, and the later stages drain what was claimed.
struct InboxClaimer<C: Clock>: Sendable where C.Instant == WallClock.Instant, C: Sendable {
    let directories: QueueDirectories
    var layout: QueueLayout { directories.layout }
    let budget: ByteBudget
    let configuration: IngestConfiguration
    let clock: C
    let takeover: Takeover
    let logger: Logger
    let stats: QueueStats
    let metrics: Metrics
    let output: BoundedHandoff<QueuedFile>
    /// The crash counts of files taken over.
    let ledger: CrashLedger
    /// Where a processing folder found gone is reported (readiness).
    let folders: FolderAlarm
    /// Extracts a suspect alone (see ``CrashLedger``) before it is handed over.
    let probe: @Sendable (FileName) -> Void

    /// What wakes the claim loop.
    enum Input: Sendable {
        case inbox(InboxEvent)
        case rescanDue
        case settleDeadline
    }

    /// Claims files until graceful shutdown; opens `ready` once the inbox is watched and was
    /// listed. Finishes `output`.
    func run(ready: ReadinessLatch) async {
        defer { output.finish() }
        let inputs = BoundedHandoff<Input>(capacity: 4096)
        let (wakeUps, wakeUpRequests) = AsyncStream.makeStream(of: WallClock.Instant.self)
        let inbox = layout.inbox
        let rescanInterval = configuration.rescanInterval
        let clock = clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in InboxWatcher(directory: inbox) {
                    guard await inputs.send(.inbox(event)) else { break }
                }
            }
            group.addTask {
                for await _ in PeriodicTicks(every: rescanInterval, clock: clock) {
                    guard await inputs.send(.rescanDue) else { break }
                }
            }
            group.addTask {
                // Deadlines are requested one at a time, in order, so one sleeper serves them all.
                for await deadline in wakeUps {
                    guard (try? await clock.sleep(until: deadline, tolerance: nil)) != nil else { break }
                    await inputs.send(.settleDeadline)
                }
            }
            var loop = ClaimLoop(claimer: self, wakeUpRequests: wakeUpRequests)
            await loop.run(inputs: inputs, ready: ready)
            wakeUpRequests.finish()
            inputs.finish()
            group.cancelAll()
        }
    }

    /// The claim loop's state: the files known in the inbox.
    struct ClaimLoop {
        let claimer: InboxClaimer
        let wakeUpRequests: AsyncStream<WallClock.Instant>.Continuation
        var tracker: ReadyTracker
        var skippedDirectories = Set<FileName>()
        /// The settle deadline a wake-up is requested for, if any.
        var pendingWakeUp: Int64?

        init(claimer: InboxClaimer, wakeUpRequests: AsyncStream<WallClock.Instant>.Continuation) {
            self.claimer = claimer
            self.wakeUpRequests = wakeUpRequests
            self.tracker = ReadyTracker(settle: claimer.configuration.settle)
        }

        private var layout: QueueLayout { claimer.layout }
        private var directories: QueueDirectories { claimer.directories }
        private var now: Int64 { claimer.clock.now.nanosecondsSince1970 }

        mutating func run(inputs: BoundedHandoff<Input>, ready: ReadinessLatch) async {
            // Files this instance or a dead one left claimed come first.
            _ = claimer.takeover.adoptOrphans(nowNanos: now, logger: claimer.logger)
            await handOver(((try? FileOps.list(directories.processing)) ?? []).sorted())
            for await batch in inputs.batches(upTo: 4096).cancelOnGracefulShutdown() {
                claimer.stats.alive()
                var rescan = false
                var watching = false
                for input in batch {
                    switch input {
                    case .inbox(.movedIn(let name)) where !name.isIgnored:
                        tracker.movedIn(name, now: now)
                    case .inbox(.closedAfterWrite(let name)) where !name.isIgnored:
                        tracker.closedAfterWrite(name, status: FileOps.status(directories.inbox, name), now: now)
                    case .inbox(.created(let name)) where !name.isIgnored:
                        tracker.created(name, status: FileOps.status(directories.inbox, name), now: now)
                    case .inbox(.rescanNeeded):
                        rescan = true
                        watching = true
                    case .rescanDue:
                        rescan = true
                    case .settleDeadline:
                        pendingWakeUp = nil
                    case .inbox:
                        break
                    }
                }
                if rescan {
                    scan()
                    await handOver(claimer.takeover.adoptOrphans(nowNanos: now, logger: claimer.logger))
                }
                // Ready once the inbox is watched (its first event asks for a rescan) and listed.
                if watching && !ready.isOpen {
                    ready.open()
                    claimer.logger.notice("ready", metadata: ["inbox": "\(layout.inbox)", "owner": "\(layout.owner)"])
                }
                await claimReadyFiles()
                requestWakeUp()
            }
            claimer.logger.info("shutdown requested; finishing the files in hand")
        }

        /// Claims ready files while there are any, as the hand-off makes room for them.
        private mutating func claimReadyFiles() async {
            while let room = await room() {
                let names = tracker.ready(now: now, limit: room)
                for name in names {
                    if let file = await claim(name) { await claimer.output.send(file) }
                }
                publishQueueState()
                if names.count < room { return }
            }
        }

        /// Renames `name` into the processing folder, unless it changed, vanished or is a directory,
        /// once its bytes fit in the budget of bytes in flight.
        private mutating func claim(_ name: FileName) async -> QueuedFile? {
            let status = FileOps.status(directories.inbox, name)
            if status.kind == .missing {
                tracker.remove(name)
                return nil
            }
            if status.kind == .directory {
                tracker.remove(name)
                if skippedDirectories.insert(name).inserted {
                    claimer.logger.notice("skipping a directory in the inbox", metadata: ["name": "\(name)"])
                }
                return nil
            }
            if status.kind == .regular, !tracker.confirm(name, status: status, now: now) { return nil }
            guard let reservation = await reserve(status) else { return nil }
            let size = Self.size(status)
            tracker.remove(name)
            do {
                // Symlinks, FIFOs and devices are claimed too (never opened) and fail with a reason.
                let target = try FileOps.moveUnique(directories.inbox, name, directories.processing, name)
                claimer.stats.claimed.add(1, ordering: .relaxed)
                claimer.metrics.filesClaimed.increment()
                return claimed(target, reservation, size: size)
            } catch {
                if error.errno != ENOENT {
                    claimer.logger.warning("could not claim", metadata: ["file": "\(name)", "error": "\(error)"])
                } else if FileOps.status(directories.inbox, name).kind != .missing || directories.processing.isDeleted {
                    // The file is still there: the processing folder is the one gone.
                    processingFolderGone()
                }
                // Otherwise ENOENT: another instance took it first.
                return nil
            }
        }

        /// Reports once that the processing folder was deleted (with the state folder, say):
        /// nothing can be claimed any more, and readiness says so.
        private func processingFolderGone() {
            let problem = FolderAlarm.deleted(directories.processing)
            if claimer.folders.raise(problem) {
                claimer.logger.error(
                    "cannot claim: the processing folder was deleted",
                    metadata: ["folder": "\(directories.processing)", "problem": "\(problem)"]
                )
            }
        }

        /// Waits until a file of `status` fits in the bytes in flight (a file that is not read
        /// takes none); nil once graceful shutdown began.
        private func reserve(_ status: FileOps.Status) async -> ByteBudget.Reservation? {
            // What the file will take in memory, not its size.
            let size = Self.size(status) ?? 0
            let bytes = IngestConfiguration.memoryInHand(fileSize: size)
            let budget = claimer.budget
            if let reservation = budget.tryReserve(bytes) { return reservation }
            return try? await cancelWhenGracefulShutdown { try await budget.reserve(bytes) }
        }

        /// The size of a regular file of `status`; nil for anything else (never read).
        private static func size(_ status: FileOps.Status) -> Int? {
            status.kind == .regular ? Int(min(status.size, Int64(Int.max / 64))) : nil
        }

        /// A file now in the processing folder, in its claimed state.
        private func claimed(_ name: FileName, _ reservation: ByteBudget.Reservation?, size: Int?) -> QueuedFile {
            var file = QueuedFile(
                claimed: name,
                at: claimer.clock.now,
                maxPermanentAttempts: claimer.configuration.maxPermanentAttempts,
                reservation: reservation,
                claimedSize: size
            )
            _ = file.handle(.claimed)
            return file
        }

        /// Hands files already in the processing folder (left or taken over) to the workers;
        /// suspects of a crash are first extracted alone, one by one.
        private func handOver(_ names: [FileName]) async {
            for name in names where CrashCount.verdict(claimer.ledger.crashes(name)) == .suspect {
                claimer.logger.notice(
                    "extracting alone a file the instance before stopped on",
                    metadata: ["file": "\(name)", "crashes": "\(claimer.ledger.crashes(name))"]
                )
                claimer.probe(name)
            }
            var next = names[...]
            while !next.isEmpty, let room = await room() {
                for name in next.prefix(room) {
                    let status = FileOps.status(directories.processing, name)
                    guard let reservation = await reserve(status) else { return }
                    await claimer.output.send(claimed(name, reservation, size: Self.size(status)))
                }
                next = next.dropFirst(room)
            }
        }

        /// The room in the hand-off, once there is some (half of it, when it was full), or nil
        /// once graceful shutdown began: no file is claimed or handed over after that.
        private func room() async -> Int? {
            let output = claimer.output
            while !Task.isShuttingDownGracefully {
                let room = output.freeCapacity
                if room > 0 { return room }
                let waited: Void? = try? await cancelWhenGracefulShutdown {
                    try await output.waitForRoom(output.capacity / 2)
                }
                if waited == nil { return nil }
            }
            return nil
        }

        /// Lists the inbox and records every candidate.
        private mutating func scan() {
            let names: [FileName]
            do {
                names = try FileOps.list(directories.inbox)
            } catch {
                claimer.logger.error("cannot list the inbox", metadata: ["error": "\(error)"])
                return
            }
            let now = now
            for name in names where !name.isIgnored {
                let status = FileOps.status(directories.inbox, name)
                if skippedDirectories.contains(name) {
                    // A directory's name may later be taken by a file: that file is queued.
                    guard status.kind != .directory else { continue }
                    skippedDirectories.remove(name)
                }
                tracker.scanned(name, status: status, now: now)
            }
            publishQueueState()
        }

        /// Asks for a wake-up at the next settle deadline, unless one is pending.
        private mutating func requestWakeUp() {
            guard pendingWakeUp == nil, let deadline = tracker.nextDeadline(after: now) else { return }
            pendingWakeUp = deadline
            wakeUpRequests.yield(WallClock.Instant(nanosecondsSince1970: deadline))
        }

        private func publishQueueState() {
            claimer.stats.waiting.store(tracker.count, ordering: .relaxed)
            claimer.stats.oldestWaitingNanos.store(tracker.oldestReadyAt ?? 0, ordering: .relaxed)
        }
    }
}
