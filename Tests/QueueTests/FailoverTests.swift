import BulletinCore
import BulletinStore
import Synchronization
import Testing

@testable import BulletinIngest
@testable import ServiceKit

#if canImport(Glibc)
import Glibc
#endif

@Suite("Server tracker and reconcile state machine")
struct ReconcileStateMachineTests {
    let a = ServerIdentity(systemIdentifier: "7714474709004612644", timeline: 1)
    let b = ServerIdentity(systemIdentifier: "7714474709004612644", timeline: 2)
    let c = ServerIdentity(systemIdentifier: "1234", timeline: 1)

    @Test func theTrackerReportsTheFirstServerAndEachChangeOnce() {
        var tracker = ServerTracker()
        #expect(tracker.seen(a) == ServerChange(previous: nil, current: a))
        #expect(tracker.seen(a) == nil)
        #expect(tracker.seen(b) == ServerChange(previous: a, current: b))
        #expect(tracker.seen(b) == nil)
        #expect(tracker.seen(a) == ServerChange(previous: b, current: a))
    }

    @Test func theFirstServerIsRememberedAndTheSameOneChangesNothing() {
        var machine = ReconcileStateMachine(remembered: nil)
        #expect(machine.handle(.serverReached(a)) == .remember(a))
        #expect(machine.handle(.serverReached(a)) == .none)
        #expect(machine.state == .idle && machine.server == a)
    }

    @Test func aNewTimelineStartsAPass() {
        var machine = ReconcileStateMachine(remembered: a)
        #expect(machine.handle(.serverReached(a)) == .none)
        #expect(machine.handle(.serverReached(b)) == .rememberAndReconcile(from: a, to: b))
        #expect(machine.isBusy)
        #expect(machine.handle(.passFinished) == .none)
        #expect(machine.state == .idle)
    }

    @Test func aServerChangeWhileNoInstanceRanIsNoticedAtStart() {
        var machine = ReconcileStateMachine(remembered: a)
        #expect(machine.handle(.serverReached(c)) == .rememberAndReconcile(from: a, to: c))
    }

    @Test func aChangeDuringAPassAsksForOneMore() {
        var machine = ReconcileStateMachine(remembered: a)
        _ = machine.handle(.serverReached(b))
        #expect(machine.handle(.serverReached(c)) == .rememberAndReconcileLater(c))
        #expect(machine.handle(.serverReached(c)) == .none)
        #expect(machine.handle(.passFinished) == .reconcile)
        #expect(machine.handle(.passFinished) == .none)
        #expect(machine.state == .idle && machine.server == c)
    }

    @Test func anInterruptedPassIsRetriedWithAGrowingBackoff() {
        var machine = ReconcileStateMachine(remembered: a)
        _ = machine.handle(.serverReached(b))
        #expect(machine.handle(.passFailed) == .retryAfterBackoff(attempt: 0))
        #expect(machine.handle(.backoffElapsed) == .reconcile)
        #expect(machine.handle(.passFailed) == .retryAfterBackoff(attempt: 1))
        // A change while waiting is covered by the retried pass.
        #expect(machine.handle(.serverReached(c)) == .rememberAndReconcileLater(c))
        #expect(machine.handle(.backoffElapsed) == .reconcile)
        #expect(machine.handle(.passFinished) == .none)
        #expect(machine.state == .idle)
        // Events that do not apply change nothing.
        #expect(machine.handle(.passFinished) == .none)
        #expect(machine.handle(.backoffElapsed) == .none)
        #expect(machine.handle(.passFailed) == .none)
    }

    @Test func identitiesRoundTripThroughTheStateFile() {
        #expect(ServerIdentity(text: a.text + "\n") == a)
        #expect(ServerIdentity(text: "garbage") == nil)
        #expect(ServerIdentity(text: "12 x") == nil)
    }
}

@Suite("Retention and --since")
struct RetentionTests {
    let day: Int64 = 86_400_000_000_000

