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
            if lines[i].layout == .blankRow, i > 0, let places = placeRow(view[lines[i - 1].range]) {
                let caption = i > 1 ? String(scalars: view[lines[i - 2].range]) : ""
                i = placeTable(lines, view, from: i, places: places, caption: caption, into: &out)
                continue
            }
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

    /// A table with places as columns, as statistical yearbooks print them:
    ///
    ///     分县区科技事业基本情况
    ///       单位   吴兴区 南浔区 德清县
    ///     年末拥有高新技术企业 290 95 43 50        (a first column more than the header's: the total)
    ///     技术成交金额 万元 16666 7064 2348 2696
    ///
    /// Rows without numbers (sub-headings) are passed over; the table ends at the first prose line
    /// that is not one.
    private static func placeTable(
        _ lines: [Document.Line],
        _ view: [Unicode.Scalar],
        from start: Int,
        places: [String],
        caption: String,
        into out: inout [TableCell]
    ) -> Int {
        var j = start
        while j < lines.count {
            let (label, numbers) = split(view, lines[j].range)
            if numbers.isEmpty {
                // A label-only line inside the table (`#重点火炬项目`); prose ends it.
                if lines[j].layout == .prose, lines[j].range.count <= 20, !label.isEmpty {
                    j += 1
                    continue
                }
                break
            }
            let withTotal = numbers.count == places.count + 1
            guard withTotal || numbers.count == places.count else {
                if lines[j].layout == .blankRow {
                    j += 1
                    continue
                }
                break
            }
            let cleanLabel = String(
                label.unicodeScalars.drop { isASCIIDigit($0) || $0 == "." || $0 == "#" || $0 == "△" }
            )
            var (unit, unitText, magnitude) = unitOf(cleanLabel) ?? trailingUnit(cleanLabel) ?? (.none, "", 0)
            // A row naming what it counts (…高新技术企业, …科技成果, …技术成交项目).
            let l = ScalarString(cleanLabel)
            if unit == .none, numbers.allSatisfy({ $0.1.isInteger }),
                TableCell.isCountHeader(cleanLabel) || ["项目", "成果", "企业", "机构"].contains(where: { l.hasSuffix($0) })
            {
                unit = .count
                unitText = ""
            }
            for (n, (range, value)) in numbers.enumerated() {
                let place: String? = withTotal ? (n == 0 ? nil : places[n - 1]) : places[n]
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
                        header: cleanLabel,
                        rowLabel: place,
                        rowRange: lines[j].range,
                        growthOf: nil,
                        isTotalRow: place == nil,
                        columnYear: nil,
                        columnIsPlan: false,
                        caption: caption
                    )
                )
            }
            j += 1
        }
        return max(j, start + 1)
    }

    /// The places of a header row (`单位 吴兴区 南浔区 德清县 △市区`): two or more, every
    /// token after the first a place.
    private static func placeRow(_ line: ArraySlice<Unicode.Scalar>) -> [String]? {
        let tokens = line.split(whereSeparator: TextNormalizer.isBlank).map {
            Array($0.drop { $0 == "△" || $0 == "#" })
        }
        guard tokens.count >= 3 else { return nil }
        var places: [String] = []
        for t in tokens.dropFirst() {
            let v = TextNormalizer.matchingView(t)
            // A place, or a column of the same kind (市区, 市本级).
            let known = Places.match(v, at: 0, end: v.count).map { $0.range.upperBound == v.count } ?? false
            guard known || (2...4).contains(v.count) && "区县市旗级".unicodeScalars.contains(v[v.count - 1]) else {
                return nil
            }
            places.append(String(scalars: t))
        }
        return places.count >= 2 ? places : nil
    }

    /// A unit written as the label's last word (`技术成交金额 万元` → 万元).
    private static func trailingUnit(_ label: String) -> (QuantityUnit, String, Int)? {
        let s = Array(label.unicodeScalars)
        for (word, magnitude) in [("亿元", 8), ("万元", 4), ("元", 0)] {
            let w = Array(word.unicodeScalars)
            if s.count > w.count, Array(s.suffix(w.count)) == w { return (.cny, word, magnitude) }
        }
        return nil
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
