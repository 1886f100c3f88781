import BulletinCore

/// What storing one document did.
public enum StoreOutcome: Sendable, Equatable {
    /// New document: its id and the number of observations written.
    case inserted(documentID: Int64, observations: Int)
    /// The same bytes were stored before: nothing written.
    case duplicate
}

/// Writes documents and their observations, idempotently, keyed by the SHA-256 of the bytes.
///
/// One document is one statement (a data-modifying CTE: insert the document unless its hash
/// exists, then insert all its observations from arrays), so it is atomic and takes one round
/// trip. A batch of documents is also one prepared statement (documents and observations as
/// arrays, joined by their position in the batch). If that statement fails permanently, the
/// batch is retried document by document under savepoints, so that the failing document is
/// rolled back alone and its neighbours still commit.
public enum DocumentStore {
    static let insertSQL = """
        WITH doc AS (
            INSERT INTO bulletin.documents (sha256, file_name, byte_size, encoding, title, issuer, region, published, body,
                                            plugin_versions)
            VALUES ($1, $2, $3::bigint, $4, $5, $6, $7, $8::date, $9, $24::jsonb)
            ON CONFLICT (sha256) DO NOTHING
            RETURNING id
        ), obs AS (
            INSERT INTO bulletin.observations (document_id, plugin, plugin_version, key, value, unit, approx, status,
                                               period, level, region, subject, evidence_text, evidence_start, evidence_end)
            SELECT doc.id, u.* FROM doc, unnest($10::text[], $11::text[], $12::text[], $13::numeric[], $14::text[],
                                                $15::text[], $16::text[], $17::int[], $18::text[], $19::text[],
                                                $20::text[], $21::text[], $22::int[], $23::int[]) AS u
            RETURNING 1
        )
        SELECT (SELECT id FROM doc), (SELECT count(*) FROM obs)
        """

    static let batchSQL = """
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],
                                 $8::date[], $9::text[])
                WITH ORDINALITY AS d(sha256, file_name, byte_size, encoding, title, issuer, region, published, body, idx)
        ), docs AS (
            INSERT INTO bulletin.documents (sha256, file_name, byte_size, encoding, title, issuer, region, published, body,
                                            plugin_versions)
            -- In hash order: concurrent writers take the unique-index locks in the same order (no deadlock).
            SELECT sha256, file_name, byte_size, encoding, title, issuer, region, published, body, $25::jsonb
              FROM input ORDER BY sha256
            ON CONFLICT (sha256) DO NOTHING
            RETURNING id, sha256
        ), obs AS (
            INSERT INTO bulletin.observations (document_id, plugin, plugin_version, key, value, unit, approx, status,
                                               period, level, region, subject, evidence_text, evidence_start, evidence_end)
            SELECT docs.id, o.plugin, o.plugin_version, o.key, o.value, o.unit, o.approx, o.status, o.period, o.level,
                   o.region, o.subject, o.evidence_text, o.evidence_start, o.evidence_end
              FROM unnest($10::int[], $11::text[], $12::text[], $13::text[], $14::numeric[], $15::text[], $16::text[],
                          $17::text[], $18::int[], $19::text[], $20::text[], $21::text[], $22::text[], $23::int[], $24::int[])
                   AS o(idx, plugin, plugin_version, key, value, unit, approx, status, period, level, region, subject,
                        evidence_text, evidence_start, evidence_end)
              JOIN input ON input.idx = o.idx
              JOIN docs ON docs.sha256 = input.sha256
            RETURNING document_id
        )
        SELECT input.idx, docs.id, coalesce(n.count, 0)
          FROM input LEFT JOIN docs ON docs.sha256 = input.sha256
          LEFT JOIN (SELECT document_id, count(*) AS count FROM obs GROUP BY document_id) AS n ON n.document_id = docs.id
         ORDER BY input.idx
        """

    /// Stores one document in its own implicit transaction; `versions` are the (plugin, version)
    /// pairs that processed it.
    public static func store(_ doc: Document, observations: [Observation], versions: [(String, String)],
                             on conn: PGConnection) throws(DatabaseError) -> StoreOutcome {
        let r = try conn.executePrepared("bulletind_insert_document", insertSQL,
                                         parameters(doc, observations, versions: versions), operation: "insert document")
        return try outcome(r)
    }

