import BulletinCore
import BulletinStore
import Logging
import ServiceKit

#if canImport(Glibc)
import Glibc
#endif

/// Checks the files moved to `done/` since a moment against the database, by the SHA-256 of
/// their bytes, and puts the files whose document is missing back into the inbox, where the
/// queue takes them again like any dropped file.
///
/// This is what brings back the commits a failover loses: with asynchronous replication the
/// old primary may acknowledge a commit (and the file move to `done/`) that the promoted
/// standby never received. The daemon runs a pass when its server changes; `bulletind
/// reconcile` runs one on demand. Several instances may run passes at once: a file moved back
/// by one is gone for the others.
///
/// It lists, reads and moves through the open folders, never by path, so a state folder
/// swapped for a symlink while the daemon runs is never followed.
public struct Reconciler: Sendable {
    /// Answers which of these hashes have no document.
    public typealias Lookup = @Sendable ([String]) async throws(DatabaseError) -> Set<String>

    /// What a pass found and did.
    public struct Report: Sendable, Equatable {
        /// Files in the window whose bytes were read and hashed.
        public var checked = 0
        /// Of them, files whose document the database lacks.
        public var missing = 0
        /// Of those, files moved back into the inbox.
        public var requeued = 0
        /// Files that vanished or could not be read (another instance moved them, or I/O failed).
        public var skipped = 0
        /// Missing files that could not be moved back.
        public var unmoved = 0
        /// One line per missing file.
        public var lines: [String] = []

        /// An empty report.
        public init() {}
    }

    /// The open `done/`.
    public let done: Directory
    /// The open inbox, where missing files go back.
    public let inbox: Directory
    /// Files larger than this are not read (none of them can be in `done/`).
    public let maxFileBytes: Int
    /// Hashes looked up per statement.
    public let chunk: Int
    let lookup: Lookup

    /// A reconciler over the open `done/`, moving missing files back into the open `inbox`
    /// and asking `lookup` which documents are missing.
    public init(done: Directory, inbox: Directory, maxFileBytes: Int, chunk: Int = 1000, lookup: @escaping Lookup) {
        self.done = done
        self.inbox = inbox
        self.maxFileBytes = maxFileBytes
        self.chunk = max(1, chunk)
        self.lookup = lookup
    }

    /// A reconciler over the open `done/` and inbox of `directories`.
    public init(directories: QueueDirectories, maxFileBytes: Int, chunk: Int = 1000, lookup: @escaping Lookup) {
        self.init(
            done: directories.done,
            inbox: directories.inbox,
            maxFileBytes: maxFileBytes,
            chunk: chunk,
            lookup: lookup
        )
    }

    /// Checks the files that arrived in `done/` at or after `sinceNanos` (their modification
    /// time) and moves those whose document is missing back into the inbox, or only lists
    /// them when `dryRun`.
    /// - Throws: ``FileError`` when `done/` cannot be listed; the lookup's ``DatabaseError``
    ///   (nothing is moved for the hashes not yet answered).
    public func pass(sinceNanos: Int64, dryRun: Bool = false) async throws -> Report {
        var report = Report()
        var names: [String: [FileName]] = [:]
        for name in try FileOps.list(done).sorted() where !name.isIgnored {
            let status = FileOps.status(done, name)
            guard status.kind == .regular, status.mtimeNanos >= sinceNanos else { continue }
            guard let read = try? FileOps.readBounded(done, name, limit: maxFileBytes), let bytes = read.bytes
            else {
                report.skipped += 1
                continue
            }
            report.checked += 1
            names[SHA256.hex(bytes), default: []].append(name)
        }
        let hashes = names.keys.sorted()
        var start = 0
        while start < hashes.count {
            let slice = Array(hashes[start..<min(start + chunk, hashes.count)])
            start += slice.count
            for hash in try await lookup(slice).sorted() {
                for name in names[hash] ?? [] {
                    report.missing += 1
                    guard !dryRun else {
                        report.lines.append("missing \(name) sha256=\(hash)")
                        continue
                    }
                    do {
                        let target = try FileOps.moveUnique(done, name, inbox, name)
                        report.requeued += 1
                        report.lines.append("requeued \(target) sha256=\(hash)")
                    } catch {
                        if error.errno == ENOENT {
                            report.skipped += 1  // another instance moved it first
                        } else {
                            report.unmoved += 1
                            report.lines.append("could not requeue \(name): \(error)")
                        }
                    }
                }
            }
        }
        return report
    }
}
