/// The life of one queued file as a pure state machine. Its events are the only way a file
/// changes state, and the action each returns is what the pipeline does next: extract, store,
/// retry after a backoff, move to `done/` or `failed/`, or leave the file claimed.
///
/// ```
/// new ─claimed→ claimed ─extracted→ extracted ─storeSucceeded→ stored ─moved→ done
///                  │                   │  ↺ storeFailedTransient (no limit)
///                  │                   │  ↺ storeFailedPermanent (up to the bound)
///                  └─rejected→ failing ┴─storeFailedPermanent (bound reached)→ failing ─moved→ failed
/// extracted ─shutdownWhileUnavailable→ left     stored/failing ─moveFailed→ left
/// ```
/// A file left claimed is processed again at the next start (or taken over by another
/// instance); its document, if it was stored, is then a duplicate.
public struct FileStateMachine: Sendable, Equatable {
    /// Where the file is in its life.
    public enum State: Sendable, Equatable {
        /// Seen in the inbox, not claimed yet.
        case new
        /// Renamed into this instance's processing folder.
        case claimed
        /// Decoded and extracted; waiting for (or between) attempts to store it.
        case extracted(Attempts)
        /// Committed; waiting for the move to `done/`.
        case stored
        /// Can never succeed; waiting for the move to `failed/`.
        case failing(FailureReason, attempts: Int)
        /// In `done/`.
        case done
        /// In `failed/`, with its sidecar.
        case failed(FailureReason)
        /// Left in the processing folder for the next start.
        case left
    }

    /// The attempts to store a file so far.
    public struct Attempts: Sendable, Equatable {
        /// Attempts that failed, for any reason: the backoff grows with them.
        public var failed = 0
        /// Attempts the database refused for this document: bounded by
        /// ``FileStateMachine/maxPermanentAttempts``.
        public var permanent = 0
    }

    /// What happened to the file.
    public enum Event: Sendable, Equatable {
        /// It was renamed into the processing folder.
        case claimed
        /// Its bytes cannot become a document (empty, binary, undecodable, too large, not a file).
        case rejected(FailureReason)
        /// It was decoded and extracted.
        case extracted
        /// Its transaction committed (or the same bytes were there already).
        case storeSucceeded
        /// The database could not be reached or lost the transaction: try again later.
        case storeFailedTransient
        /// The database refused the document with this SQLSTATE.
        case storeFailedPermanent(sqlState: String)
        /// Shutdown began while the database was unavailable.
        case shutdownWhileUnavailable
        /// The move to `done/` or `failed/` succeeded.
        case moved
        /// The move to `done/` or `failed/` failed.
        case moveFailed
    }

    /// What to do next.
    public enum Action: Sendable, Equatable {
        /// Nothing (the file reached an end, or the event does not apply).
        case none
        /// Read, decode and extract it.
        case extract
        /// Store its document.
        case store
        /// Store it again after the backoff for `attempt` (0 for the first retry).
        case retryAfterBackoff(attempt: Int)
        /// Move it to `done/`.
        case moveToDone
        /// Move it to `failed/` with a sidecar giving `reason`.
        case moveToFailed(FailureReason)
        /// Leave it in the processing folder.
        case leaveClaimed
    }

    /// The current state.
    public private(set) var state: State = .new
    /// Refusals by the database before the file fails. Defaults to `3`.
    public let maxPermanentAttempts: Int

    /// A new file's machine.
    public init(maxPermanentAttempts: Int = 3) {
        self.maxPermanentAttempts = maxPermanentAttempts
    }

    /// How many times processing the file was attempted, for its failure sidecar.
    public var attempts: Int {
        switch state {
        case .extracted(let attempts): return max(1, attempts.permanent)
        case .failing(_, let attempts): return attempts
        default: return 1
        }
    }

    /// Applies `event` and returns what to do next.
    public mutating func handle(_ event: Event) -> Action {
        switch (state, event) {
        case (.new, .claimed):
            state = .claimed
            return .extract
        case (.claimed, .rejected(let reason)):
            state = .failing(reason, attempts: 1)
            return .moveToFailed(reason)
        case (.claimed, .extracted):
            state = .extracted(Attempts())
            return .store
        case (.extracted, .storeSucceeded):
            state = .stored
            return .moveToDone
        case (.extracted(var attempts), .storeFailedTransient):
            attempts.failed += 1
            state = .extracted(attempts)
            return .retryAfterBackoff(attempt: attempts.failed - 1)
        case (.extracted(var attempts), .storeFailedPermanent(let sqlState)):
            attempts.failed += 1
            attempts.permanent += 1
            guard attempts.permanent < maxPermanentAttempts else {
                let reason = FailureReason.database(sqlState: sqlState)
                state = .failing(reason, attempts: attempts.permanent)
                return .moveToFailed(reason)
            }
            state = .extracted(attempts)
            return .retryAfterBackoff(attempt: attempts.failed - 1)
        case (.extracted, .shutdownWhileUnavailable):
            state = .left
            return .leaveClaimed
        case (.stored, .moved):
            state = .done
            return .none
        case (.failing(let reason, _), .moved):
            state = .failed(reason)
            return .none
        case (.stored, .moveFailed), (.failing, .moveFailed):
            state = .left
            return .leaveClaimed
        default:
            return .none
        }
    }
}

/// Why a file went to `failed/`.
public enum FailureReason: Sendable, Equatable, CustomStringConvertible {
    /// The file has no bytes.
    case empty
    /// The bytes are not text.
    case binary
    /// No supported encoding decodes the bytes.
    case undecodable
    /// The file is larger than the limit.
    case tooLarge
    /// A symlink, FIFO, device or socket.
    case notRegularFile
    /// A regular file with more than one hard link: never read.
    case hardLink
    /// Reading failed.
    case unreadable
    /// The database refused the document with this SQLSTATE, every time.
    case database(sqlState: String)
    /// The daemon stopped while extracting it, ``CrashCount/limit`` times in a row.
    case crashedExtractor
    /// It grew by more than ``FileGrowth/allowance`` after it was claimed: not read.
    case grewAfterClaim

    /// The sidecar's `reason` field.
    public var code: String {
        switch self {
        case .empty: return "empty"
        case .binary: return "binary"
        case .undecodable: return "undecodable"
        case .tooLarge: return "too_large"
        case .notRegularFile: return "not_regular_file"
        case .hardLink: return "hard_link"
        case .unreadable: return "unreadable"
        case .database: return "database_rejected"
        case .crashedExtractor: return "crashed_extractor"
        case .grewAfterClaim: return "grew_after_claim"
        }
    }

    public var description: String { code }
}
