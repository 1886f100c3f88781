import BulletinCore
import BulletinPlugins
import DaemonSupport
import Foundation
import Logging
import ServiceKit
import ServiceLifecycle
import Testing

@testable import BulletinIngest
@testable import BulletinStore

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's store and queue running in this process over a temporary inbox and a fresh
/// database, with real time; ``run(_:)`` shuts them down gracefully after the test body.
struct RunningQueue: Sendable {
    let inbox: String
    let stage: String
    let db: PGClient
    let store: PostgresDocumentStore
    let pipeline: IngestPipeline<WallClock>
    let metrics = Metrics.prometheus()

    init(settle: Duration = .milliseconds(200), registry: PluginRegistry = .builtIn) throws {
        var template = Array("/tmp/bulletind-q-XXXXXX".utf8CString)
        let root = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        inbox = root + "/inbox"
        stage = root + "/stage"
        try FileOps.makeDirectories(inbox)
        try FileOps.makeDirectories(stage)
        let database = try TestPG.migratedDatabase()
        db = database.client
        var storeConfiguration = PostgresDocumentStore.Configuration(conninfo: database.conninfo)
        storeConfiguration.probeInterval = .milliseconds(200)
        store = PostgresDocumentStore(configuration: storeConfiguration, logger: TestPG.logger)
        var configuration = IngestConfiguration(inbox: inbox)
        configuration.settle = settle
        configuration.rescanInterval = .seconds(2)
        configuration.retry = RetryPolicy(initial: .milliseconds(50), cap: .milliseconds(500))
        configuration.maxFileBytes = 64 * 1024
        pipeline = IngestPipeline(
            configuration: configuration,
            store: store,
            registry: registry,
            clock: WallClock(),
            logger: TestPG.logger,
            metrics: metrics
        )
    }

    /// Runs the store and the queue (and `more` services) as a service group, calls `body` once
    /// the queue is ready, then shuts the group down gracefully and waits for it.
    func run(with more: [any Service] = [], _ body: @Sendable (RunningQueue) async throws -> Void) async throws {
        let services: [ServiceGroupConfiguration.ServiceConfiguration] =
            [.init(service: store)] + more.map { .init(service: $0) }
            + [.init(service: pipeline, successTerminationBehavior: .gracefullyShutdownGroup)]
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, logger: TestPG.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Files dropped from now on arrive as inotify events, as in production after READY=1.
            try await pipeline.health.waitUntilReady()
            try await body(self)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Writes `bytes` in the staging folder and renames them into the inbox (the safe drop).
    func drop(_ name: String, _ bytes: [UInt8]) {
        let tmp = stage + "/" + name
        _ = FileManager.default.createFile(atPath: tmp, contents: Data(bytes))
        rename(tmp, inbox + "/" + name)
    }

    /// Writes `bytes` to `name` in the inbox itself, with open, write and close (Foundation's
    /// `createFile` writes a temporary file and renames it, which is a drop, not a write in place).
    func writeInPlace(_ name: String, _ bytes: [UInt8]) {
        let fd = open(inbox + "/" + name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// The names in `sub` of the inbox, sorted (bytes that are not UTF-8 shown as U+FFFD).
    func names(_ sub: String) -> [String] {
        ((try? FileOps.list(inbox + "/" + sub)) ?? []).map { String(decoding: $0.bytes, as: UTF8.self) }.sorted()
    }

    /// The files claimed by any instance and not finished.
    func processing() -> [String] {
        names(".bulletind/processing").flatMap { owner in
            owner.hasSuffix(".lease") ? [] : names(".bulletind/processing/" + owner)
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
}

extension PostgreSQLTests {
    @Test func filesDroppedInTheInboxBecomeRowsExactlyOnce() async throws {
        let sample = try TestPG.sample()
        try await RunningQueue().run { q in
            q.drop("bulletin one.txt", sample)
            q.drop("copy-of-it.txt", sample)  // same bytes, other name
            q.drop("empty.txt", [])
            q.drop("junk.bin", [0, 1, 2, 3, 0xFF, 0xFE, 0, 0, 9, 0, 0x80, 0x81])
            q.drop("big.txt", [UInt8](repeating: 0x41, count: 100 * 1024))
            q.drop("no-figures.txt", Array("今天天气很好。".utf8))
            symlink("/etc/passwd", q.inbox + "/shadow-link")
            mkdir(q.inbox + "/a-directory", 0o755)
            let settled = await q.eventually {
                q.names(".bulletind/done").count == 3 && q.names(".bulletind/failed").count == 8
            }
            #expect(settled, "done: \(q.names(".bulletind/done")) failed: \(q.names(".bulletind/failed"))")
            #expect(try TestPG.count(q.db, "bulletin.documents") == 2)
            #expect(try TestPG.count(q.db, "bulletin.observations") == 23)
            #expect(q.names(".bulletind/failed").contains("empty.txt.error.json"))
            #expect(q.names(".bulletind/failed").contains("shadow-link"))
            let sidecar = try String(contentsOfFile: q.inbox + "/.bulletind/failed/big.txt.error.json", encoding: .utf8)
            #expect(sidecar.contains("\"reason\":\"too_large\""))
            #expect(q.names("").filter { !$0.hasPrefix(".") } == ["a-directory"])
            #expect(q.processing().isEmpty)
        }
    }

    @Test func aDatabaseOutageHoldsFilesAndResumesByItself() async throws {
        try await RunningQueue().run { q in
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
        }
    }
}
