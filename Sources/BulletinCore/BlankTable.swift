/// Tables laid out with blanks between cells and years as columns, as yearbooks and county
/// annals print them:
///
///     表3 1999年~2005年某县财政对科技投入数额表 单位:万元
///     年 度 1999 2000 2001
///     额 度 614.7 230.0 509.0
///
/// Each number of a data row becomes a cell whose header is the caption and the row's label,
/// whose unit comes from the caption's or label's `单位:万元` / `(万元)` / `(%)`, and whose year is
/// its column's.
enum BlankTable {
    static func cells(in lines: [Document.Line], view: [Unicode.Scalar]) -> [TableCell] {
        var out: [TableCell] = []
        var i = 0
        while i < lines.count {
            guard lines[i].layout == .blankRow, let years = yearRow(view[lines[i].range]) else {
                i += 1
                continue
            }
            let caption = i > 0 && lines[i - 1].layout != .blankRow ? String(scalars: view[lines[i - 1].range]) : ""
            var j = i + 1
            while j < lines.count, lines[j].layout == .blankRow {
                let (label, numbers) = split(view, lines[j].range)
                if yearRow(view[lines[j].range]) != nil || numbers.count != years.count { break }
                let header = caption + " " + label
                let (unit, unitText, magnitude) = unitOf(label) ?? unitOf(caption) ?? (.none, "", 0)
                for (n, (range, value)) in numbers.enumerated() {
                    let q = Quantity(
                        start: range.lowerBound,
                        end: range.upperBound,
                        numberEnd: range.upperBound,
                        value: value.scaled(byPowerOfTen: magnitude),
                        high: nil,
                        unit: unit,
                        unitText: unitText,
                        approx: .exact,
                        magnitude: magnitude,
                        leadStart: range.lowerBound,
                        trailEnd: range.upperBound,
                        isChineseNumeral: false
                    )
                    out.append(
                        TableCell(
                            quantity: q,
                            header: header,
                            rowLabel: nil,
                            rowRange: lines[j].range,
                            growthOf: nil,
                            isTotalRow: false,
                            columnYear: years[n],
                            columnIsPlan: false
                        )
                    )
                }
                j += 1
            }
            i = j
        }
        return out
    }

    /// The years of a header row (`年 度 1999 2000 2001`), when every number in it is one.
    private static func yearRow(_ line: ArraySlice<Unicode.Scalar>) -> [Int]? {
        let tokens = line.split(whereSeparator: TextNormalizer.isBlank)
        let years = tokens.compactMap { t -> Int? in
            guard t.count == 4, t.allSatisfy(isASCIIDigit), let y = Int(String(scalars: t)), y >= 1949, y <= 2100 else {
                return nil
            }
            return y
        }
        let numeric = tokens.filter { $0.contains(where: isASCIIDigit) }.count
        return years.count >= 3 && years.count == numeric ? years : nil
    }

    /// The row's label (its leading words) and its numbers with their offsets.
    private static func split(_ v: [Unicode.Scalar], _ r: Range<Int>) -> (String, [(Range<Int>, ExactDecimal)]) {
        var label: [Unicode.Scalar] = []
        var numbers: [(Range<Int>, ExactDecimal)] = []
        var k = r.lowerBound
        while k < r.upperBound {
            while k < r.upperBound, TextNormalizer.isBlank(v[k]) { k += 1 }
            let s = k
            while k < r.upperBound, !TextNormalizer.isBlank(v[k]) { k += 1 }
            guard s < k else { break }
            if let d = ExactDecimal(String(scalars: v[s..<k])) {
                numbers.append((s..<k, d))
            } else if numbers.isEmpty {
                label.append(contentsOf: v[s..<k])
            }
        }
        return (String(scalars: label), numbers)
    }

    /// `单位:万元`, `(万元)`, `(%)` → unit, its text and magnitude.
    private static func unitOf(_ text: String) -> (QuantityUnit, String, Int)? {
        let s = Array(text.unicodeScalars)
        var k = 0
        while k < s.count {
            let opens =
                s[k] == "("
                || (s.hasScalars(["单", "位"], at: k) && k + 2 < s.count && (s[k + 2] == ":" || s[k + 2] == "："))
            if opens {
                var j = s[k] == "(" ? k + 1 : k + 3
                var magnitude = 0
                while j < s.count, let b = ChineseNumeral.bigUnit(s[j]) {
                    magnitude += b
                    j += 1
                }
                if let (u, len) = UnitLexicon.match(s, at: j) {
                    return (u, String(scalars: s[j..<(j + len)]), magnitude)
                }
            }
            k += 1
        }
        return nil
    }
}
