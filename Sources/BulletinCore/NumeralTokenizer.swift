/// A number in the compacted text, as ``NumberRecognizer``'s models see it.
struct NumeralToken {
    /// Compacted offsets `[start, end)`.
    var start: Int
    var end: Int
    var value: RecognizedValue
    var approximate = false
    /// `二〇二三`, `三八`: digits read one by one.
    var isDigitString = false
    /// Written entirely with Arabic digits (and a sign, point, separators).
    var isArabic = false
    /// `D分之N`: the denominator's end offset and whether it is a bare 百/千/万 (`百分之五`).
    var fractionDenominatorEnd: Int? = nil
    var bareDenominator: ExactDecimal? = nil
    /// The numerator of `D分之N` on its own, with its start offset.
    var numerator: RecognizedValue? = nil
    var numeratorStart = 0
    /// The numerator was a digit string running into a unit (`百分之二三十`): not a number.
    var malformed = false

    /// True for a one-character numeral that is part of a word (一切, 四川, 收拾, 两两).
    func isWordPart(in s: [Unicode.Scalar]) -> Bool {
        if end - start == 2, isDigitString, s[start] == s[start + 1] { return true }  // 两两, 一一
        guard end - start == 1 else { return false }
        let c = s[start] == "壹" ? "一" : s[start]
        switch c {
        case "伍", "陆", "肆", "拾", "佰", "仟": return true  // a capital on its own is a word (队伍, 大陆, 收拾)
        default: break
        }
        if end < s.count, Self.wordsStarting[c]?.contains(s[end]) == true { return true }
        if start > 0, Self.wordsEnding[c]?.contains(s[start - 1]) == true { return true }
        return false
    }

    /// 一切, 一看, 四川, 十足…: numeral + the scalar after it.
    private static let wordsStarting: [Unicode.Scalar: Set<Unicode.Scalar>] = [
        "一": ["切", "看", "下", "些", "般", "样", "起", "直", "定", "致", "旦", "律", "同", "向", "贯", "味", "再", "度", "概", "举", "路"],
        "四": ["川", "处", "周"],
        "十": ["足", "分"],
        "万": ["一", "分"],
        "两": ["岸", "会"],
        "三": ["明"],
        "九": ["州"],
    ]

    /// 统一, 唯一, 万一…: the scalar before + numeral.
    private static let wordsEnding: [Unicode.Scalar: Set<Unicode.Scalar>] = [
        "一": ["统", "唯", "万", "同", "逐", "单", "专", "均"]
    ]
}

/// Splits compacted text into numeral tokens: Arabic (`-1.5`, `1,234`, `2e5`, `2^5`, `40k`, `3/5`,
/// `1 3/5`), Chinese and mixed (`四亿五千万`, `5万4千`, `十余万`), fractions (`三分之一`,
/// `一百万又五十万分之二十五`) with a sign (`负`, `-`).
struct NumeralTokenizer {
    let s: [Unicode.Scalar]

    func tokens() -> [NumeralToken] {
        var out: [NumeralToken] = []
        var i = 0
        let n = s.count
        while i < n {
            let c = s[i]
            if i > 0, isIdentifierScalar(s[i - 1]), isASCIIDigit(c) {
                i = skipIdentifier(from: i)  // A2021…, t2024_88
                continue
            }
            if c == "h" || c == "w", let e = urlEnd(from: i) {
                i = e  // numbers inside a web address are not figures
                continue
            }
            if c == "百", i + 2 < n, s[i + 1] == "分", s[i + 2] == "点" {
                i += 3  // 个百分点: a unit, not 百
                continue
            }
            if var t = signed(at: i) {
                if t.isDigitString, t.end < n, ChineseNumeral.smallUnit(s[t.end]) != nil {
                    // 二三十: "twenty or thirty", a vague range, not a figure
                    i = t.end
                    while i < n, ChineseNumeral.smallUnit(s[i]) != nil || ChineseNumeral.bigUnit(s[i]) != nil { i += 1 }
                    continue
                }
                if t.end - t.start == 1, let last = out.last, last.end == t.start,
                    ChineseNumeral.smallUnit(s[t.start]) != nil
                {
                    i = t.end  // 五十千: a unit after a numeral, not 1000
                    continue
                }
                if t.start > 1, s[t.start - 1] == ".", isASCIIDigit(s[t.start - 2]), isASCIIDigit(s[t.start]),
                    t.isArabic
                {
                    t = integerOnly(t)  // 2222.2222.22222: dotted groups
                }
                guard t.end > i else {
                    i += 1
                    continue
                }  // every token moves the scan forward
                out.append(t)
                i = t.end
            } else {
                i += 1
            }
        }
        return out
    }

