#if canImport(Glibc)
import Glibc
#endif
import Logging

/// Finds files claimed by instances that are gone and moves them into this instance's
/// processing folder, so that a crash (or `kill -9`) loses nothing.
///
/// An owner is gone when it ran on this host and its pid no longer exists, or when its
/// lease file has not been refreshed for `lease` (other hosts sharing the folder over NFS).
/// A live owner's files are never taken: it refreshes its lease every `lease / 3`.
public struct Takeover: Sendable {
    public let layout: QueueLayout
    public let lease: Duration

    public init(layout: QueueLayout, lease: Duration) { self.layout = layout; self.lease = lease }

    /// Refreshes this instance's lease.
    public func heartbeat() { FileOps.touch(layout.processingRoot, layout.leaseName) }

    /// Moves the files of dead owners into this instance's folder; returns how many.
    public func adoptOrphans(nowNanos: Int64, logger: Logger) -> Int {
        guard let entries = try? FileOps.list(layout.processingRoot) else { return 0 }
        var adopted = 0
        let host = QueueLayout.hostName()
        for entry in entries {
            let name = "\(entry)"
            guard name != layout.owner, !name.hasSuffix(".lease"),
                  FileOps.status(layout.processingRoot, entry).kind == .directory else { continue }
            guard isGone(owner: name, host: host, nowNanos: nowNanos) else { continue }
            let dir = layout.processingRoot + "/" + name
            let files = (try? FileOps.list(dir)) ?? []
            for f in files {
                if (try? FileOps.moveUnique(dir, f, layout.processing, f)) != nil { adopted += 1 }
            }
            FileOps.removeDirectory(dir)
            unlink(layout.processingRoot + "/" + name + ".lease")
            if !files.isEmpty {
                logger.notice("took over claimed files of a stopped instance", metadata: ["owner": "\(name)", "files": "\(files.count)"])
            }
        }
        return adopted
    }

    func isGone(owner: String, host: String, nowNanos: Int64) -> Bool {
        if let (h, pid) = QueueLayout.parse(owner: owner), h == host {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
        }
        let st = FileOps.status(layout.processingRoot, FileName(owner + ".lease"))
        let leaseNanos = lease.components.seconds * 1_000_000_000 + lease.components.attoseconds / 1_000_000_000
        if st.kind == .missing {
            // no lease at all: judge by the folder's own age
            let d = FileOps.status(layout.processingRoot, FileName(owner))
            return nowNanos - d.mtimeNanos > leaseNanos
        }
        return nowNanos - st.mtimeNanos > leaseNanos
    }
}
