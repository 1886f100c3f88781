import BulletinCore
import BulletinIngest
import BulletinPlugins
import Foundation
import Testing

@testable import BulletinStore

extension PostgreSQLTests {
    @Test func reprocessReplacesExactlyThePluginWhoseVersionChanged() async throws {
        let db = try TestPG.migratedDatabase().client
        let doc = try Document(bytes: try TestPG.sample(), fileName: "s.txt")
        _ = try db.runBlocking("store") { c throws(DatabaseError) in
            try DocumentWriter.store(Self.extracted(doc), versions: Self.versions, on: c)
        }
        // Pretend the finance rows came from an older finance plugin that missed two figures.
        try db.runBlocking("age") { c throws(DatabaseError) in
            try c.execute(
                "UPDATE bulletin.observations SET plugin_version = '0.9.0' WHERE plugin = 'finance'",
                operation: "age"
            )
            try c.execute(
                "UPDATE bulletin.documents SET plugin_versions = plugin_versions || '{\"finance\": \"0.9.0\"}'",
                operation: "age"
            )
            try c.execute(
                """
                DELETE FROM bulletin.observations
                 WHERE id IN (SELECT id FROM bulletin.observations WHERE plugin = 'finance' ORDER BY id LIMIT 2)
                """,
                operation: "lose"
            )
        }
        let before = try db.runBlocking("ids") { c throws(DatabaseError) in
            try c.execute(
                "SELECT id FROM bulletin.observations WHERE plugin <> 'finance' ORDER BY id",
                operation: "ids"
            ).rows
        }
        let r = Reprocessor(client: db, registry: .builtIn, logger: TestPG.logger)
        let report = try await r.run(.init(outdatedOnly: true))
        #expect(report.documents == 1)
        #expect(report.pluginRuns == 1, "only the outdated plugin runs")
        #expect(report.added == 2 && report.removed == 0)  // the 2 lost figures are back; the 9 others are the same
        #expect(try TestPG.count(db, "bulletin.observations") == 23)
        let after = try db.runBlocking("ids") { c throws(DatabaseError) in
            try c.execute(
                "SELECT id FROM bulletin.observations WHERE plugin <> 'finance' ORDER BY id",
                operation: "ids"
            ).rows
        }
        #expect(before == after, "other plugins' rows are untouched")
        let versions = try db.runBlocking("versions") { c throws(DatabaseError) in
            try c.execute(
                "SELECT DISTINCT plugin_version FROM bulletin.observations WHERE plugin = 'finance'",
                operation: "v"
            ).rows
        }
        #expect(versions == [[PluginRegistry.builtIn.plugin(named: "finance")?.version]])
        // Nothing outdated any more: a second run changes nothing.
        let again = try await r.run(.init(outdatedOnly: true))
        #expect(again.pluginRuns == 0 && again.added == 0)
        // Forced for one plugin: same figures, so no net change.
        let forced = try await r.run(.init(plugin: "awards"))
        #expect(forced.pluginRuns == 1 && forced.changedDocuments == 0)
        // The wide view answers per region and year.
        let wide = try db.runBlocking("wide") { c throws(DatabaseError) in
            try c.execute(
                """
                SELECT high_tech_enterprises, commissioners FROM bulletin.region_year_summary
                 WHERE region = '清河市' AND period = 2023
                """,
                operation: "wide"
            ).rows.first
        }
        #expect(wide == ["268", "238"])
    }

    /// Upgrading a version-4 database moves each document's plugin versions from the old table
    /// into the document row, and the old name still answers queries as a view.
    @Test func migrationFiveCarriesPluginVersionsIntoTheDocumentRow() throws {
        let db = PGClient(conninfo: try TestPG.freshDatabase(), logger: TestPG.logger)
        defer { db.close() }
        try db.runBlocking("v4") { c throws(DatabaseError) in
            _ = try Migrations.apply(on: c, logger: TestPG.logger, upTo: 4)
            try c.execute(
                """
                INSERT INTO bulletin.documents (sha256, file_name, byte_size, encoding, body)
                VALUES (repeat('a', 64), 'a.txt', 1, 'utf-8', 'x'), (repeat('b', 64), 'b.txt', 1, 'utf-8', 'y')
                """,
                operation: "documents"
            )
            try c.execute(
                """
                INSERT INTO bulletin.document_plugins (document_id, plugin, plugin_version)
                SELECT id, p, '1.' || p FROM bulletin.documents, unnest(ARRAY['awards', 'finance']) AS p
                 WHERE file_name = 'a.txt'
                """,
                operation: "versions"
            )
        }
        let applied = try db.runBlocking("v5") { c throws(DatabaseError) in
            try Migrations.apply(on: c, logger: TestPG.logger)
        }
        #expect(applied == [5])
        let rows = try db.runBlocking("read") { c throws(DatabaseError) in
            try c.execute(
                "SELECT file_name, plugin_versions::text FROM bulletin.documents ORDER BY file_name",
                operation: "read"
            ).rows
        }
        #expect(rows == [["a.txt", #"{"awards": "1.awards", "finance": "1.finance"}"#], ["b.txt", "{}"]])
        let view = try db.runBlocking("view") { c throws(DatabaseError) in
            try c.execute(
                "SELECT plugin, plugin_version FROM bulletin.document_plugins ORDER BY plugin",
                operation: "view"
            ).rows
        }
        #expect(view == [["awards", "1.awards"], ["finance", "1.finance"]])
    }
}
