import ServiceKit

/// How long `done/` and `failed/` keep their files, and the reconcile window that `done/`
/// must cover: a pure policy, asked with times in nanoseconds since 1970.
///
/// A file's modification time in `done/` and `failed/` is the time it arrived there (the queue
/// sets it), so its age is the time since it left the queue. `done/` never gives up a file
/// younger than the reconcile window, whatever its own retention says: after a failover those
/// files are the only way back to the documents the old server lost.
public struct RetentionPolicy: Sendable, Equatable {
    /// How long `done/` keeps a file; nil keeps it for ever. Defaults to 7 days.
    public var done: Duration?
    /// How long `failed/` keeps a file and its sidecar; nil keeps them for ever. Defaults to 30 days.
    public var failed: Duration?
    /// How far back a reconciliation looks in `done/`. Defaults to 1 day.
    public var reconcileWindow: Duration

    /// A policy; every part has a default.
    public init(
        done: Duration? = .seconds(7 * 86_400),
        failed: Duration? = .seconds(30 * 86_400),
        reconcileWindow: Duration = .seconds(86_400)
    ) {
        self.done = done
        self.failed = failed
        self.reconcileWindow = reconcileWindow
    }

    /// The folders a sweep cleans.
    public enum Folder: Sendable, Equatable {
        case done
        case failed
    }

    /// How long `folder` keeps a file; for `done/` never less than the reconcile window.
    public func keeps(_ folder: Folder) -> Duration? {
        switch folder {
        case .done: return done.map { max($0, reconcileWindow) }
        case .failed: return failed
        }
    }

    /// True when a file that arrived in `folder` at `arrivedNanos` may be removed at `nowNanos`.
    public func isExpired(_ folder: Folder, arrivedNanos: Int64, nowNanos: Int64) -> Bool {
        guard let keeps = keeps(folder) else { return false }
        return nowNanos - arrivedNanos > keeps.nanoseconds
    }

    /// Time between sweeps: a tenth of the shortest retention, within 1 second and 1 hour;
    /// nil when both folders keep their files for ever.
    public var sweepInterval: Duration? {
        let retentions = [keeps(.done), keeps(.failed)].compactMap { $0 }
        guard let shortest = retentions.min() else { return nil }
        return min(max(shortest / 10, .seconds(1)), .seconds(3600))
    }
}
