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
    /// Its size when it was claimed and its share reserved (nil when it was no regular file):
    /// it is not read beyond that (and ``FileGrowth/allowance``).
    let claimedSize: Int?

    /// A file just claimed as `name`, `claimedSize` bytes long, holding `reservation` of the
    /// bytes in flight.
    init(
        claimed name: FileName,
        at instant: WallClock.Instant,
        maxPermanentAttempts: Int,
        reservation: ByteBudget.Reservation? = nil,
        claimedSize: Int? = nil
    ) {
        self.name = name
        self.reservation = reservation
        self.claimedSize = claimedSize
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

/// A claimed file that grows while in hand: its producer still writes through a descriptor
/// opened before the claim. Its share of the bytes in flight was reserved for its size at
/// claim time, so it is read up to that size plus ``allowance`` only; beyond, it fails
/// (`grew_after_claim`) instead of taking memory nobody reserved.
enum FileGrowth {
    /// Bytes a file may grow by after its claim and still be read: 64 KiB.
    static let allowance = 64 * 1024

    /// The most bytes to read of a file claimed at `claimedSize` bytes (unknown: the limit).
    static func readLimit(claimedSize: Int?, maxFileBytes: Int) -> Int {
        guard let claimedSize else { return maxFileBytes }
        return min(maxFileBytes, claimedSize + allowance)
    }

    /// Why a file found to be `size` bytes, over its ``readLimit(claimedSize:maxFileBytes:)``,
    /// was not read: over the limit for any file, or grown since its claim.
    static func unread(size: Int64, claimedSize: Int?, maxFileBytes: Int) -> Rejection {
        if size > maxFileBytes {
            return Rejection(reason: .tooLarge, detail: "\(size) bytes is over the limit of \(maxFileBytes)")
        }
        let detail =
            "grew from \(claimedSize ?? 0) to at least \(size) bytes after it was claimed (its producer still "
            + "writes to it): not read; write files elsewhere, then mv them into the inbox"
        return Rejection(reason: .grewAfterClaim, detail: detail)
    }
}
