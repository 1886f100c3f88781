#if canImport(Glibc)
import Glibc
#endif

/// Unix time as a `Clock`: instants are nanoseconds since 1970-01-01 UTC (`CLOCK_REALTIME`), so
/// they compare directly with file modification times.
///
/// The queue schedules with this clock (settle intervals, rescans, leases, retry backoff); tests
/// inject their own clock with the same ``Instant`` type and advance it by hand.
public struct WallClock: Clock {
    /// A point in Unix time, to the nanosecond.
    public struct Instant: InstantProtocol, Sendable, Hashable {
        /// Nanoseconds since 1970-01-01T00:00:00Z.
        public var nanosecondsSince1970: Int64

        /// The instant `nanosecondsSince1970` nanoseconds after the Unix epoch.
        public init(nanosecondsSince1970: Int64) {
            self.nanosecondsSince1970 = nanosecondsSince1970
        }

        /// The instant `duration` after this one.
        public func advanced(by duration: Duration) -> Instant {
            Instant(nanosecondsSince1970: nanosecondsSince1970 + duration.nanoseconds)
        }

        /// The time from this instant to `other`.
        public func duration(to other: Instant) -> Duration {
            .nanoseconds(other.nanosecondsSince1970 - nanosecondsSince1970)
        }

        public static func < (lhs: Instant, rhs: Instant) -> Bool {
            lhs.nanosecondsSince1970 < rhs.nanosecondsSince1970
        }

        /// Seconds since the Unix epoch.
        public var unixSeconds: Double { Double(nanosecondsSince1970) / 1e9 }

        /// `2026-11-29T12:00:00Z`: the instant in UTC, to the second (civil-from-days).
        public var iso8601: String {
            let seconds =
                nanosecondsSince1970 >= 0
                ? nanosecondsSince1970 / 1_000_000_000
                : (nanosecondsSince1970 - 999_999_999) / 1_000_000_000
            let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
            let secondOfDay = seconds - days * 86400
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
            var year = yearOfEra + era * 400
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let monthIndex = (5 * dayOfYear + 2) / 153
            let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
            let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
            if month <= 2 { year += 1 }
            func twoDigits(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let hour = twoDigits(secondOfDay / 3600)
            let minute = twoDigits(secondOfDay % 3600 / 60)
            let second = twoDigits(secondOfDay % 60)
            return "\(year)-\(twoDigits(month))-\(twoDigits(day))T\(hour):\(minute):\(second)Z"
        }
    }

    /// The system's Unix time.
    public init() {}

    /// The current Unix time.
    public var now: Instant {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Instant(nanosecondsSince1970: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    /// One nanosecond.
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// Sleeps until `deadline` (measured on the monotonic clock from now, so a step of the
    /// system time while asleep does not stretch the sleep).
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let remaining = now.duration(to: deadline)
        guard remaining > .zero else {
            try Task.checkCancellation()
            return
        }
        try await ContinuousClock().sleep(for: remaining, tolerance: tolerance)
    }
}
