/// The percent model: `34.4%`, `百分之五`, `千分之一` (0.1%), `六个百分点`, and, as
/// Recognizers-Text counts them, tenths (`七成` = 70%) and discounts (`9.9折` = 99%).
struct PercentReader {
    let s: [Unicode.Scalar]
    let tokens: [NumeralToken]

    func read() -> [CompactMatch] {
        var out: [CompactMatch] = []
        for t in tokens {
            if let m = percent(t) { out.append(m) }
        }
        // 半成, 半折, 打对折: no numeral token
        var k = 0
        while k + 1 < s.count {
            if s[k] == "半", s[k + 1] == "成" || s[k + 1] == "折", k + 1 < s.count {
                let v = ExactDecimal(s[k + 1] == "成" ? 5 : 50)
                out.append(
                    CompactMatch(start: k, end: k + 2, value: .exact(v), kind: s[k + 1] == "成" ? .tenths : .discount)
                )
            } else if k > 0, s[k - 1] == "打", s[k] == "对", s[k + 1] == "折" {
                out.append(CompactMatch(start: k, end: k + 2, value: .exact(ExactDecimal(50)), kind: .discount))
            }
            k += 1
        }
        // Matches never overlap: 七成六 takes its 六, which is then not also 六%.
        var kept: [CompactMatch] = []
        for m in out.sorted(by: { $0.start < $1.start }) where m.start >= (kept.last?.end ?? 0) { kept.append(m) }
        return kept
    }

    private func percent(_ t: NumeralToken) -> CompactMatch? {
        let n = s.count
        let e = t.end
        // 百分之五, 千分之2.4, 万分之三
        if let unit = t.bareDenominator, let num = t.numerator, !t.malformed {
            let v = num.multiplied(by: ExactDecimal(significand: 1, exponent: 2)).scaledDown(by: unit)
            return CompactMatch(start: t.start, end: e, value: v, kind: .percent)
        }
        if t.fractionDenominatorEnd != nil { return nil }  // 五百分之2.2 is a fraction
        if e < n, s[e] == "%" {
            return CompactMatch(start: t.start, end: e + 1, value: t.value, kind: .percent)
        }
        for w in Self.pointWords where matches(w, at: e) {
            return CompactMatch(start: t.start, end: e + w.count, value: t.value, kind: .percentagePoints)
        }
        if e < n, s[e] == "成" {
            let base = t.value.doubleValue
            guard base > 0, base <= 10 else { return nil }
            var v = t.value.multiplied(by: ExactDecimal(10))
            var end = e + 1
            if end < n, s[end] == "半" {
                v = v.adding(.exact(ExactDecimal(5)))
                end += 1
            } else if end < n,
                let d = ChineseNumeral.digit(s[end]) ?? (isASCIIDigit(s[end]) ? Int64(s[end].value - 48) : nil),
                !(end + 1 < n && (ChineseNumeral.isNumeralScalar(s[end + 1]) || isASCIIDigit(s[end + 1])))
            {
                v = v.adding(.exact(ExactDecimal(significand: d)))
                end += 1  // 七成六
            }
            return CompactMatch(start: t.start, end: end, value: v, kind: .tenths)
        }
        if e < n, s[e] == "折" {
            let base = t.value.doubleValue
            let v: RecognizedValue
            if base > 0 && base < 10 {
                v = t.value.multiplied(by: ExactDecimal(10))  // 九折, 9.9折
            } else if base >= 10 && base < 100 && (t.isDigitString || t.isArabic) {
                v = t.value  // 75折, 三八折
            } else {
                return nil  // 十折
            }
            return CompactMatch(start: t.start, end: e + 1, value: v, kind: .discount)
        }
        return nil
    }

    private static let pointWords: [[Unicode.Scalar]] = ["个百分点", "百分点"].map { Array($0.unicodeScalars) }

    private func matches(_ w: [Unicode.Scalar], at k: Int) -> Bool {
        guard k + w.count <= s.count else { return false }
        for t in 0..<w.count where s[k + t] != w[t] { return false }
        return true
    }
}

extension RecognizedValue {
    /// `self / d` for a power of ten `d`.
    fileprivate func scaledDown(by d: ExactDecimal) -> RecognizedValue {
        var p = 0
        var x = d
        while x.intValue.map({ $0 > 1 }) == true {
            x = x.scaled(byPowerOfTen: -1)
            p += 1
        }
        return scaled(byPowerOfTen: -p)
    }
}
