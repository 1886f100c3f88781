import BulletinCore
import BulletinStore
import Foundation
import ServiceKit
import Testing

@testable import BulletinIngest

#if canImport(Glibc)
import Glibc
#endif

/// Issue #12: what another local user (a producer) could do to the daemon through the inbox
/// and the state folder, reproduced with real files, and the defined fate of each.
@Suite("Hostile neighbours")
struct HostileNeighbourTests {
    /// A file with `text`, read back.
    static func contents(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// A symlink planted at the sidecar's temporary name (predictable before: `.NAME.PID.tmp`)
    /// is never followed: the file it points to keeps its bytes and the sidecar is written.
    @Test func aSymlinkAtTheSidecarsTemporaryNameIsNotFollowed() throws {
        let folder = TempDir()
        folder.put("victim", "root's secret\n")
        try FileOps.makeDirectories(folder.path + "/failed")
        let name = FileName("x.txt.error.json")
        symlink(folder.path + "/victim", folder.path + "/failed/.x.txt.error.json.\(getpid()).tmp")
        try FileOps.writeAtomically(folder.path + "/failed", name, Array("{}\n".utf8))
        #expect(Self.contents(folder.path + "/victim") == "root's secret\n")
        #expect(Self.contents(folder.path + "/failed/x.txt.error.json") == "{}\n")
    }

    /// A symlink planted at the lease's name is touched itself, never followed to create a
    /// file elsewhere.
    @Test func aLeaseSymlinkIsNeverFollowed() throws {
        let folder = TempDir()
        let layout = QueueLayout(inbox: folder.path + "/inbox", owner: "host.1.1")
        let takeover = Takeover(directories: try layout.open(), lease: .seconds(30))
        symlink(folder.path + "/elsewhere", layout.processingRoot + "/host.1.1.lease")
        takeover.heartbeat()
        #expect(FileOps.status(folder.path, FileName("elsewhere")).kind == .missing)
        #expect(FileOps.status(layout.processingRoot, FileName("host.1.1.lease")).kind == .symlink)
    }

    /// The default state folder `INBOX/.bulletind` renamed away and replaced by a symlink (to
    /// a folder of the attacker's choosing) is refused, and so are `done` and `failed` links.
    @Test(arguments: ["", "/done", "/failed", "/processing"])
    func aStateFolderReplacedByASymlinkIsRefused(part: String) throws {
        let folder = TempDir()
        try FileOps.makeDirectories(folder.path + "/inbox/.bulletind", mode: 0o700)
        try FileOps.makeDirectories(folder.path + "/rootonly")
        let replaced = folder.path + "/inbox/.bulletind" + part
        rmdir(replaced)
        symlink(folder.path + "/rootonly", replaced)
        let layout = QueueLayout(inbox: folder.path + "/inbox")
        do {
            _ = try layout.open()
            Issue.record("a symlinked \(replaced) was accepted")
        } catch {
            #expect(error.reason.contains("symlink"), "\(error)")
        }
        #expect(((try? FileOps.list(folder.path + "/rootonly")) ?? [FileName("?")]).isEmpty)
    }

    /// A state folder others can write (where they could plant symlinks) is refused with the reason.
    @Test func aStateFolderOthersCanWriteIsRefused() throws {
        let folder = TempDir()
        try FileOps.makeDirectories(folder.path + "/inbox/.bulletind", mode: 0o700)
        chmod(folder.path + "/inbox/.bulletind", 0o777)
        #expect {
            _ = try QueueLayout(inbox: folder.path + "/inbox").open()
        } throws: { error in
            "\(error)".contains("writable by its group or others") && "\(error)".contains("chmod go-w")
        }
        chmod(folder.path + "/inbox/.bulletind", 0o700)
        _ = try QueueLayout(inbox: folder.path + "/inbox").open()
    }