    @Test func doneKeepsFilesAtLeastForTheReconcileWindow() {
        let policy = RetentionPolicy(done: .seconds(3600), failed: .seconds(86_400), reconcileWindow: .seconds(86_400))
        #expect(policy.keeps(.done) == .seconds(86_400))
        #expect(!policy.isExpired(.done, arrivedNanos: 10 * day, nowNanos: 11 * day - 1))
        #expect(policy.isExpired(.done, arrivedNanos: 10 * day, nowNanos: 11 * day + 1))
        #expect(policy.isExpired(.failed, arrivedNanos: 10 * day, nowNanos: 11 * day + 1))
        #expect(policy.sweepInterval == .seconds(3600))
    }

    @Test func zeroRetentionKeepsForEver() {
        let policy = RetentionPolicy(done: nil, failed: nil)
        #expect(!policy.isExpired(.done, arrivedNanos: 0, nowNanos: 1000 * day))
        #expect(!policy.isExpired(.failed, arrivedNanos: 0, nowNanos: 1000 * day))
        #expect(policy.sweepInterval == nil)
    }

    @Test func theSweeperRemovesOnlyWhatItsFoldersNoLongerKeep() throws {
        let root = TempDir()
        let layout = QueueLayout(inbox: root.path, owner: "test")
        let directories = try layout.open()
        let now = WallClock().now.nanosecondsSince1970
        func put(_ dir: String, _ name: String, age: Int64) throws {
            root.put(String(dir.dropFirst(root.path.count + 1)) + "/" + name, "x")
            try StateFolderTests.age(dir, name, nanos: now - age)
        }
        try put(layout.done, "old.txt", age: 8 * day)
        try put(layout.done, "in-window.txt", age: day / 2)
        try put(layout.failed, "old.bin", age: 31 * day)
        try put(layout.failed, "old.bin.error.json", age: 31 * day)
        try put(layout.failed, "new.bin", age: day)
        let report = RetentionSweeper(directories: directories, policy: RetentionPolicy()).sweep(nowNanos: now)
        #expect(report == .init(done: 1, failed: 2))
        #expect((try FileOps.list(layout.done)).map(\.description) == ["in-window.txt"])
        #expect((try FileOps.list(layout.failed)).map(\.description) == ["new.bin"])
    }

    @Test func sinceNamesADayAnInstantOrATimeBack() {
        let now: Int64 = 1_764_633_600 * 1_000_000_000  // 2025-12-02T00:00:00Z
        #expect(SinceArgument.parse("2025-12-01", nowNanos: now) == now - day)
        #expect(SinceArgument.parse("2025-12-01T12:30Z", nowNanos: now) == now - day / 2 + 30 * 60 * 1_000_000_000)
        #expect(SinceArgument.parse("2025-12-01T12:30:15Z", nowNanos: now) == now - day / 2 + 1815 * 1_000_000_000)
        #expect(SinceArgument.parse("1970-01-01", nowNanos: now) == 0)
        #expect(SinceArgument.parse("2d", nowNanos: now) == now - 2 * day)
        #expect(SinceArgument.parse("90m", nowNanos: now) == now - 5400 * 1_000_000_000)
        for bad in ["", "yesterday", "2025-13-01", "2025-02-30", "2025-12-01T25:00Z", "2025-12-01T12:30", "-3h"] {
            #expect(SinceArgument.parse(bad, nowNanos: now) == nil, "\(bad)")
        }
    }
}

@Suite("In-flight gate")
struct InFlightGateTests {
    @Test func drainWaitsForTheWorkBegunBeforeItOnly() async {
        let gate = InFlightGate()
        await gate.drain()  // nothing in flight: at once
        let first = gate.enter()
        let left = Atomic<Bool>(false)
        let drained = Task {
            await gate.drain()
            return left.load(ordering: .sequentiallyConsistent)
        }
        // Work begun after the drain was asked for does not hold it.
        while gate.waiting < 1 { await Task.yield() }
        let later = gate.enter()
        left.store(true, ordering: .sequentiallyConsistent)
        gate.leave(first)
        #expect(await drained.value, "drain returned before the earlier work ended")
        gate.leave(later)
        #expect(gate.inFlight == 0)
    }

    @Test func aCancelledDrainReturns() async {
        let gate = InFlightGate()
        let ticket = gate.enter()
        let drained = Task { await gate.drain() }
        drained.cancel()
        await drained.value
        gate.leave(ticket)
    }
}

