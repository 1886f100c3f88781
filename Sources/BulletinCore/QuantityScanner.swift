/// Finds every quantity (and every year) in a normalized text in one left-to-right pass.
///
/// The input is the matching view of a document (ASCII digits and punctuation, simplified
/// characters, see ``TextNormalizer``). Dates, times, phone numbers, codes inside Latin
/// identifiers, ordinals (第五批) and Chinese numerals without a measure word (十大, 四梁八柱)
/// are not quantities.
public struct QuantityScanner: Sendable {
    /// Creates a scanner.
    public init() {}

    /// The result of a scan.
    public struct Result: Sendable {
        /// The quantities, in text order.
        public var quantities: [Quantity] = []
        /// The years named, in text order.
        public var years: [YearMention] = []
    }

    /// Scans `s`.
    public func scan(_ s: [Unicode.Scalar]) -> Result {
        var out = Result()
        var i = 0
        let n = s.count
        let starts = Self.startBits
        while i < n {
            let c = s[i]
            // One load rejects the scalars that cannot start a figure (most of the text).
            if c.value < 0x10000, starts[Int(c.value >> 6)] & (1 << UInt64(c.value & 63)) == 0 {
                i += 1
                continue
            }
            if isASCIIDigit(c) {
                i = scanArabic(s, at: i, into: &out)
            } else if c == "百", i + 2 < n, s[i + 1] == "分", s[i + 2] == "之" {
                i = scanPercentWords(s, at: i, into: &out)
            } else if ChineseNumeral.isNumeralScalar(c) {
                i = scanChinese(s, at: i, into: &out)
            } else {
                i += 1
            }
        }
        return out
    }

