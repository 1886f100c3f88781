import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import ServiceLifecycle
import Testing
import BulletinCore
import BulletinPlugins
@testable import BulletinDB
@testable import BulletinQueue

/// A queue service running in this process over a temporary inbox and a fresh database.
final class RunningQueue: @unchecked Sendable {
    let inbox: String
    let stage: String
    let db: Database
    let service: InboxService
    let group: ServiceGroup
    let task: Task<Void, Error>

    init(settle: Duration = .milliseconds(200)) throws {
        var template = Array("/tmp/bulletind-q-XXXXXX".utf8CString)
        let root = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        inbox = root + "/inbox"
        stage = root + "/stage"
        try FileOps.makeDirectories(inbox)
        try FileOps.makeDirectories(stage)
        let (_, db) = try TestPG.migratedDatabase()
        self.db = db
        var config = QueueConfig(inbox: inbox)
        config.settle = settle
        config.rescanInterval = .seconds(2)
        config.retry = RetryPolicy(initial: .milliseconds(50), cap: .milliseconds(500))
        config.maxFileBytes = 64 * 1024
        service = InboxService(config: config, database: db, registry: PluginRegistry.builtIn, logger: TestPG.logger)
        group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)], logger: TestPG.logger))
        let g = group
        task = Task { try await g.run() }
    }

    /// Writes `bytes` in the staging folder and renames them into the inbox (the safe drop).
    func drop(_ name: String, _ bytes: [UInt8]) {
        let tmp = stage + "/" + name
        _ = FileManager.default.createFile(atPath: tmp, contents: Data(bytes))
        rename(tmp, inbox + "/" + name)
    }

    func names(_ sub: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: inbox + "/" + sub)) ?? []).sorted()
    }

    func processing() -> [String] {
        names(".bulletind/processing").flatMap { o in
            ((try? FileManager.default.contentsOfDirectory(atPath: inbox + "/.bulletind/processing/" + o)) ?? [])
        }
    }

    /// Polls until `condition` holds or `seconds` pass.
    func eventually(_ seconds: Double = 20, _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try condition()
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}

extension PostgreSQLTests {
    @Test func filesDroppedInTheInboxBecomeRowsExactlyOnce() async throws {
        let q = try RunningQueue()
        let sample = try TestPG.sample()
        q.drop("bulletin one.txt", sample)
        q.drop("copy-of-it.txt", sample)                          // same bytes, other name
        q.drop("empty.txt", [])
        q.drop("junk.bin", [0, 1, 2, 3, 0xFF, 0xFE, 0, 0, 9, 0, 0x80, 0x81])
        q.drop("big.txt", [UInt8](repeating: 0x41, count: 100 * 1024))
        q.drop("no-figures.txt", Array("今天天气很好。".utf8))
        symlink("/etc/passwd", q.inbox + "/shadow-link")
        mkdir(q.inbox + "/a-directory", 0o755)
        let settled = await q.eventually { q.names(".bulletind/done").count == 3 && q.names(".bulletind/failed").count == 8 }
        #expect(settled, "done: \(q.names(".bulletind/done")) failed: \(q.names(".bulletind/failed"))")
        #expect(try TestPG.count(q.db, "bulletin.documents") == 2)
        #expect(try TestPG.count(q.db, "bulletin.observations") == 23)
        #expect(q.names(".bulletind/failed").contains("empty.txt.error.json"))
        #expect(q.names(".bulletind/failed").contains("shadow-link"))
        let sidecar = try String(contentsOfFile: q.inbox + "/.bulletind/failed/big.txt.error.json", encoding: .utf8)
        #expect(sidecar.contains("\"reason\":\"too_large\""))
        #expect(q.names("").filter { !$0.hasPrefix(".") } == ["a-directory"])
        #expect(q.processing().isEmpty)
        try await q.stop()
    }

    @Test func aDatabaseOutageHoldsFilesAndResumesByItself() async throws {
        let q = try RunningQueue()
        q.drop("before.txt", try TestPG.sample())
        #expect(await q.eventually { q.names(".bulletind/done").count == 1 })
        try TestPG.server("stop-immediate")
        var other = try TestPG.sample()
        other.append(contentsOf: Array("\n另一份。".utf8))
        q.drop("during.txt", other)
        // While the server is down the file stays claimed and never goes to failed/.
        #expect(await q.eventually(3) { q.processing() == ["during.txt"] })
        try? await Task.sleep(for: .seconds(1))
        #expect(q.names(".bulletind/failed").isEmpty)
        #expect(q.names(".bulletind/done") == ["before.txt"])
        try TestPG.server("start-again")
        #expect(await q.eventually(30) { q.names(".bulletind/done").count == 2 })
        #expect(try TestPG.count(q.db, "bulletin.documents") == 2)
        #expect(q.processing().isEmpty)
        try await q.stop()
    }
}
