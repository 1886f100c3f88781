import BulletinCore
import BulletinDB
import BulletinPlugins
import Logging

/// Re-runs plugins over stored document bodies and replaces each plugin's observations per
/// document in one transaction (the document row is locked meanwhile), so it is safe while
/// daemons run. No file is needed again: the normalized body is in `bulletin.documents`.
public struct Reprocessor: Sendable {
    /// Which documents and plugins.
    public struct Filter: Sendable {
        public var plugin: String?
        /// Documents ingested on or after this day (`YYYY-MM-DD`).
        public var since: String?
        public var document: String?
        /// Only (document, plugin) pairs last processed by another version than the running one.
        public var outdatedOnly = false
        public init(plugin: String? = nil, since: String? = nil, document: String? = nil, outdatedOnly: Bool = false) {
            self.plugin = plugin; self.since = since; self.document = document; self.outdatedOnly = outdatedOnly
        }
    }

    /// What changed.
    public struct Report: Sendable, Equatable {
        public var documents = 0
        public var pluginRuns = 0
        public var changedDocuments = 0
        public var added = 0
        public var removed = 0
        public var unchanged = 0
        public var lines: [String] = []
    }

    /// What reprocessing one document did.
    enum DocumentResult: Sendable {
        /// Per plugin: added and removed observations.
        case replaced(sha256: String, changes: [(String, Int, Int)])
        /// The stored body does not normalize to itself, so offsets would be wrong: left alone.
        case bodyMismatch(sha256: String)
    }

    let database: Database
    let registry: PluginRegistry
    let logger: Logger

    public init(database: Database, registry: PluginRegistry, logger: Logger) {
        self.database = database; self.registry = registry; self.logger = logger
    }

    static let replaceSQL = """
        WITH gone AS (
            DELETE FROM bulletin.observations WHERE document_id = $1::bigint AND plugin = $2
            RETURNING key, value, unit, status, period, region, subject
        ), added AS (
            INSERT INTO bulletin.observations (document_id, plugin, plugin_version, key, value, unit, approx, status,
                                               period, level, region, subject, evidence_text, evidence_start, evidence_end)
            SELECT $1::bigint, $2, $3, u.* FROM unnest($4::text[], $5::numeric[], $6::text[], $7::text[], $8::text[], $9::int[],
                                               $10::text[], $11::text[], $12::text[], $13::text[], $14::int[], $15::int[]) AS u
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

    /// Runs the filter; returns what changed.
    public func run(_ filter: Filter) async throws(DatabaseError) -> Report {
        let plugins = registry.plugins.filter { filter.plugin == nil || $0.name == filter.plugin }
        let ids = try await database.run("reprocess: select") { c throws(DatabaseError) in
            try c.execute("""
                SELECT id FROM bulletin.documents
                 WHERE ($1::text IS NULL OR sha256 = $1) AND ($2::date IS NULL OR ingested_at >= $2::date)
                 ORDER BY id
                """, [filter.document, filter.since], operation: "reprocess: select").rows.compactMap { $0[0].flatMap { Int64($0) } }
        }
        var report = Report()
        for id in ids {
            report.documents += 1
            let versions = plugins.map { ($0.name, $0.version) }
            let r = try await database.run("reprocess document") { c throws(DatabaseError) -> DocumentResult in
                try c.transaction("reprocess") { t throws(DatabaseError) in
                    // Lock the document: concurrent reprocessors take turns.
                    guard let row = try t.execute("""
                        SELECT sha256, file_name, byte_size, encoding, title, issuer, region, published::text, body
                          FROM bulletin.documents WHERE id = $1::bigint FOR UPDATE
                        """, [String(id)], operation: "reprocess: load").rows.first else { return .replaced(sha256: "", changes: []) }
                    let stored = try t.execute("""
                        SELECT v.key, v.value FROM bulletin.documents d, jsonb_each_text(d.plugin_versions) AS v WHERE d.id = $1::bigint
                        """, [String(id)], operation: "reprocess: versions").rows
                    let known = Document.KnownMetadata(title: row[4], published: row[7].flatMap(DateParser.parse), issuer: row[5], region: row[6])
                    let doc = Document(text: row[8] ?? "", encoding: row[3] ?? "", sha256: row[0] ?? "",
                                       byteSize: Int(row[2] ?? "0") ?? 0, fileName: row[1] ?? "", known: known)
                    guard doc.body == row[8] else {
                        // Offsets would not match the stored body: leave this document alone.
                        return .bodyMismatch(sha256: row[0] ?? "")
                    }
                    var changes: [(String, Int, Int)] = []
                    for (name, version) in versions {
                        if filter.outdatedOnly, stored.contains(where: { $0[0] == name && $0[1] == version }) { continue }
                        let obs = registry.extract(doc, only: name, timing: nil)
                        var p = PGParameters([String(id), name, version])
                        DocumentStore.appendObservationColumns(obs, to: &p)
                        let counts = try t.executePrepared("bulletind_reprocess", Self.replaceSQL, p, operation: "reprocess: replace").rows.first
                        changes.append((name, Int(counts?[0] ?? "0") ?? 0, Int(counts?[1] ?? "0") ?? 0))
                    }
                    return .replaced(sha256: row[0] ?? "", changes: changes)
                }
            }
            let sha: String, changes: [(String, Int, Int)]
            switch r {
            case .bodyMismatch(let s):
                logger.warning("stored body does not normalize to itself; not reprocessed", metadata: ["sha256": "\(s.prefix(12))"])
                report.lines.append("\(s.prefix(12)) skipped: stored body does not normalize to itself")
                continue
            case .replaced(let s, let c):
                sha = s; changes = c
            }
            var changed = false
            for (plugin, added, removed) in changes {
                report.pluginRuns += 1
                report.added += added
                report.removed += removed
                if added + removed > 0 {
                    changed = true
                    report.lines.append("\(sha.prefix(12)) \(plugin): +\(added) -\(removed)")
                } else {
                    report.unchanged += 1
                }
            }
            if changed { report.changedDocuments += 1 }
        }
        return report
    }
}
