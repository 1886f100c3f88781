import BulletinStore

#if canImport(Glibc)
import Glibc
#endif

/// The queue's settings; every one has a default so that `bulletind run --inbox DIR` works.
public struct IngestConfiguration: Sendable {
    /// The inbox directory.
    public var inbox: String
    /// The state directory. Defaults to `INBOX/.bulletind`.
    public var state: String?
    /// Files larger than this go to `failed/` unread. Defaults to 16 MiB.
    public var maxFileBytes: Int = 16 * 1024 * 1024
    /// How long a file written in place must stay unchanged before it is taken. Defaults to `1` second.
    public var settle: Duration = .seconds(1)
    /// How often the whole inbox is listed, to catch what inotify missed. Defaults to `30` seconds.
    public var rescanInterval: Duration = .seconds(30)
    /// After how long without a heartbeat another instance's claimed files are taken over.
    /// Defaults to `30` seconds.
    public var lease: Duration = .seconds(30)
    /// Most files committed together when a backlog is waiting; also the size of each
    /// hand-off between stages. Defaults to `128`.
    public var batchSize: Int = 128
    /// Memory the files in hand may take at once, from claim to commit, each file counted as
    /// ``memoryInHand(fileSize:)``: a backlog of large files is bounded by this, not only by the
    /// number of files. A single larger file is still taken, alone. Defaults to 128 MiB (one
    /// 16 MiB page beside about 250 ordinary bulletins, or about 1,400 bulletins).
    public var maxBytesInFlight: Int = 128 * 1024 * 1024

    /// Memory a file takes in hand per byte of its first ``wholeDocumentBytes``: a text read
    /// as one document (its scalar views, lines, sentences and every figure's analysis;
    /// measured: 27–28 bytes per byte of a Chinese page, release build).
    public static let memoryPerFileByte = 32
    /// Memory per byte beyond that: a long text is extracted in segments (`DocumentSegments`),
    /// so what grows with it is the bytes, the decoded text, the body and its copies for
    /// libpq (measured: a 16 MiB page peaks at 86 MiB of heap in the daemon).
    public static let memoryPerSegmentedByte = 6
    /// The size up to which a file is counted at ``memoryPerFileByte`` (a segment of Chinese
    /// text in UTF-8 is up to 192 KiB).
    public static let wholeDocumentBytes = 256 * 1024

    /// What a file of `size` bytes is counted as in the bytes in flight.
    public static func memoryInHand(fileSize size: Int) -> Int {
        let size = max(0, min(size, Int.max / 64))
        let whole = min(size, wholeDocumentBytes)
        return whole * memoryPerFileByte + (size - whole) * memoryPerSegmentedByte
    }
    /// Committers, each storing batches on its own connection. Defaults to `1`: one writer batches best (while it commits, the next batch fills).
    public var writers: Int = 1
    /// Extraction workers (0: one per core). Defaults to `0`.
    public var workers: Int = 0

    /// The number of extraction workers: `workers`, or one per core.
    public var workerCount: Int {
        workers > 0 ? workers : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
    /// Backoff between attempts to store a batch.
    public var retry = RetryPolicy()
    /// Attempts before a file the database rejects permanently goes to `failed/`. Defaults to `3`.
    public var maxPermanentAttempts: Int = 3
    /// How long `done/` and `failed/` keep files, and how far back reconciliation looks in
    /// `done/` after a failover.
    public var retention = RetentionPolicy()

    /// Settings for `inbox` (and `state`), every other one at its default.
    public init(inbox: String, state: String? = nil) {
        self.inbox = inbox
        self.state = state
    }
}