    /// The end of a web address starting at `i`, or `nil`.
    private func urlEnd(from i: Int) -> Int? {
        let prefixes: [[Unicode.Scalar]] = [
            Array("http://".unicodeScalars), Array("https://".unicodeScalars), Array("www.".unicodeScalars),
        ]
        guard
            prefixes.contains(where: { p in i + p.count <= s.count && (0..<p.count).allSatisfy { s[i + $0] == p[$0] } })
        else { return nil }
        var j = i
        while j < s.count, s[j].value > 32, s[j].value < 128 { j += 1 }
        return j
    }

    /// The integer part of an Arabic token read as a group of a dotted sequence.
    private func integerOnly(_ t: NumeralToken) -> NumeralToken {
        var j = t.start
        var v: Int64 = 0
        while j < s.count, isASCIIDigit(s[j]), v < Int64.max / 10 - 10 {
            v = v * 10 + Int64(s[j].value - 48)
            j += 1
        }
        return NumeralToken(start: t.start, end: j, value: .exact(ExactDecimal(significand: v)), isArabic: true)
    }

    private func skipIdentifier(from i: Int) -> Int {
        var j = i
        while j < s.count, isASCIIDigit(s[j]) || isIdentifierScalar(s[j]) { j += 1 }
        return j
    }

    private func signed(at i: Int) -> NumeralToken? {
        let c = s[i]
        if c == "-" || c == "负" || c == "+" {
            if c != "负", i > 0, isASCIIDigit(s[i - 1]) || isIdentifierScalar(s[i - 1]) || s[i - 1] == "-" { return nil }
            guard i + 1 < s.count, var t = unsigned(at: i + 1, fractions: true) else { return nil }
            t.start = i
            if c != "+" { t.value = t.value.negated }
            return t
        }
        return unsigned(at: i, fractions: true)
    }

    /// A number without a sign starting at `i`.
    func unsigned(at i: Int, fractions: Bool) -> NumeralToken? {
        let n = s.count
        var t: NumeralToken
        if isASCIIDigit(s[i])
            || (s[i] == "." && i + 1 < n && isASCIIDigit(s[i + 1])
                && (i == 0 || !isASCIIDigit(s[i - 1]) && s[i - 1] != "."))
        {
            guard let a = arabic(at: i) else { return nil }
            t = a
        } else if let d = unitDenominator(at: i) {
            t = d
        } else if ChineseNumeral.isNumeralScalar(s[i]) || s[i] == "兆" || s[i] == "半" {
            guard let p = ChineseNumeral.parse(s, from: i, options: .general) else { return nil }
            t = NumeralToken(
                start: i,
                end: i + p.length,
                value: .exact(p.value),
                approximate: p.approximate,
                isDigitString: p.isDigitString
            )
        } else {
            return nil
        }
        guard fractions else { return t }
        if t.end + 1 < n, s[t.end] == "分", s[t.end + 1] == "之", let f = fraction(denominator: t) {
            t = f
        }
        if t.end + 1 < n, s[t.end] == "又", let part = unsigned(at: t.end + 1, fractions: true),
            part.fractionDenominatorEnd != nil, !part.malformed
        {
            let whole = t
            t = part
            t.start = whole.start
            t.value = whole.value.adding(part.value)
            t.fractionDenominatorEnd = nil
            t.bareDenominator = nil
        }
        return t
    }

    /// 百, 千, 万, 百万, 万万… standing alone before 分之: the denominator of 百分之五, 万分之三.
    private func unitDenominator(at i: Int) -> NumeralToken? {
        var j = i
        var p = 0
        while j < s.count, let u = ChineseNumeral.smallUnit(s[j]) ?? ChineseNumeral.bigUnit(s[j]) {
            p += u
            j += 1
        }
        guard j > i, j + 1 < s.count, s[j] == "分", s[j + 1] == "之" else { return nil }
        return NumeralToken(start: i, end: j, value: .exact(ExactDecimal(significand: 1, exponent: p)))
    }

    /// `D分之N` with `D` parsed: `三分之一`, `16分之5`, `3分之负一百五十七`.
    private func fraction(denominator d: NumeralToken) -> NumeralToken? {
        var k = d.end + 2
        var negative = false
        if k < s.count, s[k] == "负" || s[k] == "-" {
            negative = true
            k += 1
        }
        guard k < s.count, var num = unsigned(at: k, fractions: false) else { return nil }
        if negative { num.value = num.value.negated }
        guard let q = RecognizedValue.quotient(num.value, d.value) else { return nil }
        var t = NumeralToken(start: d.start, end: num.end, value: q)
        t.fractionDenominatorEnd = d.end
        if (d.start..<d.end).allSatisfy({
            ChineseNumeral.smallUnit(s[$0]) != nil || ChineseNumeral.bigUnit(s[$0]) != nil
        }),
            case .exact(let v) = d.value
        {
            t.bareDenominator = v
        }
        t.numerator = num.value
        t.numeratorStart = k - (negative ? 1 : 0)
        t.malformed = num.isDigitString && num.end < s.count && ChineseNumeral.smallUnit(s[num.end]) != nil
        return t
    }

