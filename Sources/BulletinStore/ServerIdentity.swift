/// Which PostgreSQL server, and which history of it, a connection reached: the cluster's
/// system identifier (`pg_control_system()`, set by initdb and shared by the standbys made
/// from it with `pg_basebackup`) and its timeline (`pg_control_checkpoint()`, and the WAL
/// being written, which moves to a new timeline the moment a standby is promoted).
///
/// Two connections that report the same identity write to the same history: whatever one
/// committed the other sees. A different identity means a failover (a promoted standby, a
/// restored backup, another cluster): commits acknowledged by the old server may be missing.
public struct ServerIdentity: Sendable, Hashable, CustomStringConvertible {
    /// `pg_control_system().system_identifier`.
    public var systemIdentifier: String
    /// The timeline the server writes on.
    public var timeline: Int

    /// The identity `systemIdentifier` on `timeline`.
    public init(systemIdentifier: String, timeline: Int) {
        self.systemIdentifier = systemIdentifier
        self.timeline = timeline
    }

    /// `7714474709004612644/1`.
    public var description: String { "\(systemIdentifier)/\(timeline)" }

    /// The identity as one line of text (the state folder keeps the last one seen).
    public var text: String { "\(systemIdentifier) \(timeline)" }

    /// The identity written by ``text``; nil for anything else.
    public init?(text: String) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isNumber), let timeline = Int(parts[1])
        else { return nil }
        self.init(systemIdentifier: String(parts[0]), timeline: timeline)
    }

    /// The statement reading it. A primary's timeline is also read from the name of the WAL
    /// file it writes, because `pg_control_checkpoint()` moves to the new timeline only at the
    /// first checkpoint after a promotion.
    static let sql = """
        SELECT s.system_identifier::text,
               greatest(c.timeline_id,
                        CASE WHEN pg_is_in_recovery() THEN 0
                             ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END)
          FROM pg_control_system() s, pg_control_checkpoint() c
        """

    /// Reads the identity of the server `connection` reached.
    public static func read(on connection: PGConnection) throws(DatabaseError) -> ServerIdentity {
        let row = try connection.execute(sql, operation: "server identity").rows.first
        guard let row, row.count == 2, let system = row[0], let timeline = row[1].flatMap({ Int($0) }) else {
            throw DatabaseError(
                code: .unexpectedResult,
                sqlState: SQLState("XX000"),
                operation: "server identity",
                message: "no result row"
            )
        }
        return ServerIdentity(systemIdentifier: system, timeline: timeline)
    }
}
