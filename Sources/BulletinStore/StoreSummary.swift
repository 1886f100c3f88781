/// The database at a glance, for `bulletind status`.
public struct StoreSummary: Sendable, Equatable {
    /// Observations of one plugin.
    public struct PluginCount: Sendable, Equatable {
        /// The plugin's name.
        public var plugin: String
        /// Its observations.
        public var observations: Int
    }

    /// The schema version (0: none).
    public var schemaVersion: Int
    /// Stored documents.
    public var documents: Int
    /// Observations per plugin, by name.
    public var observationsByPlugin: [PluginCount]

    /// Reads the summary.
    public static func read(on connection: PGConnection) throws(DatabaseError) -> StoreSummary {
        let version = try Migrations.currentVersion(on: connection)
        guard version > 0 else { return StoreSummary(schemaVersion: 0, documents: 0, observationsByPlugin: []) }
        let documents = try connection.execute(
            "SELECT count(*) FROM bulletin.documents",
            operation: "status: documents"
        ).scalar
        let perPlugin = try connection.execute(
            "SELECT plugin, count(*) FROM bulletin.observations GROUP BY plugin ORDER BY plugin",
            operation: "status: observations"
        ).rows.map { PluginCount(plugin: $0[0] ?? "?", observations: Int($0[1] ?? "0") ?? 0) }
        return StoreSummary(
            schemaVersion: version,
            documents: Int(documents ?? "0") ?? 0,
            observationsByPlugin: perPlugin
        )
    }
}
