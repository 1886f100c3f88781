/// The text a ``NumberRecognizer`` reads: the matching view (half-width, simplified, Latin
/// lower-cased) with the spaces *inside* numerals removed (`7 万5 千4 百`, `百 分 之 2.4`,
/// `２．４   个百分点`), and a map from each kept scalar back to its offset in the input.
struct RecognizerText {
    /// The compacted scalars.
    let s: [Unicode.Scalar]
    /// `origin[k]` is the input offset of `s[k]`.
    let origin: [Int]

    init(_ input: String) {
        let raw = Array(input.unicodeScalars)
        var view = TextNormalizer.matchingView(TextNormalizer.bodyScalars(input))
        // A full-width comma after ASCII digits separates items (20，300美圆); between full-width
        // digits (１１１，１１１) it groups thousands.
        for k in view.indices where raw[k] == "，" && k > 0 && isASCIIDigit(raw[k - 1]) { view[k] = "，" }
        for k in view.indices where view[k].value >= 65 && view[k].value <= 90 {
            view[k] = Unicode.Scalar(view[k].value + 32)!
        }
        var s: [Unicode.Scalar] = []
        var origin: [Int] = []
        s.reserveCapacity(view.count)
        origin.reserveCapacity(view.count)
        var k = 0
        while k < view.count {
            if Self.isSpace(view[k]) {
                var e = k
                while e < view.count, Self.isSpace(view[e]) { e += 1 }
                if let last = s.last, e < view.count, Self.joins(last, view, e) {
                    k = e
                    continue
                }
            }
            s.append(view[k])
            origin.append(k)
            k += 1
        }
        self.s = s
        self.origin = origin
    }

    /// The input offsets `[start, end)` of the compacted range `[a, b)`.
    func span(_ a: Int, _ b: Int) -> (Int, Int) { (origin[a], origin[b - 1] + 1) }

    static func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\u{3000}" }

    /// True when the space before `view[next]` sits inside a numeral that began with `prev`.
    private static func joins(_ prev: Unicode.Scalar, _ view: [Unicode.Scalar], _ next: Int) -> Bool {
        let c = view[next]
        if prev == "成", ChineseNumeral.digit(c) != nil { return true }  // 七成 六
        let prevNumeric = isNumeralPart(prev) || isASCIIDigit(prev) || prev == "."
        guard prevNumeric else { return false }
        if isNumeralPart(c) || c == "成" || c == "折" || c == "打" || c == "负" { return true }
        if c == "k" || c == "m" || c == "g" {
            // 52.5 k, -2.5 M: a magnitude letter, not the start of a word
            return isASCIIDigit(prev) && !(next + 1 < view.count && isLatinLetter(view[next + 1]))
        }
        if isASCIIDigit(c) {
            // 百 分 之 669, 之 2: digits after Chinese; 7 2 折: single digits before 折/成
            if !isASCIIDigit(prev) && prev != "." { return true }
            return isDigitRunBeforeDiscount(view, next)
        }
        return false
    }

    private static func isDigitRunBeforeDiscount(_ view: [Unicode.Scalar], _ k: Int) -> Bool {
        var e = k
        while e < view.count, isASCIIDigit(view[e]) || isSpace(view[e]) { e += 1 }
        return e < view.count && (view[e] == "折" || view[e] == "成") && e - k <= 3
    }

    /// Scalars that belong inside a written-out numeral or its unit words.
    static func isNumeralPart(_ c: Unicode.Scalar) -> Bool {
        if ChineseNumeral.isNumeralScalar(c) { return true }
        switch c {
        case "兆", "点", "分", "之", "又", "余", "多", "几", "个", "半": return true
        default: return false
        }
    }

    static func isLatinLetter(_ c: Unicode.Scalar) -> Bool { c.value >= 97 && c.value <= 122 }
}
