import BulletinStore
import Logging
import ServiceKit
import ServiceLifecycle

/// Follows the servers the store writes to and reconciles `done/` when the server changes
/// (see ``ReconcileStateMachine``): a pipeline helper, run until the stages stop.
///
/// The last server seen is kept in `STATE/server`, so that a failover that happened while no
/// instance ran is noticed at the next start. Before a pass it waits for the store attempts
/// under way (the committers' `fence`) to finish their moves to `done/`, so that a file
/// acknowledged by the old server and moved just now is checked too. It reaches `STATE/server`
/// and `done/` through the open folders only.
struct ServerFollower<C: Clock>: Sendable where C.Instant == WallClock.Instant, C: Sendable {
    let directories: QueueDirectories
    let configuration: IngestConfiguration
    let store: any DocumentStore
    let clock: C
    let logger: Logger
    let fence: InFlightGate

    /// Handles the store's server changes until the stream ends or the task is cancelled.
    func run() async {
        var machine = ReconcileStateMachine(remembered: remembered())
        for await change in store.serverChanges {
            var action = machine.handle(.serverReached(change.current))
            while action != .none, !Task.isCancelled {
                action = await perform(action, &machine)
            }
        }
    }

    /// Carries out `action`; returns the machine's next one.
    private func perform(
        _ action: ReconcileStateMachine.Action,
        _ machine: inout ReconcileStateMachine
    ) async -> ReconcileStateMachine.Action {
        switch action {
        case .none:
            return .none
        case .remember(let server), .rememberAndReconcileLater(let server):
            remember(server)
            return .none
        case .rememberAndReconcile(let from, let to):
            remember(to)
            logger.warning(
                "database server changed; checking the files moved to done/ within the reconcile window",
                metadata: [
                    "from": "\(from)", "to": "\(to)",
                    "window_seconds": "\(configuration.retention.reconcileWindow.seconds)",
                ]
            )
            return machine.handle(await pass())
        case .reconcile:
            return machine.handle(await pass())
        case .retryAfterBackoff(let attempt):
            let delay = configuration.retry.delay(attempt: attempt)
            guard (try? await clock.sleep(for: delay)) != nil else { return .none }
            return machine.handle(.backoffElapsed)
        }
    }

    /// One reconciliation pass; returns its outcome as the machine's event.
    private func pass() async -> ReconcileStateMachine.Event {
        await fence.drain()
        let since = clock.now.nanosecondsSince1970 - configuration.retention.reconcileWindow.nanoseconds
        let store = store
        let reconciler = Reconciler(directories: directories, maxFileBytes: configuration.maxFileBytes) {
            hashes throws(DatabaseError) in
            try await store.missingDocuments(hashes)
        }
        let started = ContinuousClock.now
        do {
            let report = try await reconciler.pass(sinceNanos: since)
            for line in report.lines { logger.info("reconcile: \(line)") }
            logger.notice(
                "reconciled done/ with the database",
                metadata: [
                    "checked": "\(report.checked)", "missing": "\(report.missing)",
                    "requeued": "\(report.requeued)", "skipped": "\(report.skipped)",
                    "unmoved": "\(report.unmoved)",
                    "seconds": "\(((ContinuousClock.now - started).seconds * 1000).rounded() / 1000)",
                ]
            )
            return .passFinished
        } catch let error as DatabaseError where error.isTransient {
            logger.warning("reconciliation interrupted; will retry", metadata: ["error": "\(error)"])
            return .passFailed
        } catch {
            logger.error("reconciliation failed", metadata: ["error": "\(error)"])
            return .passFinished
        }
    }

    /// The server `STATE/server` names; nil when none is recorded.
    private func remembered() -> ServerIdentity? {
        guard let read = try? FileOps.readBounded(directories.state, directories.layout.serverFile, limit: 4096),
            let bytes = read.bytes
        else { return nil }
        return ServerIdentity(text: String(decoding: bytes, as: UTF8.self))
    }

    /// Records `server` in `STATE/server`.
    private func remember(_ server: ServerIdentity) {
        do {
            let text = Array((server.text + "\n").utf8)
            try FileOps.writeAtomically(directories.state, directories.layout.serverFile, text)
        } catch {
            logger.warning("could not record the database server", metadata: ["error": "\(error)"])
        }
    }
}
