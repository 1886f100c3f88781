/// A PostgreSQL SQLSTATE code, kept as its five-character string so that retry decisions are
/// a `switch` over known values and classes.
public struct SQLState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ code: String) { self.rawValue = code }

    /// The two-character class (`08` connection exception, `40` transaction rollback…).
    public var errorClass: String { String(rawValue.prefix(2)) }
    public var description: String { rawValue }

    public static let connectionFailure = SQLState("08006")
    public static let connectionDoesNotExist = SQLState("08003")
    public static let sqlClientUnableToEstablishConnection = SQLState("08001")
    public static let serializationFailure = SQLState("40001")
    public static let deadlockDetected = SQLState("40P01")
    public static let adminShutdown = SQLState("57P01")
    public static let crashShutdown = SQLState("57P02")
    public static let cannotConnectNow = SQLState("57P03")
    public static let tooManyConnections = SQLState("53300")
    public static let uniqueViolation = SQLState("23505")
    public static let undefinedTable = SQLState("42P01")
    public static let queryCanceled = SQLState("57014")
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
