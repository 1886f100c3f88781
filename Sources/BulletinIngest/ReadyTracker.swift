import ServiceKit

/// Which inbox files are known and when each may be taken: a pure bookkeeping type.
///
/// A file renamed in (`IN_MOVED_TO`) is ready at once. A file seen by a scan or closed after
/// writing in place is ready once its size and modification time have stayed the same for the
/// settle interval; ``confirm(_:status:now:)`` re-checks that just before claiming.
public struct ReadyTracker: Sendable {
    struct Entry: Sendable {
        var readyAt: Int64
        var size: Int64
        var mtime: Int64
        var mustBeStable: Bool
        /// Order of arrival: ties between equal deadlines go to the earlier file (an integer
        /// comparison, where comparing names cost a visible share of a large backlog's time).
        var seq: Int = 0
    }

    /// A file whose deadline passed, for ordering.
    private struct Due {
        var readyAt: Int64
        var seq: Int
        var name: FileName
    }

    private var entries: [FileName: Entry] = [:]
    private var nextSeq = 0
    /// The settle interval, in nanoseconds.
    public let settleNanos: Int64

    /// An empty tracker; files written in place must stay unchanged for `settle`.
    public init(settle: Duration) {
        settleNanos = settle.nanoseconds
    }

    /// Number of files known.
    public var count: Int { entries.count }

    /// A rename into the inbox: ready now.
    public mutating func movedIn(_ name: FileName, now: Int64) {
        entries[name] = Entry(readyAt: now, size: 0, mtime: 0, mustBeStable: false, seq: sequence())
    }

    /// A write in place finished: ready once unchanged for the settle interval since its last
    /// modification (an event read late does not make the file wait again).
    public mutating func closedAfterWrite(_ name: FileName, status: FileOps.Status, now: Int64) {
        entries[name] = Entry(
            readyAt: max(now, status.mtimeNanos + settleNanos),
            size: status.size,
            mtime: status.mtimeNanos,
            mustBeStable: true,
            seq: sequence()
        )
    }

    /// Made in place (`IN_CREATE`: a link, or a file about to be written): ready after the
    /// settle interval if unchanged. A file already known keeps its entry.
    public mutating func created(_ name: FileName, status: FileOps.Status, now: Int64) {
        guard entries[name] == nil else { return }
        entries[name] = Entry(
            readyAt: now + settleNanos,
            size: status.size,
            mtime: status.mtimeNanos,
            mustBeStable: true,
            seq: sequence()
        )
    }

    /// Seen by a scan: an old file is ready now, a fresh one after the settle interval.
    public mutating func scanned(_ name: FileName, status: FileOps.Status, now: Int64) {
        guard entries[name] == nil else { return }
        let readyAt = max(now, status.mtimeNanos + settleNanos)
        entries[name] = Entry(
            readyAt: readyAt,
            size: status.size,
            mtime: status.mtimeNanos,
            mustBeStable: true,
            seq: sequence()
        )
    }

    private mutating func sequence() -> Int {
        nextSeq += 1
        return nextSeq
    }

    /// Forgets a file (claimed, vanished or skipped).
    public mutating func remove(_ name: FileName) { entries[name] = nil }

    /// Files ready at `now`, oldest deadline first, at most `limit`.
    public func ready(now: Int64, limit: Int) -> [FileName] {
        var due: [Due] = []
        for (name, entry) in entries where entry.readyAt <= now {
            due.append(Due(readyAt: entry.readyAt, seq: entry.seq, name: name))
        }
        due.sort { $0.readyAt < $1.readyAt || ($0.readyAt == $1.readyAt && $0.seq < $1.seq) }
        return due.prefix(limit).map(\.name)
    }

    /// The earliest future deadline, if any.
    public func nextDeadline(after now: Int64) -> Int64? {
        entries.values.lazy.map(\.readyAt).filter { $0 > now }.min()
    }

    /// The oldest deadline among known files (for the age of the oldest waiting file).
    public var oldestReadyAt: Int64? { entries.values.lazy.map(\.readyAt).min() }

    /// Just before claiming: true if the file may be taken now. A file that changed since it
    /// was seen gets a new settle interval.
    public mutating func confirm(_ name: FileName, status: FileOps.Status, now: Int64) -> Bool {
        guard var e = entries[name] else { return false }
        guard e.mustBeStable else { return true }
        if status.size == e.size && status.mtimeNanos == e.mtime && now - status.mtimeNanos >= settleNanos {
            return true
        }
        e.size = status.size
        e.mtime = status.mtimeNanos
        e.readyAt = max(now, status.mtimeNanos) + settleNanos
        entries[name] = e
        return false
    }
}
