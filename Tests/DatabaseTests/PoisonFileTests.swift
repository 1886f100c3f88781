import DaemonSupport
import Foundation
import Testing

@testable import BulletinIngest
@testable import BulletinStore

extension PostgreSQLTests {
    /// A file the database rejects deterministically goes to failed/ after the bounded number of
    /// attempts, with the SQLSTATE in its sidecar; files committed with it are unaffected.
    @Test func poisonFilesFailWithTheirSQLState() async throws {
        try await RunningQueue().run { q in
            // Make one file name unstorable: a constraint the daemon cannot satisfy.
            _ = try q.db.runBlocking("poison") { c throws(DatabaseError) in
                try c.execute(
                    "ALTER TABLE bulletin.documents ADD CONSTRAINT no_poison CHECK (file_name <> 'poison.txt')",
                    operation: "poison"
                )
            }
            var sample = try TestPG.sample()
            q.drop("poison.txt", sample)
            for i in 0..<3 {
                sample.append(contentsOf: Array("\n丁\(i)\n".utf8))
                q.drop("good\(i).txt", sample)
            }
            #expect(
                await q.eventually(20) {
                    q.names(".bulletind/failed").contains("poison.txt.error.json")
                        && q.names(".bulletind/done").count == 3
                }
            )
            let sidecar = try String(
                contentsOfFile: q.inbox + "/.bulletind/failed/poison.txt.error.json",
                encoding: .utf8
            )
            #expect(sidecar.contains("\"reason\":\"database_rejected\""))
            #expect(sidecar.contains("\"sqlstate\":\"23514\""))
            #expect(sidecar.contains("\"attempts\":3"))
            #expect(try TestPG.count(q.db, "bulletin.documents") == 3)
            #expect(q.processing().isEmpty)
        }
    }
}