    /// The scalars a figure can start with (ASCII digits, Chinese numerals, 百 of 百分之), as a
    /// bitmap over the Basic Multilingual Plane.
    private static let startBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 1024)
        func set(_ v: UInt32) { bits[Int(v >> 6)] |= 1 << UInt64(v & 63) }
        for v in UInt32(48)...57 { set(v) }
        for v in UInt32(0x80)...0xFFFF where ChineseNumeral.isNumeralScalar(Unicode.Scalar(v) ?? " ") { set(v) }
        set(Unicode.Scalar("百").value)
        return bits
    }()

    // MARK: Arabic numbers

    private func scanArabic(_ s: [Unicode.Scalar], at start: Int, into out: inout Result) -> Int {
        let n = s.count
        // Digits glued to Latin letters or code punctuation are identifiers (ICP备…, t2024_88, R2).
        if start > 0, isIdentifierScalar(s[start - 1]) { return skipCode(s, from: start) }
        // 备13029871号-1: a suffix of a licence or document number
        if start > 1, s[start - 1] == "-",
            s[start - 2] == "号" || isASCIIDigit(s[start - 2]) || isIdentifierScalar(s[start - 2])
        {
            return skipCode(s, from: start)
        }
        guard let (value, numEnd, intDigits, leadingZero) = ArabicNumber.parse(s, at: start) else { return start + 1 }
        let j = numEnd
        // Dates, times, phone numbers, versions: 2024-02-27, 09:42, 0578-5126306, 1.2.3
        if j < n, s[j] == ":" || s[j] == "/" || (s[j] == "." && j + 1 < n && isASCIIDigit(s[j + 1])) {
            return skipCode(s, from: start)
        }
        if j < n, isIdentifierScalar(s[j]) && s[j] != "-" { return skipCode(s, from: start) }
        if j < n, s[j] == "-" || s[j] == "~" || s[j] == "—" || s[j] == "–" || s[j] == "至" || s[j] == "到" {
            // A range (5-10家, 5至10家), a year span (2022-2024年), or a code (0578-5126306).
            if j + 1 < n, isASCIIDigit(s[j + 1]), let (v2, e2, d2, _) = ArabicNumber.parse(s, at: j + 1) {
                if intDigits == 4 && d2 == 4 && isYearWord(s, at: e2) {
                    let y1 = value.intValue ?? 0
                    let y2 = v2.intValue ?? 0
                    let (_, ye) = yearSuffixEnd(s, at: e2)
                    if isPlausibleYear(y1) { out.years.append(YearMention(start: start, end: numEnd, year: y1)) }
                    if isPlausibleYear(y2) { out.years.append(YearMention(start: j + 1, end: ye, year: y2)) }
                    return ye
                }
                if s[j] == "-" && (leadingZero || intDigits >= 3 || d2 >= 5) { return skipCode(s, from: start) }
                if var q = finishQuantity(s, start: j + 1, numberEnd: e2, value: v2, chinese: false),
                    q.unit != .none || s[j] != "-"
                {
                    q.high = q.value
                    q.start = start
                    q.value = value.scaled(byPowerOfTen: q.magnitude)
                    applyLead(s, &q)
                    out.quantities.append(q)
                    return q.trailEnd
                }
                return skipCode(s, from: start)
            }
        }
        // Years: 2022年, 2023年度, 2023年底
        if intDigits == 4, value.isInteger, let y = value.intValue, isPlausibleYear(y), isYearWord(s, at: j) {
            let (_, ye) = yearSuffixEnd(s, at: j)
            out.years.append(YearMention(start: start, end: ye, year: y))
            return ye
        }
        // Month, day, hour: 2月, 20日, 9时
        if j < n,
            s[j] == "月" || s[j] == "日" || s[j] == "号" || s[j] == "时"
                || s[j] == "点" && !(j + 1 < n && isASCIIDigit(s[j + 1]))
        {
            return j + 1
        }
        guard var q = finishQuantity(s, start: start, numberEnd: numEnd, value: value, chinese: false) else { return j }
        applyLead(s, &q)
        out.quantities.append(q)
        return q.trailEnd
    }

    private func skipCode(_ s: [Unicode.Scalar], from i: Int) -> Int {
        var j = i
        while j < s.count,
            isASCIIDigit(s[j]) || isIdentifierScalar(s[j]) || s[j] == "." || s[j] == ":" || s[j] == "/" || s[j] == "-"
        {
            j += 1
        }
        return Swift.max(j, i + 1)
    }

    // MARK: Chinese numerals

    private func scanChinese(_ s: [Unicode.Scalar], at start: Int, into out: inout Result) -> Int {
        guard let parsed = ChineseNumeral.parse(s, from: start) else { return start + 1 }
        let end = start + parsed.length
        // 二〇二三年
        if isYearWord(s, at: end), let y = parsed.value.intValue, isPlausibleYear(y), parsed.length == 4 {
            let (_, ye) = yearSuffixEnd(s, at: end)
            out.years.append(YearMention(start: start, end: ye, year: y))
            return ye
        }
        // Ordinals (第五批), and numerals glued to a preceding numeral-like word (星期一).
        if start > 0, s[start - 1] == "第" || s[start - 1] == "初" || s[start - 1] == "星" || s[start - 1] == "期" {
            return end
        }
        guard var q = finishQuantity(s, start: start, numberEnd: end, value: parsed.value, chinese: true) else {
            return end
        }
        // A Chinese numeral counts only with a measure word after it.
        guard q.unit != .none else { return end }
        applyLead(s, &q)
        out.quantities.append(q)
        return q.trailEnd
    }

    /// 百分之三十四点四, 百分之12
    private func scanPercentWords(_ s: [Unicode.Scalar], at start: Int, into out: inout Result) -> Int {
        let k = start + 3
        var value: ExactDecimal
        var end: Int
        if k < s.count, isASCIIDigit(s[k]), let (v, e, _, _) = ArabicNumber.parse(s, at: k) {
            value = v
            end = e
        } else if let p = ChineseNumeral.parse(s, from: k) {
            value = p.value
            end = k + p.length
        } else {
            return start + 3
        }
        var q = Quantity(
            start: start,
            end: end,
            numberEnd: end,
            value: value,
            high: nil,
            unit: .percent,
            unitText: "%",
            approx: .exact,
            magnitude: 0,
            leadStart: start,
            trailEnd: end,
            isChineseNumeral: true
        )
        applyTrail(s, &q)
        applyLead(s, &q)
        out.quantities.append(q)
        return q.trailEnd
    }

    // MARK: Shared tail: approximation, magnitude, unit

    private func finishQuantity(_ s: [Unicode.Scalar], start: Int, numberEnd: Int, value: ExactDecimal, chinese: Bool)
        -> Quantity?
    {
        let n = s.count
        var j = numberEnd
        var approx = Approximation.exact
        var v = value
        var magnitude = 0
        // 500余万, 10余项, 100多家
        if j < n, s[j] == "余" || s[j] == "多" {
            if j + 1 < n, ChineseNumeral.bigUnit(s[j + 1]) != nil || UnitLexicon.match(s, at: j + 1) != nil {
                approx = .atLeast
                j += 1
            }
        }
        // Magnitude words after Arabic digits: 万, 亿, 千, 百万, 千万, 万亿
        var magEnd = j
        if !chinese || approx == .atLeast {
            var k = j
            var p = 0
            while k < n {
                if let b = ChineseNumeral.bigUnit(s[k]) {
                    p += b
                    k += 1
                    continue
                }
                if let sm = ChineseNumeral.smallUnit(s[k]), sm >= 2, k + 1 < n,
                    ChineseNumeral.bigUnit(s[k + 1]) != nil || (sm == 3 && !chinese)
                {
                    p += sm
                    k += 1
                    continue
                }
                break
            }
            if p > 0 {
                magnitude = p
                v = v.scaled(byPowerOfTen: p)
                magEnd = k
                j = k
            }
        } else if chinese {
            magnitude = chineseMagnitude(s, numberEnd)
        }
        if approx == .exact, j < n, s[j] == "余" || s[j] == "多", j + 1 < n, UnitLexicon.match(s, at: j + 1) != nil {
            approx = .atLeast
            j += 1
        }
        var unit = QuantityUnit.none
        var unitText = ""
        if let (u, len) = UnitLexicon.match(s, at: j) {
            unit = u
            unitText = UnitLexicon.text(s, at: j, length: len)
            j += len
        }
        // Dates written with Chinese numerals or 年 after a bare number are durations: not quantities.
        if unit == .none, j < n, s[j] == "年" || s[j] == "月" || s[j] == "日" { return nil }
        var q = Quantity(
            start: start,
            end: j,
            numberEnd: Swift.max(magEnd, numberEnd),
            value: v,
            high: nil,
            unit: unit,
            unitText: unitText,
            approx: approx,
            magnitude: magnitude,
            leadStart: start,
            trailEnd: j,
            isChineseNumeral: chinese
        )
        applyTrail(s, &q)
        return q
    }

    /// The magnitude a Chinese numeral carries in its last big unit (两千三百万 → 4).
    private func chineseMagnitude(_ s: [Unicode.Scalar], _ end: Int) -> Int {
        guard end > 0 else { return 0 }
        return ChineseNumeral.bigUnit(s[end - 1]) ?? 0
    }

    /// 以上, 左右, 以内, 以下 after the unit.
    private func applyTrail(_ s: [Unicode.Scalar], _ q: inout Quantity) {
        let j = q.end
        for (word, a) in Self.trailWords where matches(s, word, at: j) {
            if q.approx == .exact { q.approx = a }
            q.trailEnd = j + word.count
            return
        }
    }

    /// Approximation and sign words just before the number: 近, 约, 超过, 不足, 下降…
    private func applyLead(_ s: [Unicode.Scalar], _ q: inout Quantity) {
        var k = q.start
        // (-69.1%): a minus sign opening a parenthesis or a clause.
        if k >= 1, s[k - 1] == "-" || s[k - 1] == "－", k == 1 || scalars1.contains(s[k - 2]), !q.isChineseNumeral {
            q.value = q.value.negated
            q.high = q.high?.negated
            q.leadStart = k - 1
            return
        }
        // 达, 为, 了 may stand between the word and the number: 下降了3.2%, 超过了
        for (word, effect) in Self.leadWords {
            var m = k
            if m > 0, s[m - 1] == "了" { m -= 1 }
            if m >= word.count, matches(s, word, at: m - word.count) {
                switch effect {
                case .approx(let a): if q.approx == .exact { q.approx = a }
                case .negative:
                    q.value = q.value.negated
                    q.high = q.high?.negated
                }
                k = m - word.count
                break
            }
        }
        q.leadStart = k
    }

    private enum LeadEffect {
        case approx(Approximation)
        case negative
    }

    private static let leadWords: [([Unicode.Scalar], LeadEffect)] =
        ([
            ("不超过", .approx(.atMost)), ("不低于", .approx(.atLeast)), ("不少于", .approx(.atLeast)),
            ("超过", .approx(.atLeast)), ("突破", .approx(.atLeast)), ("多于", .approx(.atLeast)),
            ("首破", .approx(.atLeast)), ("跨越", .approx(.atLeast)),
            ("大约", .approx(.about)), ("接近", .approx(.about)), ("将近", .approx(.about)),
            ("不到", .approx(.atMost)), ("不足", .approx(.atMost)), ("低于", .approx(.atMost)),
            ("下降", .negative), ("减少", .negative), ("降低", .negative),
            ("超", .approx(.atLeast)), ("逾", .approx(.atLeast)), ("约", .approx(.about)), ("近", .approx(.about)),
            ("负", .negative),
        ] as [(String, LeadEffect)]).map { (Array($0.0.unicodeScalars), $0.1) }

    private static let trailWords: [([Unicode.Scalar], Approximation)] =
        ([
            ("以上", .atLeast), ("左右", .about), ("上下", .about), ("以内", .atMost), ("以下", .atMost),
        ] as [(String, Approximation)]).map { (Array($0.0.unicodeScalars), $0.1) }

    // MARK: helpers

    private func isYearWord(_ s: [Unicode.Scalar], at j: Int) -> Bool { j < s.count && s[j] == "年" }

    private func yearSuffixEnd(_ s: [Unicode.Scalar], at j: Int) -> (Bool, Int) {
        var e = j + 1
        if e < s.count, s[e] == "度" || s[e] == "底" || s[e] == "末" || s[e] == "初" { e += 1 }
        return (true, e)
    }

    private func isPlausibleYear(_ y: Int) -> Bool { y >= 1949 && y <= 2100 }

    @inline(__always) private func matches(_ s: [Unicode.Scalar], _ w: [Unicode.Scalar], at k: Int) -> Bool {
        guard k >= 0, k + w.count <= s.count else { return false }
        for t in 0..<w.count where s[k + t] != w[t] { return false }
        return true
    }
}

@inline(__always) func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

@inline(__always) func isIdentifierScalar(_ c: Unicode.Scalar) -> Bool {
    let v = c.value
    return (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 95 || v == 35 || v == 64 || v == 38 || v == 61
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet("(（:：,，、 ")
