/// Removes the files `done/` and `failed/` no longer keep, as their ``RetentionPolicy`` says
/// (by the time each file arrived there: its modification time). Several instances may sweep
/// the same folders: a file removed by one is gone for the others.
///
/// It works on the open folders (`fstatat`, `unlinkat`), never by path: a state folder renamed
/// away and replaced by a symlink while the daemon runs never leads it to remove files elsewhere.
public struct RetentionSweeper: Sendable {
    /// What a sweep removed.
    public struct Report: Sendable, Equatable {
        /// Files removed from `done/`.
        public var done = 0
        /// Files (and sidecars) removed from `failed/`.
        public var failed = 0
    }

    /// The open folders.
    public let directories: QueueDirectories
    /// How long each folder keeps its files.
    public let policy: RetentionPolicy

    /// A sweeper of the open `done/` and `failed/` of `directories`.
    public init(directories: QueueDirectories, policy: RetentionPolicy) {
        self.directories = directories
        self.policy = policy
    }

    /// Removes the expired files at `nowNanos`.
    public func sweep(nowNanos: Int64) -> Report {
        Report(
            done: sweep(.done, directories.done, nowNanos),
            failed: sweep(.failed, directories.failed, nowNanos)
        )
    }

    private func sweep(_ folder: RetentionPolicy.Folder, _ dir: Directory, _ nowNanos: Int64) -> Int {
        guard policy.keeps(folder) != nil, let names = try? FileOps.list(dir) else { return 0 }
        var removed = 0
        for name in names where !name.isIgnored {
            let status = FileOps.status(dir, name)
            guard status.kind != .directory, status.kind != .missing,
                policy.isExpired(folder, arrivedNanos: status.mtimeNanos, nowNanos: nowNanos)
            else { continue }
            if (try? FileOps.remove(dir, name)) != nil { removed += 1 }
        }
        return removed
    }
}
