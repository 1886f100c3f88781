import BulletinDB

/// The queue's settings; every one has a default so that `bulletind run --inbox DIR` works.
public struct QueueConfig: Sendable {
    public var inbox: String
    /// Defaults to `INBOX/.bulletind`.
    public var state: String?
    /// Files larger than this go to `failed/` unread.
    public var maxFileBytes: Int = 16 * 1024 * 1024
    /// How long a file written in place must stay unchanged before it is taken.
    public var settle: Duration = .seconds(1)
    /// How often the whole inbox is listed, to catch what inotify missed.
    public var rescanInterval: Duration = .seconds(30)
    /// After how long without a heartbeat another instance's claimed files are taken over.
    public var lease: Duration = .seconds(30)
    /// Most files claimed and committed together when a backlog is waiting.
    public var batchSize: Int = 128
    /// Database connections committing batches concurrently.
    public var writers: Int = 3
    /// Files decoded and extracted at once (0 = as many as the batch, on all cores).
    public var workers: Int = 0
    /// Backoff for database retries.
    public var retry = RetryPolicy()
    /// Attempts before a file the database rejects permanently goes to `failed/`.
    public var maxPermanentAttempts: Int = 3

    public init(inbox: String, state: String? = nil) {
        self.inbox = inbox
        self.state = state
    }
}
