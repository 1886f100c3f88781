import BulletinStore

/// Told about every file that leaves the queue, as it happens: tests wait on it instead of
/// polling folders; the daemon needs none.
public protocol IngestObserver: Sendable {
    /// `file` is in `done/` (under this name); its document was stored or was there already.
    func fileDone(_ file: FileName, _ outcome: StoreOutcome)
    /// `file` is in `failed/` (under this name) with its sidecar.
    func fileFailed(_ file: FileName, _ reason: FailureReason)
    /// `file` stays in the processing folder for the next start (shutdown while the database
    /// was unavailable, or a move failed).
    func fileLeftClaimed(_ file: FileName)
}
