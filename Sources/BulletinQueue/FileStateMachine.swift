/// The life of one queued file as a pure state machine:
/// `new → claimed → stored → done`, or `→ failed` with a reason; transient database errors
/// keep it `claimed` (waiting to retry) without limit, permanent ones fail it after a bound.
public struct FileStateMachine: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case new
        case claimed(attempts: Int)
        case stored
        case done
        case failed(reason: FailureReason)
    }

    public enum Event: Sendable, Equatable {
        case claimed
        /// The bytes cannot become a document (empty, binary, undecodable, too large, not a file).
        case rejected(FailureReason)
        case storeSucceeded
        case storeFailedTransient
        case storeFailedPermanent(sqlState: String)
        case moved
    }

    public enum Action: Sendable, Equatable {
        case none
        case retryAfterBackoff(attempt: Int)
        case moveToDone
        case moveToFailed(FailureReason)
    }

    public private(set) var state: State = .new
    public let maxPermanentAttempts: Int

    public init(maxPermanentAttempts: Int = 3) { self.maxPermanentAttempts = maxPermanentAttempts }

    /// Applies `event` and returns what to do next.
    public mutating func handle(_ event: Event) -> Action {
        switch (state, event) {
        case (.new, .claimed):
            state = .claimed(attempts: 0)
            return .none
        case (.new, .rejected(let r)), (.claimed, .rejected(let r)):
            state = .failed(reason: r)
            return .moveToFailed(r)
        case (.claimed, .storeSucceeded):
            state = .stored
            return .moveToDone
        case (.claimed(let n), .storeFailedTransient):
            state = .claimed(attempts: n)
            return .retryAfterBackoff(attempt: n)
        case (.claimed(let n), .storeFailedPermanent(let code)):
            if n + 1 >= maxPermanentAttempts {
                let r = FailureReason.database(sqlState: code)
                state = .failed(reason: r)
                return .moveToFailed(r)
            }
            state = .claimed(attempts: n + 1)
            return .retryAfterBackoff(attempt: n + 1)
        case (.stored, .moved):
            state = .done
            return .none
        case (.failed, .moved):
            return .none
        default:
            return .none
        }
    }
}

/// Why a file went to `failed/`.
public enum FailureReason: Sendable, Equatable, CustomStringConvertible {
    case empty, binary, undecodable, tooLarge, notRegularFile, unreadable
    case database(sqlState: String)

    /// The sidecar's `reason` field.
    public var code: String {
        switch self {
        case .empty: return "empty"
        case .binary: return "binary"
        case .undecodable: return "undecodable"
        case .tooLarge: return "too_large"
        case .notRegularFile: return "not_regular_file"
        case .unreadable: return "unreadable"
        case .database: return "database_rejected"
        }
    }

    public var description: String { code }
}
