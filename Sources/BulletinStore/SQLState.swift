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

    /// True for failures that go away by themselves: the connection was lost or refused, the
    /// server is starting or shutting down, out of resources, or the transaction lost a race.
    public var isTransient: Bool {
        switch self {
        case .serializationFailure, .deadlockDetected, .adminShutdown, .crashShutdown, .cannotConnectNow,
            .queryCanceled, .lockNotAvailable:
            return true
        default:
            switch errorClass {
            case "08", "53", "58": return true  // connection, insufficient resources, system error
            default: return false
            }
        }
    }
}
