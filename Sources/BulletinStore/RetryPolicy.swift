import ServiceKit

/// Capped exponential backoff with jitter.
///
/// The n-th retry (0-based) waits `min(cap, initial × multiplier^n)`, of which the upper
/// `jitter` fraction is randomized, so that instances restarted together do not retry in step.
public struct RetryPolicy: Sendable, Equatable {
    /// The first delay. Defaults to `100` milliseconds.
    public var initial: Duration
    /// The longest delay. Defaults to `10` seconds.
    public var cap: Duration
    /// The factor from one delay to the next. Defaults to `2`.
    public var multiplier: Double
    /// Fraction of each delay that is random, 0…1. Defaults to `0.5`.
    public var jitter: Double

    /// A policy; `jitter` is clamped to 0…1.
    public init(
        initial: Duration = .milliseconds(100),
        cap: Duration = .seconds(10),
        multiplier: Double = 2,
        jitter: Double = 0.5
    ) {
        self.initial = initial
        self.cap = cap
        self.multiplier = multiplier
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before retry `attempt`, given a uniform random number in 0..<1.
    public func delay(attempt: Int, random: Double) -> Duration {
        let capSeconds = cap.seconds
        var d = initial.seconds
        var k = 0
        while k < attempt && d < capSeconds {
            d *= multiplier
            k += 1
        }
        d = min(d, capSeconds)
        let r = min(max(random, 0), 1)
        let seconds = d * (1 - jitter) + d * jitter * r
        return .nanoseconds(Int64(seconds * 1e9))
    }

    /// The delay before retry `attempt` with the system's random numbers.
    public func delay(attempt: Int) -> Duration {
        delay(attempt: attempt, random: Double.random(in: 0..<1))
    }
}
