import Testing
@testable import BulletinDB
@testable import BulletinQueue

@Suite("File state machine")
struct FileStateMachineTests {
    @Test func happyPath() {
        var m = FileStateMachine()
        do { let a = m.handle(.claimed); #expect(a == .none) }
        do { let a = m.handle(.storeSucceeded); #expect(a == .moveToDone) }
        do { let a = m.handle(.moved); #expect(a == .none) }
        #expect(m.state == .done)
    }

    @Test func transientFailuresRetryWithoutLimit() {
        var m = FileStateMachine(maxPermanentAttempts: 3)
        _ = m.handle(.claimed)
        for _ in 0..<50 { do { let a = m.handle(.storeFailedTransient); #expect(a == .retryAfterBackoff(attempt: 0)) } }
        #expect(m.state == .claimed(attempts: 0))
    }

    @Test func permanentFailuresAreBounded() {
        var m = FileStateMachine(maxPermanentAttempts: 3)
        _ = m.handle(.claimed)
        do { let a = m.handle(.storeFailedPermanent(sqlState: "22P02")); #expect(a == .retryAfterBackoff(attempt: 1)) }
        do { let a = m.handle(.storeFailedPermanent(sqlState: "22P02")); #expect(a == .retryAfterBackoff(attempt: 2)) }
        do { let a = m.handle(.storeFailedPermanent(sqlState: "22P02")); #expect(a == .moveToFailed(.database(sqlState: "22P02"))) }
        #expect(m.state == .failed(reason: .database(sqlState: "22P02")))
    }

    @Test func rejectedBytesFailAtOnce() {
        var m = FileStateMachine()
        _ = m.handle(.claimed)
        do { let a = m.handle(.rejected(.undecodable)); #expect(a == .moveToFailed(.undecodable)) }
    }
}

@Suite("Connection state machine")
struct ConnectionStateMachineTests {
    @Test func logsOncePerChange() {
        var m = ConnectionStateMachine()
        do { let a = m.handle(.succeeded); #expect(a == .none) }
        do { let a = m.handle(.failed(reason: "08006")); #expect(a == .logLost(reason: "08006")) }
        for _ in 0..<10 { do { let a = m.handle(.failed(reason: "08001")); #expect(a == .none) } }
        #expect(!m.isUp)
        do { let a = m.handle(.succeeded); #expect(a == .logRestored(afterFailures: 11)) }
        do { let a = m.handle(.succeeded); #expect(a == .none) }
        #expect(m.isUp)
    }
}

@Suite("SQLSTATE classification")
struct SQLStateTests {
    @Test("transient", arguments: ["08006", "08001", "08003", "40001", "40P01", "57P01", "57P02", "57P03", "53300", "53100"])
    func transient(code: String) { #expect(SQLState(code).isTransient) }

    @Test("permanent", arguments: ["23505", "22P02", "42P01", "42501", "23514", "XX000"])
    func permanent(code: String) { #expect(!SQLState(code).isTransient) }

    @Test func descriptionsLeakNoValues() {
        let e = DatabaseError(code: .query, sqlState: SQLState("23514"), operation: "insert document", message: "new row violates check constraint")
        #expect(e.description == "query failed during insert document: SQLSTATE 23514 new row violates check constraint")
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
        let d = policy.delay(attempt: 5)
        #expect(d >= .milliseconds(1600) && d <= .milliseconds(3200))
    }
}

@Suite("Ready tracker")
struct ReadyTrackerTests {
    let second: Int64 = 1_000_000_000

    @Test func renamedFilesAreReadyAtOnce() {
        var t = ReadyTracker(settle: .seconds(1))
        t.movedIn(FileName("a.txt"), now: 10 * second)
        #expect(t.ready(now: 10 * second, limit: 10) == [FileName("a.txt")])
    }

    @Test func inPlaceWritesWaitForTheSettleInterval() {
        var t = ReadyTracker(settle: .seconds(1))
        let st = FileOps.Status(kind: .regular, size: 10, mtimeNanos: 10 * second)
        t.closedAfterWrite(FileName("b.txt"), status: st, now: 10 * second)
        #expect(t.ready(now: 10 * second, limit: 10).isEmpty)
        #expect(t.nextDeadline(after: 10 * second) == 11 * second)
        #expect(t.ready(now: 11 * second, limit: 10) == [FileName("b.txt")])
        // still growing at claim time: wait again
        let grown = FileOps.Status(kind: .regular, size: 20, mtimeNanos: 11 * second)
        let early = t.confirm(FileName("b.txt"), status: grown, now: 11 * second)
        #expect(!early)
        #expect(t.ready(now: 11 * second, limit: 10).isEmpty)
        let settled = t.confirm(FileName("b.txt"), status: grown, now: 12 * second)
        #expect(settled)
    }

    @Test func oldFilesFoundByAScanAreReady() {
        var t = ReadyTracker(settle: .seconds(1))
        t.scanned(FileName("old"), status: FileOps.Status(kind: .regular, size: 5, mtimeNanos: 1 * second), now: 100 * second)
        t.scanned(FileName("new"), status: FileOps.Status(kind: .regular, size: 5, mtimeNanos: 100 * second), now: 100 * second)
        #expect(t.ready(now: 100 * second, limit: 10) == [FileName("old")])
        #expect(t.count == 2)
    }

    @Test func limitAndOrder() {
        var t = ReadyTracker(settle: .zero)
        for i in 0..<5 { t.movedIn(FileName("f\(i)"), now: Int64(i)) }
        #expect(t.ready(now: 10, limit: 2) == [FileName("f0"), FileName("f1")])
    }
}
