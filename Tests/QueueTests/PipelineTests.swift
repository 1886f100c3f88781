import BulletinCore
import BulletinStore
import Foundation
import Testing

@testable import BulletinIngest

#if canImport(Glibc)
import Glibc
#endif

/// The queue end to end against the in-memory store: real files and inotify, a clock the test
/// moves, and no sleeps — each test waits for the outcomes it expects.
@Suite("Queue pipeline")
struct PipelineTests {
    @Test func filesDroppedInTheInboxBecomeDocumentsExactlyOnce() async throws {
        let queue = try QueueHarness()
        let sample = try QueueHarness.sample()
        try await queue.run { queue in
            queue.drop("bulletin one.txt", sample)
            let first = await queue.recorder.first(1)
            #expect(first == [.done("bulletin one.txt", .inserted(documentID: 1, observations: 23))])
            queue.drop("copy-of-it.txt", sample)  // same bytes, other name
            queue.drop("empty.txt", [])
            queue.drop("junk.bin", [0, 1, 2, 3, 0xFF, 0xFE, 0, 0, 9, 0, 0x80, 0x81])
            queue.drop("big.txt", [UInt8](repeating: 0x41, count: 100 * 1024))
            queue.drop("no-figures.txt", Array("今天天气很好。".utf8))
            symlink("/etc/passwd", queue.stage + "/shadow-link")
            rename(queue.stage + "/shadow-link", queue.inbox + "/shadow-link")
            mkdir(queue.stage + "/a-directory", 0o755)
            rename(queue.stage + "/a-directory", queue.inbox + "/a-directory")
            let outcomes = await queue.recorder.first(7)
            #expect(outcomes.contains(.done("copy-of-it.txt", .duplicate)))
            #expect(outcomes.contains(.failed("empty.txt", .empty)))
            #expect(outcomes.contains(.failed("junk.bin", .undecodable)))
            #expect(outcomes.contains(.failed("big.txt", .tooLarge)))
            #expect(outcomes.contains(.failed("shadow-link", .notRegularFile)))
            #expect(outcomes.contains(.done("no-figures.txt", .inserted(documentID: 2, observations: 0))))
        }
        #expect(queue.store.records.count == 2)
        #expect(queue.store.records.reduce(0) { $0 + $1.observations.count } == 23)
        #expect(queue.names(".bulletind/done") == ["bulletin one.txt", "copy-of-it.txt", "no-figures.txt"])
        #expect(queue.names(".bulletind/failed").contains("big.txt.error.json"))
        #expect(queue.names("").filter { !$0.hasPrefix(".") } == ["a-directory"])
        #expect(queue.processing().isEmpty)
        #expect(queue.pipeline.stats.done.load(ordering: .relaxed) == 3)
    }

    @Test func aFileWrittenInPlaceIsTakenOnlyAfterTheSettleInterval() async throws {
        let queue = try QueueHarness()
        let sample = try QueueHarness.sample()
        try await queue.run { queue in
            let start = queue.clock.now
            queue.root.put("inbox/in-place.txt", sample)
            // The claimer asks to be woken at the end of the settle interval; the file waits.
            await queue.clock.sleeper { $0 > start && $0 <= start.advanced(by: .seconds(2)) }
            #expect(queue.names("").contains("in-place.txt"))
            #expect(queue.processing().isEmpty)
            // Past the settle interval on the clock, and after the file's own modification time
            // (the real time of the write, which a busy machine may put well after `start`).
            let written = FileOps.status(queue.inbox, FileName("in-place.txt")).mtimeNanos
            let settled = max(start.nanosecondsSince1970, written) + 2_000_000_000
            queue.clock.advance(by: .nanoseconds(settled - queue.clock.now.nanosecondsSince1970))
            let outcomes = await queue.recorder.first(1)
            #expect(outcomes == [.done("in-place.txt", .inserted(documentID: 1, observations: 23))])
        }
    }

    @Test func anOutageHoldsTheFileClaimedAndItIsStoredOnceTheDatabaseIsBack() async throws {
        let queue = try QueueHarness()
        queue.store.failNextStores(3)
        try await queue.run { queue in
            queue.drop("during.txt", try QueueHarness.sample())
            for _ in 0..<3 {
                // A committer waits out its backoff: the file stays claimed, never failed.
                await queue.clock.sleeper(within: .seconds(1))
                #expect(queue.processing() == ["during.txt"])
                #expect(queue.names(".bulletind/failed").isEmpty)
                queue.clock.advance(by: .seconds(1))
            }
            let outcomes = await queue.recorder.first(1)
            #expect(outcomes == [.done("during.txt", .inserted(documentID: 1, observations: 23))])
        }
        #expect(queue.store.storeCalls == 4)
        #expect(queue.pipeline.stats.retries.load(ordering: .relaxed) == 3)
    }

