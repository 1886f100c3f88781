import CLibPQ
import ServiceKit

/// The one owner of a libpq `PGconn`. Not thread-safe: a ``PGClient`` uses it only on its own
/// serial queue. Every `PGresult` is cleared beside the call that made it.
public final class PGConnection {
    private var conn: OpaquePointer?
    /// Set when libpq reported a client-side failure (no SQLSTATE): the connection is not trusted again.
    private var broken = false

    /// Connects with a conninfo string or URI; an empty string means libpq's defaults
    /// (`PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`, `PGPASSWORD`, `PGSERVICE`, `~/.pgpass`).
    public init(conninfo: String, applicationName: String = "bulletind", connectTimeout: Int = 5) throws(DatabaseError)
    {
        // Keywords are applied in order and the expanded dbname (the caller's conninfo) overrides
        // the defaults given before it.
        let keys = ["connect_timeout", "fallback_application_name", "dbname"]
        let values = [String(connectTimeout), applicationName, conninfo]
        let c: OpaquePointer? = PGParameters(keys).withPointers { k in
            PGParameters(values).withPointers { v in
                PQconnectdbParams(k + [nil], v + [nil], 1)
            }
        }
        guard let c else {
            throw DatabaseError(
                code: .connect,
                sqlState: .sqlClientUnableToEstablishConnection,
                operation: "connect",
                message: "out of memory"
            )
        }
        if PQstatus(c) != CONNECTION_OK {
            // libpq quotes the conninfo's pieces when it cannot parse it, the password among them.
            let message = ConninfoRedaction.scrub(Self.firstLine(PQerrorMessage(c)), conninfo: conninfo)
            PQfinish(c)
            throw DatabaseError(
                code: .connect,
                sqlState: .sqlClientUnableToEstablishConnection,
                operation: "connect",
                message: message
            )
        }
        // Server NOTICEs (e.g. "already exists, skipping") are not for the user's terminal.
        PQsetNoticeProcessor(c, { _, _ in }, nil)
        self.conn = c
    }

    deinit { if let conn { PQfinish(conn) } }

    /// True while libpq reports the connection usable.
    public var isUsable: Bool { !broken && (conn.map { PQstatus($0) == CONNECTION_OK } ?? false) }

    /// Where the connection goes, without credentials: `host:port/db as user`.
    public var endpoint: String {
        guard let c = conn else { return "(closed)" }
        func s(_ p: UnsafeMutablePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "?" }
        return "\(s(PQhost(c))):\(s(PQport(c)))/\(s(PQdb(c))) as \(s(PQuser(c)))"
    }

    /// The server version number (e.g. 150018).
    public var serverVersion: Int { conn.map { Int(PQserverVersion($0)) } ?? 0 }

    /// Names of the statements prepared on this connection.
    private var prepared = Set<String>()

    /// The identity of the server this connection reached, once read.
    private var identity: ServerIdentity?

    /// The identity of the server this connection reached (read once per connection: a
    /// connection never moves to another server).
    public func serverIdentity() throws(DatabaseError) -> ServerIdentity {
        if let identity { return identity }
        let read = try ServerIdentity.read(on: self)
        identity = read
        return read
    }

    /// Runs a statement prepared once per connection under `name` (parsed and planned once).
    @discardableResult
    public func executePrepared(_ name: String, _ sql: String, _ parameters: [String?], operation: String)
        throws(DatabaseError) -> QueryResult
    {
        try executePrepared(name, sql, PGParameters(parameters), operation: operation)
    }

    /// Runs the statement prepared as `name` (preparing `sql` on first use on this connection).
    @discardableResult
    public func executePrepared(_ name: String, _ sql: String, _ parameters: PGParameters, operation: String)
        throws(DatabaseError) -> QueryResult
    {
        guard let c = conn else {
            throw DatabaseError(
                code: .query,
                sqlState: .connectionDoesNotExist,
                operation: operation,
                message: "no connection"
            )
        }
        if !prepared.contains(name) {
            guard let r = PQprepare(c, name, sql, Int32(parameters.count), nil) else {
                broken = true
                throw DatabaseError(
                    code: .query,
                    sqlState: .connectionFailure,
                    operation: "\(operation): prepare",
                    message: Self.firstLine(PQerrorMessage(c))
                )
            }
            defer { PQclear(r) }
            guard PQresultStatus(r) == PGRES_COMMAND_OK else { throw failure(r, c, "\(operation): prepare") }
            prepared.insert(name)
        }
        let result: OpaquePointer? = parameters.withPointersAndFormats { params, lengths, formats in
            if let lengths, let formats {
                return PQexecPrepared(c, name, Int32(parameters.count), params, lengths, formats, 0)
            }
            return PQexecPrepared(c, name, Int32(parameters.count), params, nil, nil, 0)
        }
        guard let result else {
            broken = true
            throw DatabaseError(
                code: .query,
                sqlState: .connectionFailure,
                operation: operation,
                message: Self.firstLine(PQerrorMessage(c))
            )
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK: return QueryResult(result)
        default: throw failure(result, c, operation)
        }
    }