    /// A state folder made by another user (a producer who replaced `.bulletind`) is refused.
    @Test(.enabled(if: geteuid() == 0, "needs root to give the folder to another user"))
    func aStateFolderOfAnotherUserIsRefused() throws {
        let folder = TempDir()
        try FileOps.makeDirectories(folder.path + "/inbox/.bulletind", mode: 0o700)
        chown(folder.path + "/inbox/.bulletind", 65534, 65534)
        #expect {
            _ = try QueueLayout(inbox: folder.path + "/inbox").open()
        } throws: { error in
            "\(error)".contains("belongs to uid 65534")
        }
    }

    /// Issue #12, 5: a hard link to a file the producer could not read (here: outside the
    /// inbox) is never read: it goes to failed/ with reason `hard_link`, and nothing is stored.
    @Test func aHardLinkIsNotRead() async throws {
        let queue = try QueueHarness()
        let secret = queue.root.path + "/shadow"
        let fd = open(secret, O_WRONLY | O_CREAT, 0o600)
        let sample = try QueueHarness.sample()
        _ = sample.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        try await queue.run { queue in
            let start = queue.clock.now
            link(secret, queue.inbox + "/passwords.txt")
            // Made in place: ready once it stayed unchanged for the settle interval.
            await queue.clock.sleeper { $0 > start && $0 <= start.advanced(by: .seconds(2)) }
            queue.clock.advance(by: .seconds(2))
            let outcomes = await queue.recorder.first(1)
            #expect(outcomes == [.failed("passwords.txt", .hardLink)])
        }
        #expect(queue.store.records.isEmpty)
        let sidecar = Self.contents(queue.inbox + "/.bulletind/failed/passwords.txt.error.json") ?? ""
        #expect(sidecar.contains("\"reason\":\"hard_link\""), "\(sidecar)")
    }

    /// Issue #12, 8: a 255-byte name whose twin is already in done/ gets a shortened `…~2`
    /// name instead of staying in processing/ forever.
    @Test func aLongestNameGetsItsSuffix() async throws {
        let queue = try QueueHarness()
        let sample = try QueueHarness.sample()
        let name = String(repeating: "长", count: 84) + "abc"  // 84 × 3 + 3 = 255 bytes
        #expect(name.utf8.count == 255)
        try await queue.run { queue in
            queue.drop(name, sample)
            _ = await queue.recorder.first(1)
            queue.drop(name, sample + Array("\n又一\n".utf8))
            let outcomes = await queue.recorder.first(2)
            let second = String(repeating: "长", count: 84) + "a~2"  // cut to 253 bytes, then ~2
            #expect(outcomes.last == .done(second, .inserted(documentID: 2, observations: 23)))
        }
        #expect(queue.processing().isEmpty)
        #expect(queue.names(".bulletind/done").count == 2)
    }

    /// Issue #12, 8: a name first seen as a directory and later taken by a file (here a hard
    /// link made in place, no rename) is queued: rescans no longer skip it for good.
    @Test func aDirectorysNameLaterUsedByAFileIsQueued() async throws {
        let queue = try QueueHarness()
        try await queue.run { queue in
            let start = queue.clock.now
            mkdir(queue.inbox + "/report", 0o755)
            // Seen, then skipped as a directory once settled; a rescan skips it too.
            await queue.clock.sleeper { $0 > start && $0 <= start.advanced(by: .seconds(2)) }
            queue.clock.advance(by: .seconds(3600))
            rmdir(queue.inbox + "/report")
            queue.root.put("stage/report", "全市高新技术企业总数达到77家。\n")
            rename(queue.stage + "/report", queue.inbox + "/report.tmp")
            let linked = queue.clock.now
            link(queue.inbox + "/report.tmp", queue.inbox + "/report")
            unlink(queue.inbox + "/report.tmp")
            await queue.clock.sleeper { $0 > linked && $0 <= linked.advanced(by: .seconds(2)) }
            queue.clock.advance(by: .seconds(3600))
            let outcomes = await queue.recorder.first(1)
            #expect(outcomes == [.done("report", .inserted(documentID: 1, observations: 1))])
        }
    }

    /// Issue #12, 6: the memory of files in hand is bounded, not only their number: with room
    /// for two 100 KB files (each counted as 32 times its size), a backlog of ten never has more
    /// than two claimed at once.
    @Test func bytesInFlightAreBounded() async throws {
        let perFile = IngestConfiguration.memoryPerFileByte
        let queue = try QueueHarness {
            $0.maxBytesInFlight = 200_000 * perFile
            $0.maxFileBytes = 1 << 20
        }
        let sample = try QueueHarness.sample()
        try await queue.run { queue in
            for index in 0..<10 {
                var body = sample + Array("\n编号\(index)\n".utf8)
                body.append(contentsOf: Array(String(repeating: "。", count: (100_000 - body.count) / 3).utf8))
                queue.drop("large\(index).txt", body)
            }
            let outcomes = await queue.recorder.first(10)
            #expect(Set(outcomes.map { "\($0)" }).count == 10)
        }
        #expect(queue.store.records.count == 10)
        #expect(queue.pipeline.budget.peak <= 200_000 * perFile)
        #expect(queue.pipeline.budget.peak >= 90_000 * perFile)
        #expect(queue.pipeline.budget.used == 0)
    }

    /// Issue #12, 6: a file that grows after its claim (its producer kept a descriptor open) is
    /// not read beyond what its share of the bytes in flight was reserved for: it fails as
    /// `grew_after_claim`, and its neighbours are stored.
    @Test func aFileThatGrowsAfterItsClaimIsNotRead() async throws {
        let queue = try QueueHarness {
            $0.batchSize = 1
            $0.workers = 1
            $0.maxFileBytes = 1 << 20
        }
        let sample = try QueueHarness.sample()
        queue.store.pauseStores()
        try await queue.run { queue in
            // With commits held, one worker and hand-offs of one, the fillers stop the worker
            // and the next file claimed waits in the hand-off, unread.
            for index in 0..<3 { queue.drop("filler\(index).txt", sample + Array("\n编号\(index)\n".utf8)) }
            let staged = queue.stage + "/grows.txt"
            let fd = open(staged, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            defer { close(fd) }
            _ = sample.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            rename(staged, queue.inbox + "/grows.txt")
            let deadline = ContinuousClock.now + .seconds(30)
            while !queue.processing().contains("grows.txt") && ContinuousClock.now < deadline { await Task.yield() }
            #expect(queue.processing().contains("grows.txt"))
            let more = Array(String(repeating: "。", count: 70_000).utf8)  // 210,000 bytes more
            _ = more.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            queue.store.resumeStores()
            let outcomes = await queue.recorder.first(4)
            #expect(outcomes.contains(.failed("grows.txt", .grewAfterClaim)))
        }
        #expect(queue.store.records.count == 3)
        let sidecar = Self.contents(queue.inbox + "/.bulletind/failed/grows.txt.error.json") ?? ""
        #expect(sidecar.contains("\"reason\":\"grew_after_claim\""), "\(sidecar)")
    }

    /// The read limit of a claimed file, and why a file over it is not read.
    @Test func growthIsAllowedUpToTheAllowance() {
        #expect(FileGrowth.readLimit(claimedSize: 1_000, maxFileBytes: 1 << 20) == 1_000 + FileGrowth.allowance)
        #expect(FileGrowth.readLimit(claimedSize: 1 << 20, maxFileBytes: 1 << 20) == 1 << 20)
        #expect(FileGrowth.readLimit(claimedSize: nil, maxFileBytes: 1 << 20) == 1 << 20)
        #expect(FileGrowth.unread(size: 2 << 20, claimedSize: 1_000, maxFileBytes: 1 << 20).reason == .tooLarge)
        #expect(FileGrowth.unread(size: 200_000, claimedSize: 1_000, maxFileBytes: 1 << 20).reason == .grewAfterClaim)
    }

    /// A long text is extracted in segments, so beyond its first 256 KiB a file is counted at
    /// what its bytes, text and body take, not at the analysis of a whole document: with the
    /// default budget one 16 MiB page goes beside ordinary bulletins, and two do not go together.
    @Test func largeFilesAreCountedAtWhatSegmentedExtractionTakes() {
        let memory = IngestConfiguration.memoryInHand
        #expect(memory(3_000) == 3_000 * IngestConfiguration.memoryPerFileByte)
        #expect(memory(256 * 1024) == 256 * 1024 * IngestConfiguration.memoryPerFileByte)
        #expect(memory(256 * 1024 + 1) == memory(256 * 1024) + IngestConfiguration.memoryPerSegmentedByte)
        let budget = IngestConfiguration(inbox: "").maxBytesInFlight
        let page = memory(16 << 20)
        #expect(page + 250 * memory(3_000) <= budget)
        #expect(2 * page > budget)
        #expect(memory(-1) == 0)
    }
}

