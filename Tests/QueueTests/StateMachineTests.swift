import Testing

@testable import BulletinIngest
@testable import BulletinStore

@Suite("File state machine")
struct FileStateMachineTests {
    @Test func happyPath() {
        var machine = FileStateMachine()
        #expect(machine.handle(.claimed) == .extract)
        #expect(machine.handle(.extracted) == .store)
        #expect(machine.handle(.storeSucceeded) == .moveToDone)
        #expect(machine.handle(.moved) == .none)
        #expect(machine.state == .done)
    }

    @Test func transientFailuresRetryWithoutLimitAndWithGrowingBackoff() {
        var machine = FileStateMachine(maxPermanentAttempts: 3)
        _ = machine.handle(.claimed)
        _ = machine.handle(.extracted)
        for attempt in 0..<50 {
            #expect(machine.handle(.storeFailedTransient) == .retryAfterBackoff(attempt: attempt))
        }
        #expect(machine.state == .extracted(.init(failed: 50, permanent: 0)))
        #expect(machine.handle(.storeSucceeded) == .moveToDone)
    }

    @Test func permanentFailuresAreBounded() {
        var machine = FileStateMachine(maxPermanentAttempts: 3)
        _ = machine.handle(.claimed)
        _ = machine.handle(.extracted)
        #expect(machine.handle(.storeFailedPermanent(sqlState: "22P02")) == .retryAfterBackoff(attempt: 0))
        #expect(machine.handle(.storeFailedTransient) == .retryAfterBackoff(attempt: 1))
        #expect(machine.handle(.storeFailedPermanent(sqlState: "22P02")) == .retryAfterBackoff(attempt: 2))
        let reason = FailureReason.database(sqlState: "22P02")
        #expect(machine.handle(.storeFailedPermanent(sqlState: "22P02")) == .moveToFailed(reason))
        #expect(machine.attempts == 3)
        #expect(machine.handle(.moved) == .none)
        #expect(machine.state == .failed(reason))
    }

    @Test func rejectedBytesFailAtOnce() {
        var machine = FileStateMachine()
        _ = machine.handle(.claimed)
        #expect(machine.handle(.rejected(.undecodable)) == .moveToFailed(.undecodable))
        #expect(machine.attempts == 1)
    }

    @Test func shutdownWhileUnavailableAndFailedMovesLeaveTheFileClaimed() {
        var waiting = FileStateMachine()
        _ = waiting.handle(.claimed)
        _ = waiting.handle(.extracted)
        _ = waiting.handle(.storeFailedTransient)
        #expect(waiting.handle(.shutdownWhileUnavailable) == .leaveClaimed)
        #expect(waiting.state == .left)
        var stored = FileStateMachine()
        _ = stored.handle(.claimed)
        _ = stored.handle(.extracted)
        _ = stored.handle(.storeSucceeded)
        #expect(stored.handle(.moveFailed) == .leaveClaimed)
        #expect(stored.state == .left)
    }

    @Test func eventsOutOfOrderChangeNothing() {
        var machine = FileStateMachine()
        #expect(machine.handle(.storeSucceeded) == .none)
        #expect(machine.handle(.moved) == .none)
        #expect(machine.state == .new)
        _ = machine.handle(.claimed)
        #expect(machine.handle(.storeFailedTransient) == .none)
        #expect(machine.state == .claimed)
    }
}

