import BulletinStore
import ServiceKit

/// A file in hand: its name in this instance's processing folder, and its state machine.
/// Stages change its state only through ``handle(_:)``.
struct QueuedFile: Sendable {
    /// The name in the processing folder.
    let name: FileName
    /// When it was claimed (the sidecar's first attempt).
    let claimedAt: WallClock.Instant
    /// When its processing began (for the duration logged with its outcome).
    var startedAt: ContinuousClock.Instant
    private(set) var machine: FileStateMachine
    /// Its share of the bytes in flight, given back when the file leaves the pipeline (its last
    /// copy is dropped).
    let reservation: ByteBudget.Reservation?

    /// A file just claimed as `name`, holding `reservation` of the bytes in flight.
    init(
        claimed name: FileName,
        at instant: WallClock.Instant,
        maxPermanentAttempts: Int,
        reservation: ByteBudget.Reservation? = nil
    ) {
        self.name = name
        self.reservation = reservation
        self.claimedAt = instant
        self.startedAt = .now
        self.machine = FileStateMachine(maxPermanentAttempts: maxPermanentAttempts)
    }

    /// Applies `event` to the file's state; returns what to do next.
    mutating func handle(_ event: FileStateMachine.Event) -> FileStateMachine.Action {
        machine.handle(event)
    }
}

/// A file whose document is extracted and waits for a committer.
struct ExtractedFile: Sendable {
    /// The file.
    var file: QueuedFile
    /// Its document and observations.
    var extracted: ExtractedDocument
}

/// Why a file's bytes cannot become a document.
struct Rejection: Sendable {
    /// The reason recorded in the sidecar.
    var reason: FailureReason
    /// The details (an errno text, the decoder's complaint).
    var detail: String
    /// The hash of the bytes, when they were read.
    var sha256: String?
}
