/// Parsing of Chinese numerals: 一二三…, 两, 〇/零, 廿/卅, financial capitals (壹贰叁…), positional
/// units 十百千万亿 (and their capitals), decimals with 点, and digit strings (二〇二三).
public enum ChineseNumeral {
    /// The digit value of a scalar (0–9), or `nil`.
    @inline(__always)
    public static func digit(_ c: Unicode.Scalar) -> Int64? {
        switch c {
        case "零", "〇", "○", "洞": return 0
        case "一", "壹", "幺": return 1
        case "二", "贰", "两", "貳", "兩", "俩": return 2
        case "三", "叁", "參", "叄": return 3
        case "四", "肆": return 4
        case "五", "伍": return 5
        case "六", "陆", "陸": return 6
        case "七", "柒": return 7
        case "八", "捌": return 8
        case "九", "玖": return 9
        default: return nil
        }
    }

    /// The power of ten of a small positional unit (十 1, 百 2, 千 3), or `nil`.
    @inline(__always)
    public static func smallUnit(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "十", "拾": return 1
        case "百", "佰": return 2
        case "千", "仟": return 3
        default: return nil
        }
    }

    /// The power of ten of a large unit (万 4, 亿 8, 兆 12), or `nil`.
    @inline(__always)
    public static func bigUnit(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "万", "萬": return 4
        case "亿", "億": return 8
        default: return nil
        }
    }

    /// True for any scalar that can be part of a Chinese numeral.
    @inline(__always)
    public static func isNumeralScalar(_ c: Unicode.Scalar) -> Bool {
        digit(c) != nil || smallUnit(c) != nil || bigUnit(c) != nil || c == "廿" || c == "卅" || c == "卌"
    }

    /// A parsed numeral: its value and the number of scalars it used.
    public struct Parsed: Sendable, Equatable {
        public var value: ExactDecimal
        public var length: Int
    }

    /// Parses the longest Chinese numeral starting at `start`, optionally with a decimal part (点).
    ///
    /// Returns `nil` when no numeral starts there. `一千多万` stops before 多; the caller handles
    /// approximation words and magnitudes written after them.
    public static func parse(_ s: [Unicode.Scalar], from start: Int, allowDecimal: Bool = true) -> Parsed? {
        var i = start
        let n = s.count
        var total: Int64 = 0      // 亿 sections
        var wan: Int64 = 0        // 万 section
        var section: Int64 = 0    // below 万
        var number: Int64 = -1    // pending digit(s), -1 = none
        var lastSmallUnit = 0     // power of the last small unit seen, for 三千五 = 3500
        var lastBigUnit = 0
        var digitRun = 0          // consecutive digits without a unit: 二〇二三
        var digitString: Int64 = 0
        var consumedAny = false
        var sawUnit = false

        func flushNumber() -> Int64 { number < 0 ? 0 : number }

        while i < n {
            let c = s[i]
            if let d = digit(c) {
                // Two digits after a unit (一百二三) end the numeral; 零 is a place holder (一百零八).
                if sawUnit && number > 0 { break }
                number = d
                digitRun += 1
                let (m, o) = digitString.multipliedReportingOverflow(by: 10)
                if o { return nil }
                digitString = m + d
                consumedAny = true
                i += 1
                continue
            }
            if c == "廿" || c == "卅" || c == "卌" {
                section += c == "廿" ? 20 : (c == "卅" ? 30 : 40)
                number = -1; consumedAny = true; sawUnit = true; digitRun = 0; i += 1
                continue
            }
            if let p = smallUnit(c) {
                if digitRun > 1 && !sawUnit { break }       // 一二百: stop at the digit string
                let mult = pow10(p)
                let k = number < 0 ? 1 : number
                section += k * mult
                number = -1; lastSmallUnit = p; sawUnit = true; consumedAny = true; digitRun = 0
                i += 1
                continue
            }
            if let p = bigUnit(c) {
                if !consumedAny { break }
                if digitRun > 1 && !sawUnit { break }
                if p == 8 {
                    let v = (total + wan + section + flushNumber())
                    let (m, o) = v.multipliedReportingOverflow(by: pow10(8))
                    if o { return nil }
                    total = m; wan = 0
                } else {
                    let v = section + flushNumber()
                    if v == 0 && wan == 0 && total > 0 {
                        // 亿万 is not a number form; stop
                        break
                    }
                    // 一万亿: 万 before 亿 multiplies the coming 亿 section
                    wan = (wan + v) * pow10(4)
                }
                section = 0; number = -1; lastBigUnit = p; lastSmallUnit = 0; sawUnit = true; digitRun = 0
                i += 1
                continue
            }
            break
        }
        guard consumedAny else { return nil }
        // A pure digit string without units (二〇二三, 一二三).
        if !sawUnit && digitRun > 1 {
            return Parsed(value: ExactDecimal(significand: digitString), length: i - start)
        }
        var integer = total + wan + section
        if number >= 0 {
            // 三千五 = 3500, 一万五 = 15000: a trailing digit after a unit scales by the unit below it.
            let isDecimalNext = allowDecimal && i < n && s[i] == "点"
            if !isDecimalNext && lastSmallUnit >= 2 && number > 0 && isDigitDirectlyAfterUnit(s, start, i) {
                integer += number * pow10(lastSmallUnit - 1)
            } else if !isDecimalNext && lastSmallUnit == 0 && lastBigUnit == 4 && number > 0 && section == 0
                        && isDigitDirectlyAfterUnit(s, start, i) {
                integer += number * pow10(3)
            } else {
                integer += number
            }
        }
        var value = ExactDecimal(significand: integer)
        // Decimal part: 三十四点四
        if allowDecimal, i + 1 < n, s[i] == "点", let _ = digit(s[i + 1]) {
            var j = i + 1
            var frac: Int64 = 0
            var places = 0
            while j < n, let d = digit(s[j]), places < 15 {
                frac = frac * 10 + d; places += 1; j += 1
            }
            if let v = value.adding(ExactDecimal(significand: frac, exponent: -places)) {
                value = v
                i = j
                // 三点五万
                if i < n, let p = bigUnit(s[i]) {
                    value = value.scaled(byPowerOfTen: p); i += 1
                    if i < n, bigUnit(s[i]) == 8, p == 4 { value = value.scaled(byPowerOfTen: 8); i += 1 }
                }
            }
        }
        return Parsed(value: value, length: i - start)
    }

    /// True when the last scalar before `end` is a digit immediately preceded by a unit (三千五).
    private static func isDigitDirectlyAfterUnit(_ s: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        guard end - start >= 2 else { return false }
        let prev = s[end - 2]
        return (smallUnit(prev) ?? 0) >= 2 || bigUnit(prev) == 4
    }

    @inline(__always)
    static func pow10(_ p: Int) -> Int64 {
        var r: Int64 = 1
        for _ in 0..<p { r *= 10 }
        return r
    }
}