@Suite("Connection targets")
struct ConnectionTargetsTests {
    @Test func severalHostsWithReadWriteAreFine() {
        let keywords = ConnectionTargets(conninfo: "host=a,b port=5432,5433 dbname=x target_session_attrs=read-write")
        #expect(keywords?.hosts == ["a", "b"])
        #expect(keywords?.warning == nil)
        let uri = ConnectionTargets(conninfo: "postgresql://a:5432,b:5433/x?target_session_attrs=read-write")
        #expect(uri?.hosts == ["a", "b"])
        #expect(uri?.targetSessionAttrs == "read-write")
        #expect(uri?.warning == nil)
    }

    @Test func severalHostsWithoutReadWriteAreWarnedAbout() {
        #expect(ConnectionTargets(conninfo: "host=a,b dbname=x")?.warning?.contains("target_session_attrs") == true)
        #expect(ConnectionTargets(conninfo: "", environment: ["PGHOST": "a,b"])?.warning != nil)
        let fromEnvironment = ConnectionTargets(
            conninfo: "",
            environment: ["PGHOST": "a,b", "PGTARGETSESSIONATTRS": "primary"]
        )
        #expect(fromEnvironment?.warning == nil)
        #expect(ConnectionTargets(conninfo: "host=a dbname=x")?.warning == nil)
        #expect(ConnectionTargets(conninfo: "host='unterminated") == nil)
    }
}

/// The queue against the in-memory store, failing over to a server that lacks some documents.
@Suite("Failover reconciliation")
struct FailoverReconciliationTests {
    @Test func afterAFailoverTheFilesWhoseDocumentsWereLostGoThroughTheQueueAgain() async throws {
        let queue = try QueueHarness()
        let sample = try QueueHarness.sample()
        try await queue.run { queue in
            for index in 0..<4 { queue.drop("f\(index).txt", sample + Array("\n编号\(index)\n".utf8)) }
            _ = await queue.recorder.first(4)
            let lost = Set(
                queue.store.records.filter { ["f1.txt", "f3.txt"].contains($0.document.fileName) }
                    .map(\.document.sha256)
            )
            #expect(lost.count == 2)
            queue.store.failOver(losing: lost)
            let again = await queue.recorder.first(6)[4...]
            #expect(Set(again.map { "\($0)" }).count == 2)
            for outcome in again {
                guard case .done(let name, .inserted(_, let observations)) = outcome else {
                    Issue.record("expected a new insert: \(outcome)")
                    continue
                }
                #expect(["f1.txt", "f3.txt"].contains(name) && observations == 23)
            }
        }
        #expect(Set(queue.store.records.map(\.document.sha256)).count == 4)
        #expect(queue.names(".bulletind/done") == ["f0.txt", "f1.txt", "f2.txt", "f3.txt"])
        let remembered = try FileOps.readBounded(queue.layout.state, queue.layout.serverFile, limit: 100).bytes
        #expect(remembered.map { ServerIdentity(text: String(decoding: $0, as: UTF8.self)) } == queue.store.server)
    }

    @Test func aServerChangeWhileTheQueueWasStoppedIsReconciledAtStartWithinTheWindow() async throws {
        let queue = try QueueHarness()
        let sample = try QueueHarness.sample()
        _ = try queue.layout.open()
        // The state folder remembers another server; done/ holds a recent file and an old one,
        // neither of whose documents this server has.
        try FileOps.writeAtomically(queue.layout.state, queue.layout.serverFile, Array("42 1\n".utf8))
        let now = queue.clock.now.nanosecondsSince1970
        for (name, age) in [("recent.txt", Int64(3600)), ("old.txt", Int64(2 * 86_400))] {
            queue.root.put("inbox/.bulletind/done/" + name, sample + Array("\n\(name)\n".utf8))
            try StateFolderTests.age(queue.layout.done, name, nanos: now - age * 1_000_000_000)
        }
        try await queue.run { queue in
            let outcomes = await queue.recorder.first(1)
            #expect(outcomes == [.done("recent.txt", .inserted(documentID: 1, observations: 23))])
        }
        #expect(queue.store.records.map(\.document.fileName) == ["recent.txt"])
        #expect(queue.store.lookups == 1)
    }
}