    /// Runs one parameterised statement (text parameters, `nil` = SQL NULL) and returns its rows.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = [], operation: String) throws(DatabaseError)
        -> QueryResult
    {
        guard let c = conn else {
            throw DatabaseError(
                code: .query,
                sqlState: .connectionDoesNotExist,
                operation: operation,
                message: "no connection"
            )
        }
        let result: OpaquePointer? = PGParameters(parameters).withPointers { params in
            PQexecParams(c, sql, Int32(parameters.count), nil, params, nil, nil, 0)
        }
        guard let result else {
            broken = true
            throw DatabaseError(
                code: .query,
                sqlState: .connectionFailure,
                operation: operation,
                message: Self.firstLine(PQerrorMessage(c))
            )
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return QueryResult(result)
        default:
            throw failure(result, c, operation)
        }
    }

    /// Runs a script of several statements without parameters (migrations only: fixed SQL, no values).
    public func executeScript(_ sql: String, operation: String) throws(DatabaseError) {
        guard let c = conn else {
            throw DatabaseError(
                code: .query,
                sqlState: .connectionDoesNotExist,
                operation: operation,
                message: "no connection"
            )
        }
        guard let result = PQexec(c, sql) else {
            broken = true
            throw DatabaseError(
                code: .query,
                sqlState: .connectionFailure,
                operation: operation,
                message: Self.firstLine(PQerrorMessage(c))
            )
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw failure(result, c, operation) }
    }

    /// The error of a failed result. The server always sends a SQLSTATE; an error without one
    /// was made by libpq itself (connection lost, protocol trouble), so it is a connection
    /// failure and this connection is not used again.
    private func failure(_ result: OpaquePointer, _ c: OpaquePointer, _ operation: String) -> DatabaseError {
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        if state == nil { broken = true }
        return DatabaseError(
            code: .query,
            sqlState: state.map { SQLState(rawValue: $0) } ?? .connectionFailure,
            operation: operation,
            message: primary ?? Self.firstLine(PQerrorMessage(c))
        )
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    public func transaction<T>(_ operation: String, _ body: (PGConnection) throws(DatabaseError) -> T)
        throws(DatabaseError) -> T
    {
        try execute("BEGIN", operation: "\(operation): begin")
        do {
            let value = try body(self)
            try execute("COMMIT", operation: "\(operation): commit")
            return value
        } catch {
            if isUsable { _ = try? execute("ROLLBACK", operation: "\(operation): rollback") }
            throw error
        }
    }

    static func firstLine(_ p: UnsafePointer<CChar>?) -> String {
        guard let p else { return "" }
        let s = String(cString: p)
        return String(s.split(separator: "\n").first ?? "").trimmingSpaces()
    }
}

/// The rows of a statement, copied out of the `PGresult` before it is cleared.
public struct QueryResult: Sendable {
    /// Rows of text values (`nil` = NULL).
    public var rows: [[String?]]
    /// Rows affected, for INSERT/UPDATE/DELETE.
    public var affected: Int

    init(_ r: OpaquePointer) {
        let n = Int(PQntuples(r))
        let f = Int(PQnfields(r))
        var rows: [[String?]] = []
        rows.reserveCapacity(n)
        for i in 0..<n {
            var row: [String?] = []
            for j in 0..<f {
                row.append(
                    PQgetisnull(r, Int32(i), Int32(j)) == 1 ? nil : String(cString: PQgetvalue(r, Int32(i), Int32(j)))
                )
            }
            rows.append(row)
        }
        self.rows = rows
        self.affected = Int(String(cString: PQcmdTuples(r))) ?? 0
    }

    /// The first column of the first row.
    public var scalar: String? { rows.first?.first ?? nil }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
