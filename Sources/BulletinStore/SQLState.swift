/// A PostgreSQL SQLSTATE code, kept as its five-character string so that retry decisions are
/// a `switch` over known values and classes.
public struct SQLState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The five characters, e.g. `23505`.
    public var rawValue: String

    /// The code `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The code `code`, e.g. `SQLState("23505")`.
    public init(_ code: String) { self.rawValue = code }

    /// The two-character class (`08` connection exception, `40` transaction rollback…).
    public var errorClass: String { String(rawValue.prefix(2)) }
    public var description: String { rawValue }

    /// `08006`: the connection broke (also used when libpq gives no code).
    public static let connectionFailure = SQLState("08006")
    /// `08003`: there is no connection.
    public static let connectionDoesNotExist = SQLState("08003")
    /// `08001`: the client could not connect.
    public static let sqlClientUnableToEstablishConnection = SQLState("08001")
    /// `40001`: the transaction lost a serialization race.
    public static let serializationFailure = SQLState("40001")
    /// `40P01`: the transaction was chosen as a deadlock victim.
    public static let deadlockDetected = SQLState("40P01")
    /// `57P01`: the server is shutting down.
    public static let adminShutdown = SQLState("57P01")
    /// `57P02`: the server is restarting after a crash.
    public static let crashShutdown = SQLState("57P02")
    /// `57P03`: the server is starting up.
    public static let cannotConnectNow = SQLState("57P03")
    /// `53300`: no connection slot is free.
    public static let tooManyConnections = SQLState("53300")
    /// `23505`: a unique constraint refused the row.
    public static let uniqueViolation = SQLState("23505")
    /// `42P01`: the table does not exist (the schema is missing).
    public static let undefinedTable = SQLState("42P01")
    /// `57014`: the statement was cancelled (timeout or request).
    public static let queryCanceled = SQLState("57014")
    /// `55P03`: a lock could not be taken at once.
    public static let lockNotAvailable = SQLState("55P03")
    /// `25006`: a write reached a server that only reads: a standby, or a primary demoted to one.
    public static let readOnlySQLTransaction = SQLState("25006")
    /// `25P03`: the server ended a session left idle inside a transaction.
    public static let idleInTransactionSessionTimeout = SQLState("25P03")
    /// `57P05`: the server ended an idle session.
    public static let idleSessionTimeout = SQLState("57P05")

    /// True for failures that go away by themselves: the connection was lost or refused, the
    /// server is starting or shutting down, out of resources, the transaction lost a race, or
    /// the server went read-only (a standby, or a primary being demoted during a failover).
    public var isTransient: Bool {
        if requiresReconnect { return true }
        switch self {
        case .serializationFailure, .deadlockDetected, .queryCanceled, .lockNotAvailable:
            return true
        default:
            switch errorClass {
            case "53", "58": return true  // insufficient resources, system error
            default: return false
            }
        }
    }

    /// True when the connection must not be used again: it is gone, the server is going away,
    /// or it reached a server that cannot take writes. A new connection lets libpq choose a
    /// server again (with `target_session_attrs=read-write`, whichever is primary now).
    public var requiresReconnect: Bool {
        switch self {
        case .adminShutdown, .crashShutdown, .cannotConnectNow, .readOnlySQLTransaction,
            .idleInTransactionSessionTimeout, .idleSessionTimeout:
            return true
        default:
            return errorClass == "08"  // connection exception
        }
    }
}
