/// An asynchronous sequence that ticks every `interval` on `clock`, the first time one interval
/// after iteration starts. It ends when the iterating task is cancelled.
///
/// ```swift
/// for await _ in PeriodicTicks(every: .seconds(2), clock: ContinuousClock()).cancelOnGracefulShutdown() {
///     await probe()
/// }
/// ```
/// Each tick is one interval after the previous one was delivered; when the loop body took
/// longer than that, the next tick comes at once, and missed ticks are not made up for.
public struct PeriodicTicks<C: Clock>: AsyncSequence, Sendable where C: Sendable {
    public typealias Element = C.Instant

    /// The time between ticks.
    public let interval: C.Duration
    /// The clock that measures it.
    public let clock: C

    /// Ticks every `interval` on `clock`.
    public init(every interval: C.Duration, clock: C) {
        self.interval = interval
        self.clock = clock
    }

    /// Sleeps until the next tick.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let interval: C.Duration
        let clock: C
        var last: C.Instant?

        /// The instant of the next tick, or nil once the task is cancelled.
        public mutating func next() async -> C.Instant? {
            let start = last ?? clock.now
            let deadline = Swift.max(start.advanced(by: interval), clock.now)
            do {
                try await clock.sleep(until: deadline, tolerance: nil)
            } catch {
                return nil
            }
            let now = clock.now
            last = now
            return now
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(interval: interval, clock: clock, last: nil)
    }
}