@Suite("Connection state machine")
struct ConnectionStateMachineTests {
    @Test func logsOncePerChange() {
        var machine = ConnectionStateMachine()
        #expect(machine.handle(.succeeded) == .none)
        #expect(machine.handle(.failed(reason: "08006")) == .logLost(reason: "08006"))
        for _ in 0..<10 { #expect(machine.handle(.failed(reason: "08001")) == .none) }
        #expect(!machine.isUp)
        #expect(machine.handle(.succeeded) == .logRestored(afterFailures: 11))
        #expect(machine.handle(.succeeded) == .none)
        #expect(machine.isUp)
    }
}

@Suite("SQLSTATE classification")
struct SQLStateTests {
    @Test(
        "transient",
        arguments: [
            "08006", "08001", "08003", "40001", "40P01", "57P01", "57P02", "57P03", "53300", "53100", "25006", "25P03",
            "57P05",
        ]
    )
    func transient(code: String) { #expect(SQLState(code).isTransient) }

    @Test(
        "a server going away or only reading needs a new connection",
        arguments: ["08006", "08001", "57P01", "57P02", "57P03", "25006", "25P03", "57P05"]
    )
    func reconnect(code: String) { #expect(SQLState(code).requiresReconnect) }

    @Test("a lost race keeps the connection", arguments: ["40001", "40P01", "53300", "57014", "23505"])
    func keep(code: String) { #expect(!SQLState(code).requiresReconnect) }

    @Test("permanent", arguments: ["23505", "22P02", "42P01", "42501", "23514", "XX000"])
    func permanent(code: String) { #expect(!SQLState(code).isTransient) }

    @Test func descriptionsLeakNoValues() {
        let error = DatabaseError(
            code: .query,
            sqlState: SQLState("23514"),
            operation: "insert document",
            message: "new row violates check constraint"
        )
        #expect(
            error.description
                == "query failed during insert document: SQLSTATE 23514 new row violates check constraint"
        )
    }
}

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(initial: .milliseconds(100), cap: .seconds(10), multiplier: 2, jitter: 0.5)

    @Test func growsExponentiallyUpToTheCap() {
        #expect(policy.delay(attempt: 0, random: 1) == .milliseconds(100))
        #expect(policy.delay(attempt: 3, random: 1) == .milliseconds(800))
        #expect(policy.delay(attempt: 30, random: 1) == .seconds(10))
    }

    @Test func jitterSpreadsTheUpperHalf() {
        #expect(policy.delay(attempt: 3, random: 0) == .milliseconds(400))
        #expect(policy.delay(attempt: 3, random: 0.5) == .milliseconds(600))
        let delay = policy.delay(attempt: 5)
        #expect(delay >= .milliseconds(1600) && delay <= .milliseconds(3200))
    }
}

@Suite("Ready tracker")
struct ReadyTrackerTests {
    let second: Int64 = 1_000_000_000

    @Test func renamedFilesAreReadyAtOnce() {
        var tracker = ReadyTracker(settle: .seconds(1))
        tracker.movedIn(FileName("a.txt"), now: 10 * second)
        #expect(tracker.ready(now: 10 * second, limit: 10) == [FileName("a.txt")])
    }

    @Test func inPlaceWritesWaitForTheSettleInterval() {
        var tracker = ReadyTracker(settle: .seconds(1))
        let status = FileOps.Status(kind: .regular, size: 10, mtimeNanos: 10 * second)
        tracker.closedAfterWrite(FileName("b.txt"), status: status, now: 10 * second)
        #expect(tracker.ready(now: 10 * second, limit: 10).isEmpty)
        #expect(tracker.nextDeadline(after: 10 * second) == 11 * second)
        #expect(tracker.ready(now: 11 * second, limit: 10) == [FileName("b.txt")])
        // still growing at claim time: wait again
        let grown = FileOps.Status(kind: .regular, size: 20, mtimeNanos: 11 * second)
        let early = tracker.confirm(FileName("b.txt"), status: grown, now: 11 * second)
        #expect(!early)
        #expect(tracker.ready(now: 11 * second, limit: 10).isEmpty)
        let settled = tracker.confirm(FileName("b.txt"), status: grown, now: 12 * second)
        #expect(settled)
    }

    @Test func oldFilesFoundByAScanAreReady() {
        var tracker = ReadyTracker(settle: .seconds(1))
        let old = FileOps.Status(kind: .regular, size: 5, mtimeNanos: 1 * second)
        let new = FileOps.Status(kind: .regular, size: 5, mtimeNanos: 100 * second)
        tracker.scanned(FileName("old"), status: old, now: 100 * second)
        tracker.scanned(FileName("new"), status: new, now: 100 * second)
        #expect(tracker.ready(now: 100 * second, limit: 10) == [FileName("old")])
        #expect(tracker.count == 2)
    }

    @Test func limitAndOrder() {
        var tracker = ReadyTracker(settle: .zero)
        for index in 0..<5 { tracker.movedIn(FileName("f\(index)"), now: Int64(index)) }
        #expect(tracker.ready(now: 10, limit: 2) == [FileName("f0"), FileName("f1")])
    }
}