    /// Arabic digits and what may follow them: exponent, power, k/m/g, a fraction, Chinese units.
    private func arabic(at i: Int) -> NumeralToken? {
        let n = s.count
        var value: ExactDecimal
        var j: Int
        if s[i] == "." {
            guard let (v, e) = ArabicNumber.parsePlain(s, at: i + 1) else { return nil }
            value = v.scaled(byPowerOfTen: -(e - i - 1))
            j = e
        } else {
            guard let (v, e) = ArabicNumber.parsePlain(s, at: i) else { return hugeInteger(at: i) }
            value = v
            j = e
        }
        if j + 1 < n, s[j] == ".", isASCIIDigit(s[j + 1]), dottedRun(from: i) {
            return integerOnly(NumeralToken(start: i, end: j, value: .exact(value), isArabic: true))
        }
        var t = NumeralToken(start: i, end: j, value: .exact(value), isArabic: true)
        // Chinese units after the digits: 3万4000, 1,100.9亿, 500余万, 1千零1
        if j < n,
            ChineseNumeral.smallUnit(s[j]) != nil || ChineseNumeral.bigUnit(s[j]) != nil || s[j] == "兆"
                || s[j] == "余" || s[j] == "多" || s[j] == "几" || s[j] == "打",
            let p = ChineseNumeral.parse(s, from: i, options: .general), i + p.length > j
        {
            t.value = .exact(p.value)
            t.end = i + p.length
            t.approximate = p.approximate
            t.isArabic = false
            return t
        }
        if let e = exponent(after: j, base: value) { return e.with(start: i) }
        if j < n, s[j] == "k" || s[j] == "m" || s[j] == "g", !(j + 1 < n && RecognizerText.isLatinLetter(s[j + 1])) {
            t.value = .exact(value.scaled(byPowerOfTen: s[j] == "k" ? 3 : (s[j] == "m" ? 6 : 9)))
            t.end = j + 1
            return t
        }
        // 3/5, 1 3/5
        if j + 1 < n, s[j] == "/", isASCIIDigit(s[j + 1]), let (d, e) = ArabicNumber.parsePlain(s, at: j + 1),
            let q = RecognizedValue.quotient(.exact(value), .exact(d))
        {
            t.value = q
            t.end = e
            return t
        }
        if j + 3 < n, s[j] == " ", isASCIIDigit(s[j + 1]), let (a, e1) = ArabicNumber.parsePlain(s, at: j + 1),
            e1 + 1 < n, s[e1] == "/", let (d, e2) = ArabicNumber.parsePlain(s, at: e1 + 1),
            let q = RecognizedValue.quotient(.exact(a), .exact(d))
        {
            t.value = RecognizedValue.exact(value).adding(q)
            t.end = e2
            return t
        }
        return t
    }

    /// True when the digits at `i` are the first of three or more dotted groups (1.2.3).
    private func dottedRun(from i: Int) -> Bool {
        var j = i
        var dots = 0
        while j < s.count, isASCIIDigit(s[j]) || (s[j] == "." && j + 1 < s.count && isASCIIDigit(s[j + 1])) {
            if s[j] == "." { dots += 1 }
            j += 1
        }
        return dots >= 2
    }

    /// Digits too long for an exact value: read as a floating-point number.
    private func hugeInteger(at i: Int) -> NumeralToken? {
        var j = i
        var x = 0.0
        while j < s.count, isASCIIDigit(s[j]) {
            x = x * 10 + Double(s[j].value - 48)
            j += 1
        }
        guard j - i > 18 else { return nil }
        return NumeralToken(start: i, end: j, value: .approximate(x), isArabic: true)
    }

    /// `e5`, `E-1`, `^-1`, `^--23` after a number.
    private func exponent(after j: Int, base: ExactDecimal) -> NumeralToken? {
        let n = s.count
        guard j + 1 < n, s[j] == "e" || s[j] == "^" else { return nil }
        var k = j + 1
        var negative = false
        while k < n, s[k] == "-" || s[k] == "+" {
            if s[k] == "-" { negative.toggle() }
            k += 1
        }
        guard k < n, isASCIIDigit(s[k]) else { return nil }
        var p = 0
        while k < n, isASCIIDigit(s[k]), p < 400 {
            p = p * 10 + Int(s[k].value - 48)
            k += 1
        }
        if negative { p = -p }
        let v: RecognizedValue =
            s[j] == "e"
            ? .exact(base.scaled(byPowerOfTen: p))
            : .approximate(RecognizedValue.power(RecognizedValue.exact(base).doubleValue, p))
        return NumeralToken(start: j, end: k, value: v, isArabic: true)
    }
}

extension NumeralToken {
    fileprivate func with(start: Int) -> NumeralToken {
        var t = self
        t.start = start
        return t
    }
}
