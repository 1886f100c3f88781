/// Dates as bulletins write them: `2024-02-27`, `2024/2/27`, `2024.02.27`, `2024年1月12日`.
public enum DateParser {
    /// A calendar date.
    public struct Day: Sendable, Hashable, CustomStringConvertible {
        public var year: Int, month: Int, day: Int
        /// `YYYY-MM-DD`.
        public var description: String {
            func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            return "\(year)-\(pad(month))-\(pad(day))"
        }
    }

    /// Parses a date starting exactly at `k`; returns it and its end offset.
    public static func parse(_ s: [Unicode.Scalar], at k: Int) -> (Day, Int)? {
        var j = k
        func number(maxDigits: Int) -> Int? {
            var v = 0, d = 0
            while j < s.count, d < maxDigits, isASCIIDigit(s[j]) { v = v * 10 + Int(s[j].value - 48); j += 1; d += 1 }
            return d == 0 ? nil : v
        }
        guard let y = number(maxDigits: 4), j - k == 4, y >= 1949, y <= 2100, j < s.count else { return nil }
        let sep = s[j]
        let chinese = sep == "年"
        guard chinese || sep == "-" || sep == "/" || sep == "." else { return nil }
        j += 1
        guard let m = number(maxDigits: 2), m >= 1, m <= 12, j < s.count else { return nil }
        if chinese { guard s[j] == "月" else { return nil } } else { guard s[j] == sep else { return nil } }
        j += 1
        guard let d = number(maxDigits: 2), d >= 1, d <= 31 else { return nil }
        if chinese {
            guard j < s.count, s[j] == "日" || s[j] == "号" else { return nil }
            j += 1
        }
        return (Day(year: y, month: m, day: d), j)
    }

    /// Parses `YYYY-MM-DD`.
    public static func parse(_ text: String) -> Day? { parse(Array(text.unicodeScalars), at: 0)?.0 }

    /// The first date anywhere in `s`.
    public static func first(in s: [Unicode.Scalar]) -> (Day, Range<Int>)? {
        var k = 0
        while k + 8 <= s.count {
            if isASCIIDigit(s[k]), k == 0 || !isASCIIDigit(s[k - 1]), let (d, e) = parse(s, at: k) { return (d, k..<e) }
            k += 1
        }
        return nil
    }
}