    /// A batch ready to send: the statement's parameters, built off the database thread.
    public struct BatchInsert: Sendable {
        public let documents: [(Document, [Observation])]
        /// For each input document, its position among the distinct ones, or -1 for a repeat.
        let position: [Int]
        let distinct: [(Document, [Observation])]
        let parameters: PGParameters
        let versions: [(String, String)]
    }

    /// Builds the parameters of a batch (dropping repeated hashes within it).
    public static func prepareBatch(_ docs: [(Document, [Observation])], versions: [(String, String)]) -> BatchInsert {
        var firstIndex: [String: Int] = [:]
        var unique: [(Document, [Observation])] = []
        var position: [Int] = []
        for (i, (doc, _)) in docs.enumerated() {
            if firstIndex[doc.sha256] == nil {
                firstIndex[doc.sha256] = i; position.append(unique.count); unique.append(docs[i])
            } else {
                position.append(-1)
            }
        }
        var p = batchParameters(unique)
        p.append(versionsJSON(versions))
        return BatchInsert(documents: docs, position: position, distinct: unique, parameters: p, versions: versions)
    }

    /// The batch statement's document and observation arrays, written straight into the
    /// parameter buffer (no String per value or per array).
    static func batchParameters(_ docs: [(Document, [Observation])]) -> PGParameters {
        var p = PGParameters()
        p.appendArray { a in for (d, _) in docs { a.element(d.sha256) } }
        p.appendArray { a in for (d, _) in docs { a.element(d.fileName) } }
        p.appendArray { a in for (d, _) in docs { a.element(d.byteSize) } }
        p.appendArray { a in for (d, _) in docs { a.element(d.encoding) } }
        p.appendArray { a in for (d, _) in docs { a.element(d.title) } }
        p.appendArray { a in for (d, _) in docs { a.element(d.issuer) } }
        p.appendArray { a in for (d, _) in docs { a.element(d.region) } }
        p.appendArray { a in for (d, _) in docs { a.element(d.published?.description) } }
        p.appendArray { a in for i in docs.indices { a.element(scalars: docs[i].0.bodyScalars) } }
        p.appendArray { a in for (i, (_, obs)) in docs.enumerated() { for _ in obs { a.element(i + 1) } } }
        let all = docs.flatMap(\.1)
        p.appendArray { a in for i in all.indices { a.element(all[i].plugin) } }
        p.appendArray { a in for i in all.indices { a.element(all[i].pluginVersion) } }
        appendObservationColumns(all, to: &p)
        return p
    }

    /// Stores documents with distinct hashes in one statement; returns one outcome per document.
    static func storeAtOnce(_ docs: [(Document, [Observation])], parameters: PGParameters, on conn: PGConnection) throws(DatabaseError) -> [StoreOutcome] {
        let r = try conn.executePrepared("bulletind_insert_batch", batchSQL, parameters, operation: "insert \(docs.count) documents")
        guard r.rows.count == docs.count else {
            throw DatabaseError(code: .unexpectedResult, sqlState: SQLState("XX000"), operation: "insert documents", message: "row count mismatch")
        }
        return r.rows.map { row in
            guard row.count == 3, let idText = row[1], let id = Int64(idText) else { return .duplicate }
            return .inserted(documentID: id, observations: Int(row[2] ?? "0") ?? 0)
        }
    }

    /// Stores several documents in one transaction. A permanent failure of one document is
    /// returned for it alone; a transient failure (connection lost, serialization) throws, and
    /// then nothing of the batch is committed.
    public static func storeBatch(_ docs: [(Document, [Observation])], versions: [(String, String)],
                                  on conn: PGConnection) throws(DatabaseError) -> [Result<StoreOutcome, DatabaseError>] {
        try storeBatch(prepareBatch(docs, versions: versions), on: conn)
    }