/// Issue #12, 4: libpq quotes a malformed URI's password in its error; it reaches neither the
/// error's description, nor the store's health, nor `/readyz`.
@Suite("Secrets")
struct SecretTests {
    static let malformed = "postgresql://u:SeCr%ZZEt@/db"

    /// The second: a percent-encoded `password` keyword (libpq decodes it).
    @Test(arguments: [malformed, "postgresql:///db?pass%77ord=SeCr%ZZEt"])
    func libpqsQuotingOfAMalformedURIIsScrubbed(conninfo: String) {
        do {
            _ = try PGConnection(conninfo: conninfo)
            Issue.record("connected with a malformed URI")
        } catch {
            #expect(!"\(error)".contains("SeCr") && !"\(error)".contains("ZZEt"), "\(error)")
            #expect("\(error)".contains("***"), "\(error)")
        }
    }

    @Test func theReadinessReasonHasNoPassword() async throws {
        let store = PostgresDocumentStore(
            configuration: .init(conninfo: Self.malformed),
            logger: QueueHarness.logger
        )
        let health = IngestHealth(stats: QueueStats(), store: store, ready: ReadinessLatch())
        let task = Task { try await store.run() }
        defer { task.cancel() }
        // The store records its first failed attempt at once (libpq refuses the URI unconnected).
        var problem: String?
        for _ in 0..<3000 where problem == nil {
            if !store.health.isUp {
                problem = health.readinessProblem()
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let reason = try #require(problem)
        #expect(reason.hasPrefix("database unavailable"))
        #expect(!reason.contains("SeCr") && !reason.contains("ZZEt"), "\(reason)")
    }

    @Test(
        arguments: [
            ("host=h password = SeCrEt dbname=d", "host=h password = *** dbname=d"),
            ("password='Se Cr\\'Et' host=h", "password=*** host=h"),
            ("password=SeCrEt", "password=***"),
            ("postgresql://u:SeCrEt@h/db", "postgresql://u:***@h/db"),
            ("postgresql://u:SeCr%ZZEt@/db", "postgresql://u:***@/db"),
            ("postgresql://u@h/db?password=SeCrEt&sslmode=require", "postgresql://u@h/db?password=***&sslmode=require"),
            ("host=h dbname=d", "host=h dbname=d"),
            // libpq percent-decodes query keywords, and honours `\x` in a bare value.
            ("postgresql:///db?host=/nonexist&pass%77ord=SeCrEt", "postgresql:///db?host=/nonexist&pass%77ord=***"),
            ("postgresql:///db?PASS%57ORD=SeCrEt", "postgresql:///db?PASS%57ORD=***"),
            ("password=Se\\ CrEt host=/x", "password=*** host=/x"),
            ("password=SeCrEt\\", "password=***"),
        ]
    )
    func conninfoPasswordsAreRedacted(conninfo: String, expected: String) {
        #expect(ConninfoRedaction.redacted(conninfo) == expected)
    }

    /// A quoted token of a libpq error is masked when it is the password or a piece of a URI's
    /// query, even one whose keyword is not recognisably `password`.
    @Test(
        arguments: [
            ("postgresql:///db?pass%77ord=SeCr%ZZEt", #"invalid percent-encoded token: "SeCr%ZZEt""#),
            ("postgresql:///db?options=SeCr%ZZEt", #"invalid percent-encoded token: "SeCr%ZZEt""#),
            ("password=Se\\ CrEt host=/x", "password authentication failed: Se CrEt"),
        ]
    )
    func libpqMessagesAreScrubbed(conninfo: String, message: String) {
        let scrubbed = ConninfoRedaction.scrub(message, conninfo: conninfo)
        #expect(!scrubbed.contains("SeCr") && !scrubbed.contains("CrEt"), "\(scrubbed)")
        #expect(scrubbed.contains("***"), "\(scrubbed)")
    }
}
