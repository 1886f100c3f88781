import Logging
import ServiceKit

#if canImport(Glibc)
import Glibc
#endif

/// Finds files claimed by instances that are gone and moves them into this instance's
/// processing folder, so that a crash (or `kill -9`) loses nothing.
///
/// An owner is gone when it ran on this host and its pid no longer exists, or when its
/// lease file has not been refreshed for `lease` (other hosts sharing the folder over NFS).
/// A live owner's files are never taken: it refreshes its lease every `lease / 3`.
public struct Takeover: Sendable {
    /// The folders, open.
    public let directories: QueueDirectories
    /// How long another host's silent lease is trusted.
    public let lease: Duration
    /// Where the crash counts of taken-over files go (nil: not kept).
    public let ledger: CrashLedger?

    /// The paths.
    public var layout: QueueLayout { directories.layout }

    /// Takeover for the instance owning `directories`.
    public init(directories: QueueDirectories, lease: Duration, ledger: CrashLedger? = nil) {
        self.directories = directories
        self.lease = lease
        self.ledger = ledger
    }

    /// Refreshes this instance's lease (created exclusively; a symlink there is never followed).
    public func heartbeat() { FileOps.touch(directories.processingRoot, layout.leaseName) }

    /// Moves the files of dead owners into this instance's folder, with the crash counts their
    /// owners leave (see ``CrashLedger``).
    /// - Returns: their names in this instance's processing folder.
    public func adoptOrphans(nowNanos: Int64, logger: Logger) -> [FileName] {
        let root = directories.processingRoot
        guard let entries = try? FileOps.list(root) else { return [] }
        var adopted: [FileName] = []
        let host = QueueLayout.hostName()
        let owners = Set(entries.filter { FileOps.status(root, $0).kind == .directory }.map { "\($0)" })
        for entry in entries {
            let name = "\(entry)"
            guard name != layout.owner, !name.hasSuffix(".lease"), owners.contains(name) else {
                removeIfStray(entry, owners: owners, host: host, nowNanos: nowNanos)
                continue
            }
            guard isGone(owner: name, host: host, nowNanos: nowNanos) else { continue }
            guard let folder = try? root.subdirectory(entry) else { continue }
            let crashes = CrashLedger.inherit(from: name, in: root)
            let files = (try? FileOps.list(folder)) ?? []
            for file in files {
                if let target = try? FileOps.moveUnique(folder, file, directories.processing, file) {
                    adopted.append(target)
                    if let count = crashes[file], count > 0 { ledger?.record(target, crashes: count) }
                }
            }
            FileOps.removeDirectory(root, entry)
            FileOps.unlinkQuietly(root, FileName(name + ".lease"))
            if !files.isEmpty {
                logger.notice(
                    "took over claimed files of a stopped instance",
                    metadata: ["owner": "\(name)", "files": "\(files.count)"]
                )
            }
        }
        return adopted
    }

    /// Removes this instance's lease, crash markers and folder when no claimed file is left in it.
    public func releaseIfEmpty() {
        guard ((try? FileOps.list(directories.processing)) ?? []).isEmpty else { return }
        ledger?.remove()
        FileOps.removeDirectory(directories.processingRoot, FileName(layout.owner))
        FileOps.unlinkQuietly(directories.processingRoot, layout.leaseName)
    }

    /// Removes a lease, marker or ledger left by a gone owner whose folder is gone too (it died
    /// between removing one and the other).
    private func removeIfStray(_ entry: FileName, owners: Set<String>, host: String, nowNanos: Int64) {
        let name = "\(entry)"
        let owner =
            name.hasSuffix(".lease") ? String(name.dropLast(".lease".count)) : CrashLedger.owner(ofSideFile: entry)
        guard let owner, owner != layout.owner, !owners.contains(owner) else { return }
        guard isGone(owner: owner, host: host, nowNanos: nowNanos) else { return }
        FileOps.unlinkQuietly(directories.processingRoot, entry)
    }

    /// True when `owner`'s process is gone (same `host`) or its lease is older than ``lease``.
    func isGone(owner: String, host: String, nowNanos: Int64) -> Bool {
        if let id = QueueLayout.OwnerID(owner), id.host == host {
            if kill(id.pid, 0) != 0 && errno == ESRCH { return true }
        }
        let st = FileOps.status(directories.processingRoot, FileName(owner + ".lease"))
        let leaseNanos = lease.nanoseconds
        if st.kind == .missing {
            // no lease at all: judge by the folder's own age
            let d = FileOps.status(directories.processingRoot, FileName(owner))
            return nowNanos - d.mtimeNanos > leaseNanos
        }
        return nowNanos - st.mtimeNanos > leaseNanos
    }
}