    /// Stores a batch prepared by ``prepareBatch(_:versions:)``.
    public static func storeBatch(_ batch: BatchInsert, on conn: PGConnection) throws(DatabaseError) -> [Result<StoreOutcome, DatabaseError>] {
        let docs = batch.documents
        if docs.count == 1 {
            do throws(DatabaseError) { return [.success(try store(docs[0].0, observations: docs[0].1, versions: batch.versions, on: conn))] } catch {
                if error.isTransient { throw error }
                return [.failure(error)]
            }
        }
        // The whole batch in one statement (atomic on its own). Only if it fails permanently are
        // the documents stored one by one under savepoints, to find the one that fails.
        do throws(DatabaseError) {
            let outcomes = try storeAtOnce(batch.distinct, parameters: batch.parameters, on: conn)
            return batch.position.map { $0 >= 0 ? .success(outcomes[$0]) : .success(.duplicate) }
        } catch {
            if error.isTransient { throw error }
        }
        return try storeOneByOne(batch, on: conn)
    }

    /// The fallback: one savepoint per document, so that a failing document is rolled back
    /// alone and its neighbours still commit.
    static func storeOneByOne(_ batch: BatchInsert, on conn: PGConnection) throws(DatabaseError) -> [Result<StoreOutcome, DatabaseError>] {
        let docs = batch.documents
        return try conn.transaction("store batch") { c throws(DatabaseError) in
            var results: [Result<StoreOutcome, DatabaseError>] = []
            for (doc, obs) in docs {
                try c.execute("SAVEPOINT doc", operation: "savepoint")
                do throws(DatabaseError) {
                    let r = try c.executePrepared("bulletind_insert_document", insertSQL,
                                                  parameters(doc, obs, versions: batch.versions), operation: "insert document")
                    results.append(.success(try outcome(r)))
                    try c.execute("RELEASE SAVEPOINT doc", operation: "release savepoint")
                } catch {
                    if error.isTransient { throw error }
                    try c.execute("ROLLBACK TO SAVEPOINT doc", operation: "rollback to savepoint")
                    results.append(.failure(error))
                }
            }
            return results
        }
    }

    private static func outcome(_ r: QueryResult) throws(DatabaseError) -> StoreOutcome {
        guard let row = r.rows.first, row.count == 2 else {
            throw DatabaseError(code: .unexpectedResult, sqlState: SQLState("XX000"), operation: "insert document", message: "no result row")
        }
        guard let idText = row[0], let id = Int64(idText) else { return .duplicate }
        return .inserted(documentID: id, observations: Int(row[1] ?? "0") ?? 0)
    }

    /// The plugin versions as the JSON object stored in `documents.plugin_versions`.
    static func versionsJSON(_ versions: [(String, String)]) -> String {
        var w = JSONWriter()
        w.beginObject()
        for (plugin, version) in versions { w.field(plugin, version) }
        w.endObject()
        return w.output
    }

    /// The observation columns from `key` to `evidence_end`, each as an array, in the order the
    /// insert statements (and `reprocess`) bind them.
    public static func appendObservationColumns(_ obs: [Observation], to p: inout PGParameters) {
        // By index: `for x in obs` would copy every observation (and retain its strings) per column.
        let all = obs.indices
        p.appendArray { a in for i in all { a.element(obs[i].key) } }
        p.appendArray { a in for i in all { a.element(obs[i].value) } }
        p.appendArray { a in for i in all { a.element(obs[i].unit.rawValue) } }
        p.appendArray { a in for i in all { a.element(obs[i].approx.rawValue) } }
        p.appendArray { a in for i in all { a.element(obs[i].status.rawValue) } }
        p.appendArray { a in for i in all { a.element(obs[i].period) } }
        p.appendArray { a in for i in all { a.element(obs[i].level?.rawValue) } }
        p.appendArray { a in for i in all { a.element(obs[i].region) } }
        p.appendArray { a in for i in all { a.element(obs[i].subject) } }
        p.appendArray { a in for i in all { a.element(obs[i].evidence.text) } }
        p.appendArray { a in for i in all { a.element(obs[i].evidence.start) } }
        p.appendArray { a in for i in all { a.element(obs[i].evidence.end) } }
    }

    static func parameters(_ d: Document, _ obs: [Observation], versions: [(String, String)]) -> PGParameters {
        var p = PGParameters([d.sha256, d.fileName, String(d.byteSize), d.encoding, d.title, d.issuer, d.region,
                              d.published?.description, d.body])
        p.appendArray { a in for x in obs { a.element(x.plugin) } }
        p.appendArray { a in for x in obs { a.element(x.pluginVersion) } }
        appendObservationColumns(obs, to: &p)
        p.append(versionsJSON(versions))
        return p
    }
}