    @Test func aDocumentTheDatabaseRejectsFailsAloneAfterTheBound() async throws {
        let queue = try QueueHarness()
        let sample = try QueueHarness.sample()
        queue.store.reject(sha256: SHA256.hex(sample), sqlState: SQLState("23514"))
        try await queue.run { queue in
            queue.drop("poison.txt", sample)
            for index in 0..<3 { queue.drop("good\(index).txt", sample + Array("\n丁\(index)\n".utf8)) }
            for _ in 0..<2 {
                await queue.clock.sleeper(within: .seconds(1))
                queue.clock.advance(by: .seconds(1))
            }
            let outcomes = await queue.recorder.first(4)
            #expect(outcomes.contains(.failed("poison.txt", .database(sqlState: "23514"))))
            #expect(outcomes.filter { if case .done = $0 { true } else { false } }.count == 3)
        }
        let sidecar = try String(
            contentsOfFile: queue.inbox + "/.bulletind/failed/poison.txt.error.json",
            encoding: .utf8
        )
        #expect(sidecar.contains("\"reason\":\"database_rejected\""))
        #expect(sidecar.contains("\"sqlstate\":\"23514\""))
        #expect(sidecar.contains("\"attempts\":3"))
        #expect(queue.store.records.count == 3)
    }

    @Test func shutdownWhileTheDatabaseIsDownLeavesTheFilesClaimed() async throws {
        let queue = try QueueHarness()
        queue.store.failNextStores(1000)
        try await queue.run { queue in
            queue.drop("held.txt", try QueueHarness.sample())
            await queue.clock.sleeper(within: .seconds(1))
        }
        #expect(queue.recorder.outcomes == [.leftClaimed("held.txt")])
        #expect(queue.processing() == ["held.txt"])
        #expect(queue.names(".bulletind/failed").isEmpty)
    }

    @Test func gracefulShutdownFinishesTheFilesInHand() async throws {
        let queue = try QueueHarness { $0.batchSize = 8 }
        let sample = try QueueHarness.sample()
        try await queue.run { queue in
            for index in 0..<100 { queue.drop("doc\(index).txt", sample + Array("\n编号\(index)\n".utf8)) }
            // Shut down as soon as the first file is stored: others are claimed, extracted or
            // being committed at that moment.
            _ = await queue.recorder.first(1)
        }
        let done = queue.names(".bulletind/done")
        let waiting = queue.names("").filter { !$0.hasPrefix(".") }
        #expect(queue.processing().isEmpty)
        #expect(done.count + waiting.count == 100)
        #expect(queue.recorder.outcomes.count == done.count)
        #expect(queue.store.records.count == done.count)
    }

    @Test func theClaimsOfAStoppedInstanceAreTakenOver() async throws {
        let queue = try QueueHarness()
        let dead = queue.layout.processingRoot + "/" + "\(QueueLayout.hostName()).999999.1"
        try FileOps.makeDirectories(dead, mode: 0o700)
        let sample = try QueueHarness.sample()
        let fd = open(dead + "/orphan.txt", O_WRONLY | O_CREAT, 0o644)
        _ = sample.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        try await queue.run { queue in
            let outcomes = await queue.recorder.first(1)
            #expect(outcomes == [.done("orphan.txt", .inserted(documentID: 1, observations: 23))])
        }
        #expect((try? FileOps.list(dead)) == nil)
        #expect(queue.processing().isEmpty)
    }

    /// A backlog of 200 files is stored exactly once each, while the database holds its first
    /// commits (a slow database): nothing is lost or stored twice when commits queue up.
    @Test func aBacklogIsStoredEveryFileOnce() async throws {
        let queue = try QueueHarness { $0.batchSize = 16 }
        let sample = try QueueHarness.sample()
        queue.store.pauseStores()
        try await queue.run { queue in
            for index in 0..<200 {
                var body = sample
                body.append(contentsOf: Array("\n编号\(index)\n".utf8))
                queue.drop("doc\(index).txt", body)
            }
            while queue.store.heldStores == 0 { await Task.yield() }
            queue.store.resumeStores()
            let outcomes = await queue.recorder.first(200)
            #expect(Set(outcomes.map { "\($0)" }).count == 200)
        }
        #expect(queue.store.records.count == 200)
        #expect(Set(queue.store.records.map(\.document.sha256)).count == 200)
        #expect(queue.store.storeCalls <= 200)
        #expect(queue.names(".bulletind/done").count == 200)
    }
}
