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
            try Migrations.apply(on: c, logger: TestPG.logger, upTo: 5)
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

extension PostgreSQLTests {
    /// A body stored by an older build that this build normalizes differently (full-width
    /// digits it now converts, a line wrapped mid-sentence it now joins) is rewritten, with its
    /// metadata, and every plugin is run again over the new body in the same transaction.
    @Test func reprocessRenormalizesAStoredBodyAndReExtractsEveryPlugin() async throws {
        let db = try TestPG.migratedDatabase().client
        let original = try Document(bytes: try TestPG.sample(), fileName: "s.txt")
        _ = try db.runBlocking("store") { c throws(DatabaseError) in
            try DocumentWriter.store(Self.extracted(original), versions: Self.versions, on: c)
        }
        // What an older build would have stored: another body, stale metadata, old versions,
        // and evidence offsets that refer to that body.
        let sentence = "全市高新技术企业总数达到268家"
        #expect(original.body.contains(sentence))
        let older = original.body.replacingOccurrences(of: sentence, with: "全市高新技术企业\n总数达到２６８家")
        #expect(
            Document(text: older, encoding: "utf-8", sha256: original.sha256, byteSize: 1, fileName: "s.txt").body
                != older,
            "the older body must not be what this build makes of it"
        )
        try db.runBlocking("age") { c throws(DatabaseError) in
            try c.execute(
                """
                UPDATE bulletin.documents SET body = $1, title = 'old title', region = NULL,
                       plugin_versions = '{"finance": "0.9.0"}'
                """,
                [older],
                operation: "age"
            )
            try c.execute(
                "UPDATE bulletin.observations SET plugin_version = '0.9.0', evidence_start = 0, evidence_end = 1",
                operation: "age"
            )
        }
        let reprocessor = Reprocessor(client: db, registry: .builtIn, logger: TestPG.logger)
        // Even a run for one plugin renormalizes the document and runs every plugin.
        let report = try await reprocessor.run(.init(plugin: "awards"))
        #expect(report.documents == 1 && report.renormalized == 1)
        #expect(report.pluginRuns == PluginRegistry.builtIn.plugins.count)
        #expect(report.lines.count == 1)
        #expect(report.lines.first?.contains("renormalized (body, title, ") == true, "\(report.lines)")
        let row = try db.runBlocking("row") { c throws(DatabaseError) in
            try c.execute("SELECT body, title, region, issuer FROM bulletin.documents", operation: "row").rows.first
        }
        let expected = Document(
            text: older,
            encoding: original.encoding,
            sha256: original.sha256,
            byteSize: original.byteSize,
            fileName: "s.txt"
        )
        #expect(row?[0] == expected.body)
        #expect(row?[0]?.contains("２６８") == false)
        #expect(row?[1] == original.title && row?[2] == original.region)
        // The metadata is what this build reads from the stored body (which no longer has the
        // page's separators: the issuer may read differently from the one read at ingest).
        #expect(row?[3] == expected.issuer)
        // Every observation is the new extraction's, its offsets pointing into the new body.
        let observations = try db.runBlocking("observations") { c throws(DatabaseError) in
            try c.execute(
                """
                SELECT count(*) FILTER (WHERE position(substr(d.body, o.evidence_start + 1,
                                                             o.evidence_end - o.evidence_start) IN o.evidence_text) > 0
                                          AND o.evidence_end > o.evidence_start),
                       count(*), count(*) FILTER (WHERE o.plugin_version = '0.9.0')
                  FROM bulletin.observations o JOIN bulletin.documents d ON d.id = o.document_id
                """,
                operation: "observations"
            ).rows.first
        }
        let extracted = PluginRegistry.builtIn.extract(expected).count
        #expect(observations == [String(extracted), String(extracted), "0"])
        let versions = try db.runBlocking("versions") { c throws(DatabaseError) in
            try c.execute(
                "SELECT plugin, plugin_version FROM bulletin.document_plugins ORDER BY plugin",
                operation: "versions"
            ).rows
        }
        #expect(versions == Self.versions.sorted { $0.name < $1.name }.map { [$0.name, $0.version] })
        // The new body is this build's own: a second run leaves it alone.
        let again = try await reprocessor.run(.init(outdatedOnly: true))
        #expect(again.renormalized == 0 && again.pluginRuns == 0)
    }
}
