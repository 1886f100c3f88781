/// Which documents the database has, by the SHA-256 of their bytes: what reconciliation asks
/// after a failover, for the files it moved to `done/`.
public enum DocumentPresence {
    static let missingSQL = """
        SELECT h FROM unnest($1::text[]) AS h
         WHERE NOT EXISTS (SELECT 1 FROM bulletin.documents d WHERE d.sha256 = h)
        """

    /// The hashes among `sha256s` that no document has, in one statement.
    public static func missing(_ sha256s: [String], on connection: PGConnection) throws(DatabaseError) -> Set<String> {
        guard !sha256s.isEmpty else { return [] }
        var parameters = PGParameters()
        parameters.appendArray { a in for hash in sha256s { a.element(hash) } }
        let rows = try connection.executePrepared(
            "bulletind_missing_documents",
            missingSQL,
            parameters,
            operation: "reconcile: missing documents"
        ).rows
        return Set(rows.compactMap { $0.first ?? nil })
    }
}
