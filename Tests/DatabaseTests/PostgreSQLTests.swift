import BulletinCore
import BulletinPlugins
import Foundation
import Logging
import Testing

@testable import BulletinStore

/// Everything that needs the real server, serialized: one suite restarts the server.
@Suite(
    "PostgreSQL",
    .serialized,
    .enabled(if: TestPG.enabled, "set BULLETIND_TEST_PG=1 with a server in PG* (Deploy/test.sh does)")
)
struct PostgreSQLTests {
    static let versions = PluginRegistry.builtIn.plugins.map { PluginVersion(name: $0.name, version: $0.version) }

    /// `document` with the observations of every plugin.
    static func extracted(_ document: Document) -> ExtractedDocument {
        ExtractedDocument(document: document, observations: PluginRegistry.builtIn.extract(document))
    }

    @Test func migrationsCreateTheContractAndAreIdempotent() throws {
        let db = try TestPG.migratedDatabase().client
        let again = try db.runBlocking("migrate") { c throws(DatabaseError) in
            try Migrations.apply(on: c, logger: TestPG.logger)
        }
        #expect(again.isEmpty)
        let version = try db.runBlocking("version") { c throws(DatabaseError) in try Migrations.currentVersion(on: c) }
        #expect(version == Migrations.latestVersion)
        let relations = try db.runBlocking("relations") { c throws(DatabaseError) in
            try c.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'bulletin' ORDER BY 1",
                operation: "list"
            ).rows.compactMap { $0[0] }
        }
        for r in ["documents", "observations", "latest_observations", "observation_details", "schema_migrations"] {
            #expect(relations.contains(r))
        }
    }

    @Test func concurrentMigratorsAreSerialized() async throws {
        let conninfo = try TestPG.freshDatabase()
        try await withThrowingTaskGroup(of: [Int].self) { group in
            for i in 0..<4 {
                group.addTask {
                    let db = PGClient(conninfo: conninfo, logger: TestPG.logger, label: "migrator-\(i)")
                    return try await db.run("migrate") { c throws(DatabaseError) in
                        try Migrations.apply(on: c, logger: TestPG.logger)
                    }
                }
            }
            var applied: [Int] = []
            for try await a in group { applied += a }
            #expect(applied.sorted() == Migrations.all.map(\.version).sorted())
        }
    }

    @Test func sameBytesAreStoredOnce() throws {
        let db = try TestPG.migratedDatabase().client
        let doc = try Document(bytes: try TestPG.sample(), fileName: "first.txt")
        let obs = PluginRegistry.builtIn.extract(doc)
        #expect(obs.count == 23)
        let first = try db.runBlocking("store") { c throws(DatabaseError) in
            try DocumentWriter.store(
                ExtractedDocument(document: doc, observations: obs),
                versions: Self.versions,
                on: c
            )
        }
        guard case .inserted(_, let n) = first else {
            Issue.record("expected an insert")
            return
        }
        #expect(n == 23)
        let renamed = try Document(bytes: try TestPG.sample(), fileName: "second.txt")
        let second = try db.runBlocking("store") { c throws(DatabaseError) in
            try DocumentWriter.store(Self.extracted(renamed), versions: Self.versions, on: c)
        }
        #expect(second == .duplicate)
        #expect(try TestPG.count(db, "bulletin.documents") == 1)
        #expect(try TestPG.count(db, "bulletin.observations") == 23)
        let name = try db.runBlocking("name") { c throws(DatabaseError) in
            try c.execute("SELECT file_name FROM bulletin.documents", operation: "name").scalar
        }
        #expect(name == "first.txt")
        // the view answers the analyst's question
        let latest = try db.runBlocking("latest") { c throws(DatabaseError) in
            try c.execute(
                "SELECT value FROM bulletin.latest_observations WHERE region = $1 AND key = $2 AND period = $3",
                ["清河市", "enterprises.high_tech.total", "2023"],
                operation: "latest"
            ).scalar
        }
        #expect(latest == "268")
    }

    @Test func textThatLooksLikeSQLIsStoredVerbatim() throws {
        let db = try TestPG.migratedDatabase().client
        let nasty = "标题'); DROP TABLE bulletin.documents; -- \\ \"{x,y}\" NULL $1\n高新技术企业总数达到12家。"
        let doc = Document(
            text: nasty,
            encoding: "utf-8",
            sha256: String(repeating: "a", count: 64),
            byteSize: 99,
            fileName: "it's \"odd\".txt"
        )
        var obs = PluginRegistry.builtIn.extract(doc)
        obs.append(
            Observation(
                plugin: "enterprises",
                pluginVersion: "1",
                key: "enterprises.recognized",
                value: ExactDecimal(1),
                unit: .count,
                approx: .exact,
                status: .actual,
                period: nil,
                level: nil,
                region: "NULL",
                subject: "{\"a\",b}\\",
                evidence: Evidence(text: nasty, start: 0, end: 1)
            )
        )
        _ = try db.runBlocking("store") { c throws(DatabaseError) in
            try DocumentWriter.store(
                ExtractedDocument(document: doc, observations: obs),
                versions: Self.versions,
                on: c
            )
        }
        let back = try db.runBlocking("read") { c throws(DatabaseError) in
            try c.execute(
                """
                SELECT d.body, d.file_name, o.subject, o.region, o.evidence_text
                  FROM bulletin.documents d JOIN bulletin.observations o ON o.document_id = d.id
                 WHERE o.key = 'enterprises.recognized'
                """,
                operation: "read"
            ).rows.first
        }
        #expect(back?[0] == doc.body)
        #expect(back?[1] == "it's \"odd\".txt")
        #expect(back?[2] == "{\"a\",b}\\")
        #expect(back?[3] == "NULL")
        #expect(back?[4] == nasty)
        #expect(try TestPG.count(db, "bulletin.documents") == 1)
    }

    @Test func aFailingTransactionLeavesNothing() throws {
        let db = try TestPG.migratedDatabase().client
        let doc = try Document(bytes: try TestPG.sample(), fileName: "a.txt")
        #expect(throws: DatabaseError.self) {
            try db.runBlocking("tx") { c throws(DatabaseError) in
                try c.transaction("test") { t throws(DatabaseError) in
                    _ = try DocumentWriter.store(
                        ExtractedDocument(document: doc, observations: []),
                        versions: Self.versions,
                        on: t
                    )
                    try t.execute("SELECT 1/0", operation: "divide by zero")
                }
            }
        }
        #expect(try TestPG.count(db, "bulletin.documents") == 0)
    }

    @Test func aPoisonDocumentFailsAloneInItsBatch() throws {
        let db = try TestPG.migratedDatabase().client
        func doc(_ s: String) -> Document {
            Document(
                text: "高新技术企业总数达到\(s)家。",
                encoding: "utf-8",
                sha256: SHA256.hex(Array(s.utf8)),
                byteSize: 1,
                fileName: s
            )
        }
        let good1 = doc("11")
        let good2 = doc("22")
        let bad = doc("33")
        var poison = PluginRegistry.builtIn.extract(bad)
        poison[0].evidence = Evidence(text: "x", start: 5, end: 1)  // violates a CHECK constraint
        let batch = DocumentBatch(
            documents: [
                Self.extracted(good1), ExtractedDocument(document: bad, observations: poison), Self.extracted(good2),
            ],
            pluginVersions: Self.versions
        )
        let results = try db.runBlocking("batch") { c throws(DatabaseError) in
            try DocumentWriter.storeBatch(batch, on: c)
        }
        #expect(results.count == 3)
        if case .failure(let e) = results[1] {
            #expect(e.sqlState == SQLState("23514"))
            #expect(!e.isTransient)
        } else {
            Issue.record("the poison document should fail")
        }
        #expect(try TestPG.count(db, "bulletin.documents") == 2)
        #expect(try TestPG.count(db, "bulletin.observations") == 2)
    }

    @Test func aBatchIsOneStatementWithRepeatsAndKnownDocumentsAsDuplicates() throws {
        let db = try TestPG.migratedDatabase().client
        func doc(_ s: String) -> Document {
            Document(
                text: "高新技术企业总数达到\(s)家。",
                encoding: "utf-8",
                sha256: SHA256.hex(Array(s.utf8)),
                byteSize: 1,
                fileName: s
            )
        }
        let a = doc("41")
        let b = doc("42")
        let known = doc("43")
        _ = try db.runBlocking("known") { c throws(DatabaseError) in
            try DocumentWriter.store(Self.extracted(known), versions: Self.versions, on: c)
        }
        let batch = DocumentBatch(
            documents: [Self.extracted(a), Self.extracted(b), Self.extracted(a), Self.extracted(known)],
            pluginVersions: Self.versions
        )
        let results = try db.runBlocking("batch") { c throws(DatabaseError) in
            try DocumentWriter.storeBatch(batch, on: c)
        }
        let outcomes = results.map { try? $0.get() }
        guard case .inserted(_, let na)? = outcomes[0], case .inserted(_, let nb)? = outcomes[1] else {
            Issue.record("the first two should be inserted: \(outcomes)")
            return
        }
        #expect(na == 1 && nb == 1)
        #expect(outcomes[2] == .duplicate && outcomes[3] == .duplicate)
        #expect(try TestPG.count(db, "bulletin.documents") == 3)
        #expect(try TestPG.count(db, "bulletin.observations") == 3)
        let versions = try db.runBlocking("versions") { c throws(DatabaseError) in
            try c.execute("SELECT count(*) FROM bulletin.document_plugins", operation: "versions").scalar
        }
        #expect(versions == String(3 * Self.versions.count))
    }

    @Test func reconnectsAfterTheServerRestarts() async throws {
        let db = try TestPG.migratedDatabase().client
        #expect(try TestPG.count(db, "bulletin.documents") == 0)
        try TestPG.server("restart-immediate")
        // The old connection is gone; the handle reconnects by itself within a few tries.
        var succeeded = false
        var transientSeen = 0
        for attempt in 0..<60 {
            do {
                _ = try await db.run("after restart") { c throws(DatabaseError) in
                    try c.execute("SELECT 1", operation: "ping")
                }
                succeeded = true
                break
            } catch {
                #expect(error.isTransient, "a restart must look transient: \(error)")
                transientSeen += 1
                try await Task.sleep(for: RetryPolicy().delay(attempt: min(attempt, 4)))
            }
        }
        #expect(succeeded)
        #expect(db.health == .up)
    }
}
