import BulletinStore
import DaemonSupport
import ServiceKit

/// The queue's health as systemd and the HTTP endpoints see it: ready once the store is
/// ready and the inbox was scanned, not ready while the database does not answer or the
/// state folder was deleted under it (see ``FolderAlarm``).
public struct IngestHealth: HealthReporting {
    let stats: QueueStats
    let store: any DocumentStore
    let ready: ReadinessLatch
    var folders = FolderAlarm()

    public func waitUntilReady() async throws {
        try await ready.wait()
    }

    public func readinessProblem() -> String? {
        let health = store.health
        if !health.isUp { return "database unavailable: \(health.problem ?? "unreachable")" }
        if let problem = folders.problem { return problem }
        if !ready.isOpen { return "starting" }
        return nil
    }

    public func statusLine() -> String {
        let waiting = stats.waiting.load(ordering: .relaxed)
        let done = stats.done.load(ordering: .relaxed)
        let failed = stats.failed.load(ordering: .relaxed)
        let database = store.health.isUp ? "up" : "down"
        return "waiting \(waiting), done \(done), failed \(failed), database \(database)"
    }

    public func isAlive(within window: Duration) -> Bool {
        stats.isAlive(within: window)
    }

    public func updateGauges(in metrics: Metrics) {
        let health = store.health
        metrics.dbUp.record(health.isUp ? 1 : 0)
        metrics.queueDepth.record(stats.waiting.load(ordering: .relaxed))
        let oldest = stats.oldestWaitingNanos.load(ordering: .relaxed)
        let age = oldest == 0 ? 0 : max(0, Double(WallClock().now.nanosecondsSince1970 - oldest) / 1e9)
        metrics.queueOldestWaiting.record(age)
        metrics.recordReconnects(total: health.reconnects)
    }
}
