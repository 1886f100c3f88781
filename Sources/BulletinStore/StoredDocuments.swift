import BulletinCore

/// The statements that re-extract stored documents (`bulletind reprocess`): find them, load
/// one with its row locked, rewrite its body when this build normalizes it differently, and
/// replace one plugin's observations of it.
///
/// Run them inside one transaction per document (``PGConnection/transaction(_:_:)``): the lock
/// taken by ``lock(_:on:)`` lets concurrent reprocessors take turns.
public enum StoredDocuments {
    /// A stored document, loaded for re-extraction.
    public struct Locked: Sendable {
        /// The document's id.
        public var id: Int64
        /// The document rebuilt from its stored body and metadata.
        public var document: Document
        /// False when the stored body does not normalize to itself (an older build normalized
        /// it, and this one would, say, join its soft-wrapped lines): new evidence offsets would
        /// not match it, so the row is rewritten with ``renormalized()`` first.
        public var bodyIsCanonical: Bool
        /// The plugin versions that last processed it.
        public var pluginVersions: [PluginVersion]
        /// The body as stored.
        public var storedBody: String
        /// The title, date, issuer and region as stored.
        public var storedMetadata: Document.KnownMetadata

        /// The document as this build normalizes the stored body: its body, and the title,
        /// date, issuer and region read from it. A field this build finds nothing for keeps its
        /// stored value (the stored body no longer has the page's HTML head, which may have
        /// given the title or the date).
        public func renormalized() -> Document {
            let fresh = Document(
                text: storedBody,
                encoding: document.encoding,
                sha256: document.sha256,
                byteSize: document.byteSize,
                fileName: document.fileName
            )
            let metadata = Document.KnownMetadata(
                title: fresh.title ?? storedMetadata.title,
                published: fresh.published ?? storedMetadata.published,
                issuer: fresh.issuer ?? storedMetadata.issuer,
                region: fresh.region ?? storedMetadata.region
            )
            return Document(
                text: storedBody,
                encoding: document.encoding,
                sha256: document.sha256,
                byteSize: document.byteSize,
                fileName: document.fileName,
                known: metadata
            )
        }
    }

    /// What replacing one plugin's observations changed.
    public struct Change: Sendable, Equatable {
        /// Observations that are new.
        public var added: Int
        /// Observations that are gone.
        public var removed: Int
    }

    static let replaceSQL = """
        WITH gone AS (
            DELETE FROM bulletin.observations WHERE document_id = $1::bigint AND plugin = $2
            RETURNING key, value, unit, status, period, region, subject
        ), added AS (
            INSERT INTO bulletin.observations (document_id, plugin, plugin_version, key, value, unit, approx,
                                               status, period, level, region, subject, evidence_text,
                                               evidence_start, evidence_end)
            SELECT $1::bigint, $2, $3, u.* FROM unnest($4::text[], $5::numeric[], $6::text[], $7::text[],
                                                       $8::text[], $9::int[], $10::text[], $11::text[],
                                                       $12::text[], $13::text[], $14::int[], $15::int[]) AS u
            RETURNING key, value, unit, status, period, region, subject
        ), version AS (
            UPDATE bulletin.documents SET plugin_versions = plugin_versions || jsonb_build_object($2::text, $3::text)
             WHERE id = $1::bigint
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM (SELECT * FROM added EXCEPT ALL SELECT * FROM gone) a),
               (SELECT count(*) FROM (SELECT * FROM gone EXCEPT ALL SELECT * FROM added) r),
               (SELECT count(*) FROM version)
        """

    /// The ids of the documents with hash `sha256` (any when nil) ingested on or after `since`
    /// (`YYYY-MM-DD`, any day when nil), in id order.
    public static func ids(sha256: String?, since: String?, on connection: PGConnection) throws(DatabaseError)
        -> [Int64]
    {
        try connection.execute(
            """
            SELECT id FROM bulletin.documents
             WHERE ($1::text IS NULL OR sha256 = $1) AND ($2::date IS NULL OR ingested_at >= $2::date)
             ORDER BY id
            """,
            [sha256, since],
            operation: "reprocess: select"
        ).rows.compactMap { $0[0].flatMap { Int64($0) } }
    }

    /// Loads document `id` and locks its row until the transaction ends; nil when it is gone.
    public static func lock(_ id: Int64, on connection: PGConnection) throws(DatabaseError) -> Locked? {
        let loaded = try connection.execute(
            """
            SELECT sha256, file_name, byte_size, encoding, title, issuer, region, published::text, body
              FROM bulletin.documents WHERE id = $1::bigint FOR UPDATE
            """,
            [String(id)],
            operation: "reprocess: load"
        )
        guard let row = loaded.rows.first else { return nil }
        let versions = try connection.execute(
            """
            SELECT v.key, v.value FROM bulletin.documents d, jsonb_each_text(d.plugin_versions) AS v
             WHERE d.id = $1::bigint
            """,
            [String(id)],
            operation: "reprocess: versions"
        ).rows.map { PluginVersion(name: $0[0] ?? "", version: $0[1] ?? "") }
        let known = Document.KnownMetadata(
            title: row[4],
            published: row[7].flatMap(DateParser.parse),
            issuer: row[5],
            region: row[6]
        )
        let document = Document(
            text: row[8] ?? "",
            encoding: row[3] ?? "",
            sha256: row[0] ?? "",
            byteSize: Int(row[2] ?? "0") ?? 0,
            fileName: row[1] ?? "",
            known: known
        )
        return Locked(
            id: id,
            document: document,
            bodyIsCanonical: document.body == row[8],
            pluginVersions: versions,
            storedBody: row[8] ?? "",
            storedMetadata: known
        )
    }

    /// Rewrites the body, title, date, issuer and region of document `id` with `document`'s
    /// (inside the caller's transaction, with the row locked by ``lock(_:on:)``). Every
    /// plugin's observations must be replaced in the same transaction: their evidence offsets
    /// refer to the body.
    public static func rewriteBody(of id: Int64, with document: Document, on connection: PGConnection)
        throws(DatabaseError)
    {
        try connection.execute(
            """
            UPDATE bulletin.documents
               SET body = $2, title = $3, published = $4::date, issuer = $5, region = $6
             WHERE id = $1::bigint
            """,
            [
                String(id), document.body, document.title, document.published?.description, document.issuer,
                document.region,
            ],
            operation: "reprocess: rewrite body"
        )
    }

    /// The plugins that have observations of document `id`.
    public static func plugins(of id: Int64, on connection: PGConnection) throws(DatabaseError) -> [String] {
        try connection.execute(
            "SELECT DISTINCT plugin FROM bulletin.observations WHERE document_id = $1::bigint ORDER BY plugin",
            [String(id)],
            operation: "reprocess: plugins"
        ).rows.compactMap { $0.first ?? nil }
    }

    /// Replaces the observations `plugin` made of document `id` with `observations`, and records
    /// the plugin's version in the document row.
    public static func replaceObservations(
        of id: Int64,
        by plugin: PluginVersion,
        with observations: [Observation],
        on connection: PGConnection
    ) throws(DatabaseError) -> Change {
        var parameters = PGParameters([String(id), plugin.name, plugin.version])
        ObservationColumns.append(observations, to: &parameters)
        let counts = try connection.executePrepared(
            "bulletind_reprocess",
            replaceSQL,
            parameters,
            operation: "reprocess: replace"
        ).rows.first
        return Change(added: Int(counts?[0] ?? "0") ?? 0, removed: Int(counts?[1] ?? "0") ?? 0)
    }
}
