/// A database failure: what was being done, the SQLSTATE, and whether retrying can help.
///
/// The description carries the operation, the SQLSTATE and the server's primary message only:
/// never bound parameters, bulletin text, a conninfo string or a password.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// Could not connect.
        case connect
        /// A statement failed.
        case query
        /// The server's answer was not what the statement should produce.
        case unexpectedResult
    }

    /// What kind of failure.
    public var code: Code
    /// The SQLSTATE (`08006` when the connection was lost without one).
    public var sqlState: SQLState
    /// The operation (`insert document`, `migrate 2`), never SQL text with values.
    public var operation: String
    /// The server's primary message (no DETAIL, which may quote values).
    public var message: String

    /// A failure of `operation` with `sqlState` and the server's primary `message`.
    public init(code: Code, sqlState: SQLState, operation: String, message: String) {
        self.code = code
        self.sqlState = sqlState
        self.operation = operation
        self.message = message
    }

    /// True when retrying later may succeed.
    public var isTransient: Bool { sqlState.isTransient }

    /// `query failed during insert document: SQLSTATE 23514 …`: no values, no SQL text.
    public var description: String {
        "\(code.rawValue) failed during \(operation): SQLSTATE \(sqlState) \(message)"
    }
}
