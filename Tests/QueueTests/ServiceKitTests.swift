import ServiceKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Bounded hand-off")
struct BoundedHandoffTests {
    @Test func keepsOrderAndDrainsAfterFinish() async {
        let handoff = BoundedHandoff<Int>(capacity: 4)
        for value in 1...3 { #expect(await handoff.send(value)) }
        handoff.finish()
        #expect(await handoff.send(4) == false)
        var received: [Int] = []
        for await value in handoff { received.append(value) }
        #expect(received == [1, 2, 3])
    }

    @Test func aFullHandoffHoldsTheSenderUntilThereIsRoom() async {
        let handoff = BoundedHandoff<Int>(capacity: 2)
        await handoff.send(1)
        await handoff.send(2)
        #expect(handoff.freeCapacity == 0)
        async let third = handoff.send(3)
        #expect(await handoff.receive(upTo: 10) == [1, 2])
        #expect(await third)
        #expect(await handoff.receive() == 3)
    }

    @Test func batchesTakeWhatIsThereUpToTheLimit() async {
        let handoff = BoundedHandoff<Int>(capacity: 10)
        for value in 0..<7 { await handoff.send(value) }
        handoff.finish()
        var batches: [[Int]] = []
        for await batch in handoff.batches(upTo: 3) { batches.append(batch) }
        #expect(batches == [[0, 1, 2], [3, 4, 5], [6]])
    }

    @Test func aWaitingReceiverGetsTheNextElementAndThenTheEnd() async {
        let handoff = BoundedHandoff<String>(capacity: 1)
        let receiver = Task {
            var received: [String] = []
            for await value in handoff { received.append(value) }
            return received
        }
        await handoff.send("a")
        await handoff.send("b")
        handoff.finish()
        #expect(await receiver.value == ["a", "b"])
    }

    @Test func waitingForRoomEndsWhenEnoughIsFree() async throws {
        let handoff = BoundedHandoff<Int>(capacity: 4)
        for value in 0..<4 { await handoff.send(value) }
        async let room: Void = handoff.waitForRoom(2)
        _ = await handoff.receive()
        _ = await handoff.receive()
        try await room
        #expect(handoff.freeCapacity == 2)
    }

    @Test func cancellingAWaitingSenderReturnsFalse() async {
        let handoff = BoundedHandoff<Int>(capacity: 1)
        await handoff.send(0)
        let task = Task { await handoff.send(1) }
        task.cancel()
        #expect(await task.value == false)
        #expect(handoff.count == 1)
    }
}

@Suite("Readiness latch")
struct ReadinessLatchTests {
    @Test func waitersResumeWhenItOpens() async throws {
        let latch = ReadinessLatch()
        async let waiter: Void = latch.wait()
        #expect(!latch.isOpen)
        latch.open()
        try await waiter
        try await latch.wait()
        #expect(latch.isOpen)
    }

    @Test func aCancelledWaiterThrows() async {
        let latch = ReadinessLatch()
        let task = Task { try await latch.wait() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}

@Suite("Periodic ticks")
struct PeriodicTicksTests {
    @Test func ticksFollowTheClock() async {
        let clock = TestClock()
        let start = clock.now
        let ticks = Task {
            var seen: [WallClock.Instant] = []
            for await tick in PeriodicTicks(every: .seconds(5), clock: clock) {
                seen.append(tick)
                if seen.count == 2 { break }
            }
            return seen
        }
        await clock.sleeper { $0 == start.advanced(by: .seconds(5)) }
        clock.advance(by: .seconds(5))
        await clock.sleeper { $0 == start.advanced(by: .seconds(10)) }
        clock.advance(by: .seconds(5))
        #expect(await ticks.value == [start.advanced(by: .seconds(5)), start.advanced(by: .seconds(10))])
    }
}

@Suite("Stoppable poll")
struct StoppablePollTests {
    @Test func stopEndsAWaitAtOnceAndForGood() async {
        let poller = StoppablePoll()
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { for end in ends { close(end) } }
        #expect(poller.wait(for: ends[0], timeoutMilliseconds: 1) == .timedOut)
        var byte: UInt8 = 1
        _ = write(ends[1], &byte, 1)
        #expect(poller.wait(for: ends[0], timeoutMilliseconds: 1) == .readable)
        poller.stop()
        #expect(poller.wait(for: ends[0]) == .stopped)
        #expect(!poller.pause(milliseconds: 10_000))
    }
}

@Suite("Byte budget")
struct ByteBudgetTests {
    @Test func reservationsWaitForRoomAndAreGivenBackWhenDropped() async throws {
        let budget = ByteBudget(limit: 100)
        var first: ByteBudget.Reservation? = try await budget.reserve(60)
        #expect(budget.tryReserve(50) == nil)
        let waiting = Task { try await budget.reserve(50).bytes }
        while budget.used != 60 { await Task.yield() }
        first = nil
        #expect(try await waiting.value == 50)
        #expect(budget.used == 0 && budget.peak == 60)
        _ = first
    }

    @Test func anItemLargerThanTheBudgetGoesAlone() async throws {
        let budget = ByteBudget(limit: 100)
        let big = try await budget.reserve(1000)
        #expect(budget.tryReserve(1) == nil)
        #expect(big.bytes == 1000)
    }

    @Test func aCancelledWaiterThrowsAndFreesItsPlace() async throws {
        let budget = ByteBudget(limit: 10)
        let held = try await budget.reserve(10)
        let waiting = Task { try await budget.reserve(5) }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(held.bytes == 10)
        #expect(budget.tryReserve(0) != nil)
    }
}
