import DaemonSupport
import Foundation
import Testing

@testable import BulletinIngest
@testable import BulletinStore

#if canImport(Glibc)
import Glibc
#endif

extension PostgreSQLTests {
    /// Every kind of hostile or broken input gets a defined fate, and the queue keeps going.
    @Test func hostileInputCorpus() async throws {
        try await RunningQueue(settle: .milliseconds(300)).run(Self.dropHostileInput)
    }

    /// Drops the corpus into `q` and checks each file's fate.
    @Sendable static func dropHostileInput(_ q: RunningQueue) async throws {
        let sample = try TestPG.sample()
        let inbox = q.inbox

        // Names with spaces, newlines, quotes, and bytes that are not UTF-8 (written with raw bytes).
        let oddNames: [[UInt8]] = [
            Array("with space.txt".utf8), Array("new\nline.txt".utf8), Array("quote\"s 'and' \\back.txt".utf8),
            [0x62, 0xFF, 0xFE, 0x2E, 0x74, 0x78, 0x74],
        ]
        for (i, name) in oddNames.enumerated() {
            var body = sample
            body.append(contentsOf: Array("\n附\(String(repeating: "甲", count: i + 1))\n".utf8))
            let tmp = q.stage + "/odd\(i)"
            _ = FileManager.default.createFile(atPath: tmp, contents: Data(body))
            var target = Array(inbox.utf8) + [0x2F] + name + [0]
            target.withUnsafeMutableBufferPointer { p in
                _ = p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { rename(tmp, $0) }
            }
        }
        // SQL-looking bulletin text is stored verbatim.
        let sqlText = "'); DROP TABLE bulletin.observations; --\n全市高新技术企业总数达到77家。\n"
        q.drop("sql.txt", Array(sqlText.utf8))
        // Invalid byte sequences that decode as nothing we know.
        q.drop(
            "invalid.txt",
            [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xFF, 0xFF, 0x80, 0x00, 0x01]
        )
        // A FIFO (never opened for a blocking read), an unreadable file, a file written in place.
        mkfifo(inbox + "/pipe", 0o644)
        q.writeInPlace("in-place.txt", sample + Array("\n乙\n".utf8))
        // A name already in done/: the second one gets another name there.
        q.drop("same-name.txt", sample + Array("\n丙\n".utf8))
        #expect(await q.eventually { q.names(".bulletind/done").contains("same-name.txt") })
        q.drop("same-name.txt", sample + Array("\n丁\n".utf8))

        // Every file has its fate: 8 in done/, the FIFO and the undecodable file in failed/ with
        // their sidecars, nothing left in the inbox or claimed.
        // (Compared as sets of names: a listing taken while files are renamed may miss some.)
        let expectedDone: Set = [
            "with space.txt", "new\nline.txt", "quote\"s 'and' \\back.txt", "b\u{FFFD}\u{FFFD}.txt", "sql.txt",
            "in-place.txt", "same-name.txt", "same-name.txt~2",
        ]
        let expectedFailed: Set = ["pipe", "pipe.error.json", "invalid.txt", "invalid.txt.error.json"]
        let ok = await q.eventually(30) {
            Set(q.names(".bulletind/done")) == expectedDone && Set(q.names(".bulletind/failed")) == expectedFailed
                && q.names("").filter { !$0.hasPrefix(".") }.isEmpty && q.processing().isEmpty
        }
        #expect(ok, "left in inbox: \(q.names("")), processing: \(q.processing())")
        let done = q.names(".bulletind/done")
        let failed = q.names(".bulletind/failed")
        #expect(done.contains("same-name.txt") && done.contains("same-name.txt~2"))
        #expect(done.contains("in-place.txt"))
        #expect(done.contains("with space.txt"))
        #expect(done.contains("new\nline.txt"))
        #expect(done.count == 8, "\(done)")
        #expect(failed.contains("pipe") && failed.contains("pipe.error.json"))
        #expect(failed.contains("invalid.txt.error.json"))
        #expect(try TestPG.count(q.db, "bulletin.documents") == 8)
        let body = try q.db.runBlocking("sql body") { c throws(DatabaseError) in
            try c.execute("SELECT body FROM bulletin.documents WHERE file_name = 'sql.txt'", operation: "read").scalar
        }
        #expect(body?.hasPrefix("'); DROP TABLE bulletin.observations; --") == true)
        #expect(try TestPG.count(q.db, "bulletin.observations") == 7 * 23 + 1)
    }

    /// A file deleted or truncated while waiting never crashes or stalls the queue.
    @Test func filesThatVanishOrShrink() async throws {
        try await RunningQueue(settle: .seconds(1)).run { q in
            // Written in place, then truncated and deleted before it settles.
            q.writeInPlace("gone.txt", try TestPG.sample())
            truncate(q.inbox + "/gone.txt", 10)
            unlink(q.inbox + "/gone.txt")
            q.drop("after.txt", try TestPG.sample())
            #expect(await q.eventually { q.names(".bulletind/done") == ["after.txt"] })
            #expect(q.names(".bulletind/failed").isEmpty)
        }
    }
}

extension PostgreSQLTests {
    /// Issue #12, 7: a bulletin dated 2023年2月30日 (no such day) is stored with `published`
    /// null; the impossible date never reaches PostgreSQL (which would refuse it: 22008).
    @Test func anImpossibleDateIsStoredAsNoDate() async throws {
        try await RunningQueue().run { q in
            let text = "清河市科学技术局\n2023年2月30日\n全市高新技术企业总数达到77家。\n"
            q.drop("feb30.txt", Array(text.utf8))
            #expect(await q.eventually { q.names(".bulletind/done") == ["feb30.txt"] })
            #expect(q.names(".bulletind/failed").isEmpty)
            let row = try q.db.runBlocking("read") { c throws(DatabaseError) in
                try c.execute(
                    "SELECT published IS NULL, (SELECT count(*) FROM bulletin.observations) FROM bulletin.documents "
                        + "WHERE file_name = 'feb30.txt'",
                    operation: "read"
                ).rows
            }
            #expect(row == [["t", "1"]])
        }
    }
}
