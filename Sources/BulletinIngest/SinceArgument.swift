/// The moment a `--since` argument names, in nanoseconds since 1970 (UTC): a day
/// (`2026-11-30`, its midnight), an instant (`2026-11-30T08:15:00Z`, seconds optional) or a
/// time back from now (`90s`, `30m`, `6h`, `2d`).
public enum SinceArgument {
    /// The moment `text` names, `nowNanos` being now; nil when it names none.
    public static func parse(_ text: String, nowNanos: Int64) -> Int64? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()), count >= 0,
            count <= 100 * 365 * 86_400 / unit
        {
            return nowNanos - count * unit * 1_000_000_000
        }
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard let day = parts.first, let days = daysSince1970(day) else { return nil }
        var seconds = days * 86_400
        if parts.count == 2 {
            guard parts[1].hasSuffix("Z") else { return nil }
            let clock = parts[1].dropLast().split(separator: ":", omittingEmptySubsequences: false)
            guard clock.count == 2 || clock.count == 3 else { return nil }
            let numbers = clock.compactMap { $0.count == 2 ? Int64($0) : nil }
            guard numbers.count == clock.count, numbers[0] < 24, numbers[1] < 60, numbers.count == 2 || numbers[2] < 60
            else { return nil }
            seconds += numbers[0] * 3600 + numbers[1] * 60 + (numbers.count == 3 ? numbers[2] : 0)
        }
        return seconds * 1_000_000_000
    }

    /// Days from 1970-01-01 to `YYYY-MM-DD` (days-from-civil), nil for anything else.
    static func daysSince1970(_ text: Substring) -> Int64? {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, fields[1].count == 2, fields[2].count == 2,
            let year = Int64(fields[0]), let month = Int64(fields[1]), let day = Int64(fields[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[Int(month - 1)] else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
