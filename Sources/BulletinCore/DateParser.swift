/// Dates as bulletins write them: `2024-02-27`, `2024/2/27`, `2024.02.27`, `2024年1月12日`.
public enum DateParser {
    /// A calendar date.
    public struct Day: Sendable, Hashable, CustomStringConvertible {
        public var year: Int, month: Int, day: Int
        /// The number of days in `month` of `year` (Gregorian).
        public static func days(inMonth month: Int, of year: Int) -> Int {
            switch month {
            case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }

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
            var v = 0
            var d = 0
            while j < s.count, d < maxDigits, isASCIIDigit(s[j]) {
                v = v * 10 + Int(s[j].value - 48)
                j += 1
                d += 1
            }
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
        // 2023年2月30日 is no day: a date that cannot be stored is no date.
        guard d <= Day.days(inMonth: m, of: y) else { return nil }
        return (Day(year: y, month: m, day: d), j)
    }

    /// Digits of dates written in Chinese numerals.
    private static let chineseDigits: [Unicode.Scalar: Int] = [
        "〇": 0, "○": 0, "O": 0, "0": 0, "０": 0, "Ｏ": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4,
        "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    /// Parses a date written in Chinese numerals (`二〇一二年四月十六日`, `二O一二年`) starting at `k`.
    public static func parseChinese(_ s: [Unicode.Scalar], at k: Int) -> (Day, Int)? {
        guard k + 4 < s.count, s[k] == "二" || s[k] == "一" else { return nil }
        let digits = chineseDigits
        var y = 0
        for j in 0..<4 {
            guard let d = digits[s[k + j]] else { return nil }
            y = y * 10 + d
        }
        guard s[k + 4] == "年", y >= 1949, y <= 2100 else { return nil }
        var j = k + 5
        func small() -> Int? {
            var v = 0
            var seen = false
            while j < s.count {
                if s[j] == "十" {
                    v = (v == 0 ? 1 : v) * 10
                    seen = true
                    j += 1
                    continue
                }
                guard let d = digits[s[j]], s[j] != "O", s[j] != "Ｏ", !isASCIIDigit(s[j]), s[j] != "０" else { break }
                v = v >= 10 && v % 10 == 0 ? v + d : v * 10 + d
                seen = true
                j += 1
            }
            return seen ? v : nil
        }
        guard let m = small(), m >= 1, m <= 12, j < s.count, s[j] == "月" else { return nil }
        j += 1
        guard let d = small(), d >= 1, d <= Day.days(inMonth: m, of: y), j < s.count, s[j] == "日" else { return nil }
        return (Day(year: y, month: m, day: d), j + 1)
    }

    /// Parses `DD.MM.YYYY` (a date line written day first, as some sites print it) starting exactly
    /// at `k`; returns it and its end offset.
    public static func parseDayFirst(_ s: [Unicode.Scalar], at k: Int) -> (Day, Int)? {
        guard k + 10 <= s.count, s[k + 2] == ".", s[k + 5] == "." else { return nil }
        let positions = [k, k + 1, k + 3, k + 4, k + 6, k + 7, k + 8, k + 9]
        guard positions.allSatisfy({ isASCIIDigit(s[$0]) }) else { return nil }
        if k + 10 < s.count, isASCIIDigit(s[k + 10]) { return nil }
        let digit = { (i: Int) in Int(s[i].value - 48) }
        let day = digit(k) * 10 + digit(k + 1)
        let month = digit(k + 3) * 10 + digit(k + 4)
        let year = (k + 6...k + 9).reduce(0) { $0 * 10 + digit($1) }
        guard year >= 1949, year <= 2100, month >= 1, month <= 12, day >= 1, day <= Day.days(inMonth: month, of: year)
        else { return nil }
        return (Day(year: year, month: month, day: day), k + 10)
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
