/// Parsing of Chinese numerals: 一二三…, 两, 〇/零, 廿/卅, financial capitals (壹贰叁…), positional
/// units 十百千万亿 (and 兆 when asked), decimals with 点, and digit strings (二〇二三).
///
/// With ``Options/general`` the same parser also reads the forms a general-purpose recognizer
/// meets: Arabic digits between units (`5万4千6百`, `1千零20`), `兆` = 10¹², placeholders
/// (`二十几万`, `十余万`), `半百` and dozens (`五十打`).
public enum ChineseNumeral {
    /// What the parser accepts beyond plain Chinese numerals.
    public struct Options: Sendable, Equatable {
        /// Arabic numbers as the digits of a positional numeral (`5万4千6百`).
        public var arabicDigits = false
        /// 兆 as 10¹² (in bulletins it usually means mega, as in 兆瓦).
        public var zhao = false
        /// 几, 余, 多 before a unit (`二十几万`, `十余万`); the result is marked approximate.
        public var placeholders = false
        /// 打 (a dozen) after the numeral multiplies by 12; 半 before a unit is one half.
        public var dozenAndHalf = false

        /// Plain Chinese numerals only: what the bulletin scanner uses.
        public static let bulletin = Options()
        /// Everything: what ``NumberRecognizer`` uses.
        public static let general = Options(arabicDigits: true, zhao: true, placeholders: true, dozenAndHalf: true)
    }

    /// The digit value of a scalar (0–9), or `nil`.
    @inline(__always)
    public static func digit(_ c: Unicode.Scalar) -> Int64? {
        switch c {
        case "零", "〇", "○", "洞": return 0
        case "一", "壹", "幺": return 1
        case "二", "贰", "两", "貳", "兩", "俩", "倆": return 2
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

    /// The power of ten of a large unit (万 4, 亿 8), or `nil`.
    @inline(__always)
    public static func bigUnit(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "万", "萬": return 4
        case "亿", "億": return 8
        default: return nil
        }
    }

    @inline(__always)
    static func bigUnit(_ c: Unicode.Scalar, _ options: Options) -> Int? {
        if options.zhao && c == "兆" { return 12 }
        return bigUnit(c)
    }

    /// True for any scalar that can be part of a Chinese numeral.
    @inline(__always)
    public static func isNumeralScalar(_ c: Unicode.Scalar) -> Bool {
        digit(c) != nil || smallUnit(c) != nil || bigUnit(c) != nil || c == "廿" || c == "卅" || c == "卌"
    }

    /// A parsed numeral: its value and the number of scalars it used.
    public struct Parsed: Sendable, Equatable {
        /// The value.
        public var value: ExactDecimal
        /// Scalars used.
        public var length: Int
        /// True when a placeholder (几, 余, 多) stood inside it (`十多万`).
        public var approximate = false
        /// True for a string of digits without units (`二〇二三`, `三八`).
        public var isDigitString = false
    }

    /// Parses the longest numeral starting at `start`, optionally with a decimal part (点).
    ///
    /// Returns `nil` when no numeral starts there. With ``Options/bulletin``, `一千多万` stops
    /// before 多 and the caller handles approximation words and magnitudes written after them.
    public static func parse(
        _ s: [Unicode.Scalar],
        from start: Int,
        allowDecimal: Bool = true,
        options: Options = .bulletin
    ) -> Parsed? {
        guard start < s.count else { return nil }
        if start + 1 < s.count, digit(s[start]) != nil, digit(s[start + 1]) != nil {
            return parseDigitString(s, from: start)
        }
        var p = Positional(s: s, options: options, allowDecimal: allowDecimal)
        return p.run(from: start)
    }

    /// 二〇二三, 三八: consecutive digits read one by one.
    private static func parseDigitString(_ s: [Unicode.Scalar], from start: Int) -> Parsed? {
        var i = start
        var v: Int64 = 0
        while i < s.count, let d = digit(s[i]) {
            let (m, o) = v.multipliedReportingOverflow(by: 10)
            if o { return nil }
            v = m + d
            i += 1
        }
        return Parsed(value: ExactDecimal(significand: v), length: i - start, isDigitString: true)
    }

    @inline(__always)
    static func pow10(_ p: Int) -> ExactDecimal { ExactDecimal(significand: 1, exponent: p) }
}
