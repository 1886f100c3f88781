import BulletinCore
import BulletinIngest
import BulletinPlugins
import BulletinRules
import Foundation
import Testing

@testable import BulletinStore

extension PostgreSQLTests {
    /// An operator's rule pack (Deploy/plugins.d/patents.yaml) through the daemon into
    /// PostgreSQL, then `reprocess --outdated` after the operator bumps its version.
    @Test func anOperatorPackAddsKeysThroughTheDaemonAndReprocessesAfterABump() async throws {
        let deployed = TestPG.root.appendingPathComponent("Deploy/plugins.d").path
        let registry = try PluginRegistry.with(operatorPacks: try RulePackDirectory.load(deployed))
        let patents = try #require(registry.plugin(named: "patents"))
        let text = "澄川市科学技术局2023年工作总结\n2023年，全市专利授权量5230件，同比增长12.4%。全市高新技术企业达到121家。\n"
        let queue = try RunningQueue(registry: registry)
        try await queue.run { q in
            q.drop("patents.txt", Array(text.utf8))
            let stored = try await q.eventually {
                try TestPG.count(q.db, "bulletin.observations WHERE key LIKE 'patents.%'") == 2
            }
            #expect(stored)
        }
        let rows = try queue.db.runBlocking("rows") { c throws(DatabaseError) in
            try c.execute(
                """
                SELECT key, value::text, plugin_version FROM bulletin.observations
                 WHERE plugin = 'patents' ORDER BY key
                """,
                operation: "rows"
            ).rows
        }
        #expect(
            rows == [
                ["patents.grants.growth", "12.4", patents.version], ["patents.grants.total", "5230", patents.version],
            ]
        )
        let catalog = try TestPG.count(queue.db, "bulletin.observations WHERE key = 'enterprises.high_tech.total'")
        #expect(catalog == 1, "the built-in plugins run beside the pack")
        let recorded = try queue.db.runBlocking("versions") { c throws(DatabaseError) in
            try c.execute("SELECT plugin_versions->>'patents' FROM bulletin.documents", operation: "v").rows
        }
        #expect(recorded == [[patents.version]])

        // The operator edits the pack and bumps its version: only that plugin is outdated.
        let edited = FileManager.default.temporaryDirectory.appendingPathComponent(
            "packs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        )
        try FileManager.default.createDirectory(at: edited, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: edited) }
        for name in try FileManager.default.contentsOfDirectory(atPath: deployed) where name.hasSuffix(".yaml") {
            var text = try String(contentsOfFile: deployed + "/" + name, encoding: .utf8)
            if name == "patents.yaml" { text = text.replacingOccurrences(of: "version: 1.0.0", with: "version: 1.0.1") }
            try text.write(to: edited.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let bumped = try PluginRegistry.with(operatorPacks: try RulePackDirectory.load(edited.path))
        let newVersion = try #require(bumped.plugin(named: "patents")).version
        #expect(newVersion != patents.version)
        let report = try await Reprocessor(client: queue.db, registry: bumped, logger: TestPG.logger)
            .run(.init(outdatedOnly: true))
        #expect(report.documents == 1 && report.pluginRuns == 1, "only the bumped pack runs again")
        let after = try queue.db.runBlocking("after") { c throws(DatabaseError) in
            try c.execute(
                "SELECT DISTINCT plugin_version FROM bulletin.observations WHERE plugin = 'patents'",
                operation: "after"
            ).rows
        }
        #expect(after == [[newVersion]])
    }
}
