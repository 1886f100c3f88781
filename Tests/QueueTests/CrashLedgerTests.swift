import Testing

@testable import BulletinIngest

#if canImport(Glibc)
import Glibc
#endif

@Suite("Crash ledger")
struct CrashLedgerTests {
    /// An owner on this host whose process does not exist.
    static let deadOwner = "\(QueueLayout.hostName()).999999.7"

    @Test func aCountBecomesAVerdict() {
        #expect(CrashCount.verdict(0) == .clean)
        #expect(CrashCount.verdict(1) == .suspect)
        #expect(CrashCount.verdict(CrashCount.limit - 1) == .suspect)
        #expect(CrashCount.verdict(CrashCount.limit) == .condemned)
        #expect(CrashCount.verdict(CrashCount.limit + 5) == .condemned)
    }

    @Test func theMarkerNamesTheFileOnlyWhileItIsExtracted() throws {
        let root = TempDir()
        let layout = QueueLayout(inbox: root.path, owner: "host.1.1")
        let ledger = CrashLedger(directories: try layout.open(), slots: 2)
        let marker = FileName("host.1.1.extracting-1")
        let inside = try ledger.marking(slot: 1, FileName("公报 2024.txt")) {
            try FileOps.readBounded(layout.processingRoot, marker, limit: 4096).bytes
        }
        // A reader (the instance that takes over) takes the bytes before the first NUL.
        #expect(inside?.prefix { $0 != 0 } == ArraySlice(Array("公报 2024.txt".utf8)))
        let shorter = try ledger.marking(slot: 1, FileName("b")) {
            try FileOps.readBounded(layout.processingRoot, marker, limit: 4096).bytes
        }
        #expect(shorter?.prefix { $0 != 0 } == ArraySlice(Array("b".utf8)))
        #expect(try FileOps.readBounded(layout.processingRoot, marker, limit: 4096).bytes?.first == 0)
    }

    @Test func aDeadOwnerLeavesItsCountsPlusOneForEachMarkedFile() throws {
        let root = TempDir()
        let layout = QueueLayout(inbox: root.path, owner: "me.1.1")
        let directories = try layout.open()
        let dead = Self.deadOwner
        root.put(".bulletind/processing/\(dead).suspects", Array("2 a.txt\0".utf8) + Array("1 b.txt\0x\0\0".utf8))
        root.put(".bulletind/processing/\(dead).extracting-0", "a.txt")
        root.put(".bulletind/processing/\(dead).extracting-1", "c.txt")
        root.put(".bulletind/processing/\(dead).extracting-2", "")
        let counts = CrashLedger.inherit(from: dead, in: directories.processingRoot)
        #expect(counts == [FileName("a.txt"): 3, FileName("b.txt"): 1, FileName("c.txt"): 1])
        #expect(try FileOps.list(directories.processingRoot).filter { "\($0)".hasPrefix(dead) }.isEmpty)
    }

    @Test func recordsSurviveInTheLedgerFileAndAreForgotten() throws {
        let root = TempDir()
        let layout = QueueLayout(inbox: root.path, owner: "me.2.2")
        let directories = try layout.open()
        let ledger = CrashLedger(directories: directories, slots: 1)
        ledger.record(FileName("a.txt"), crashes: 2)
        ledger.record(FileName("b\nc"), crashes: 1)
        #expect(ledger.crashes(FileName("a.txt")) == 2)
        // What a successor would inherit if this owner died now (the marker is empty).
        let file = try FileOps.readBounded(directories.processingRoot, FileName("me.2.2.suspects"), limit: 4096)
        #expect(file.bytes.map { Array($0) } == Array("2 a.txt\0".utf8) + Array("1 b\nc\0".utf8))
        ledger.forget(FileName("a.txt"))
        ledger.forget(FileName("b\nc"))
        #expect(ledger.crashes(FileName("a.txt")) == 0)
        #expect(FileOps.status(directories.processingRoot, FileName("me.2.2.suspects")).kind == .missing)
        ledger.remove()
        #expect(FileOps.status(directories.processingRoot, FileName("me.2.2.extracting-0")).kind == .missing)
    }

    @Test func theQueueFailsACondemnedFileUnreadAndProbesASuspect() async throws {
        let queue = try QueueHarness()
        let sample = try QueueHarness.sample()
        _ = try queue.layout.open()
        let dead = Self.deadOwner
        let folder = ".bulletind/processing/" + dead
        try FileOps.makeDirectories(queue.inbox + "/" + folder)
        queue.root.put("inbox/\(folder)/culprit.txt", sample + Array("\n一\n".utf8))
        queue.root.put("inbox/\(folder)/suspect.txt", sample + Array("\n二\n".utf8))
        queue.root.put("inbox/\(folder)/clean.txt", sample + Array("\n三\n".utf8))
        // The culprit crashed the dead owner twice before; it was in the extractor a third time.
        let ledger = "\(CrashCount.limit - 1) culprit.txt\0" + "1 suspect.txt\0"
        queue.root.put("inbox/.bulletind/processing/\(dead).suspects", ledger)
        queue.root.put("inbox/.bulletind/processing/\(dead).extracting-0", "culprit.txt")
        try await queue.run { queue in
            let outcomes = await queue.recorder.first(3)
            #expect(outcomes.contains(.failed("culprit.txt", .crashedExtractor)))
            #expect(outcomes.filter { if case .done = $0 { true } else { false } }.count == 2)
        }
        #expect(queue.names(".bulletind/done") == ["clean.txt", "suspect.txt"])
        #expect(queue.names(".bulletind/failed") == ["culprit.txt", "culprit.txt.error.json"])
        let sidecar = try FileOps.readBounded(queue.layout.failed, FileName("culprit.txt.error.json"), limit: 65536)
        let text = String(decoding: sidecar.bytes ?? [], as: UTF8.self)
        #expect(text.contains("\"reason\":\"crashed_extractor\"") || text.contains("\"reason\": \"crashed_extractor\""))
        // Nothing of the dead owner or of this one is left in the processing root.
        #expect(queue.names(".bulletind/processing") == [])
        #expect(queue.store.records.count == 2)
    }
}
