/// A numeric cell of a `|`-separated table, with what its column and row say about it.
///
/// `| 1 | 澄川市 | 2315 | 1 | 512.37 | 1 |` under `| 序号 | 地区 | 高新技术企业数（家） | 位次 |
/// 技术合同成交额（亿元） | 位次 |` yields 2315 with header `高新技术企业数（家）` and row label
/// `澄川市`, and 512.37 whose quantity carries the header's 亿元.
public struct TableCell: Sendable, Hashable {
    /// The cell's figure, with unit and magnitude taken from the header's `（家）`/`（亿元）`.
    public var quantity: Quantity
    /// The column header (matching view text).
    public var header: String
    /// The row label (the first non-numeric cell, e.g. a city), in body script.
    public var rowLabel: String?
    /// The row's line range.
    public var rowRange: Range<Int>

    /// For a growth column with no subject of its own (`增速（%）`), the header of the nearest
    /// column before it that names one (`高新技术企业（家）`).
    public var growthOf: String?
    /// True when the row is a total (合计, 总计, 全省, 全市).
    public var isTotalRow: Bool

    static func isTotal(_ label: String?) -> Bool {
        guard let label else { return false }
        if label == "全省" || label == "全市" { return true }
        let l = ScalarString(label)
        return l.contains("合计") || l.contains("总计") || l.contains("合計") || l.contains("總計")
    }

    static func cells(in lines: [Document.Line], view: [Unicode.Scalar]) -> [TableCell] {
        var out: [TableCell] = []
        var headers: [(String, Range<Int>)]? = nil
        var growthOf: [String?] = []      // per column, computed once per header row
        for line in lines {
            guard line.isTableRow else { headers = nil; continue }
            let cells = split(view, line.range)
            let texts = cells.map { String(scalars: view[$0]) }
            if texts.allSatisfy({ $0.unicodeScalars.allSatisfy { $0 == "-" || $0 == ":" || $0 == " " } }) { continue }
            let numeric = texts.map(isNumber)
            if !numeric.contains(true) {
                if headers == nil {
                    headers = zip(texts, cells).map { ($0, $1) }
                    growthOf = texts.indices.map { growthSubject(texts, $0) }
                }
                continue
            }
            guard let hs = headers else { continue }
            let label = zip(texts, numeric).first { !$0.1 && !$0.0.isEmpty && $0.0 != "—" && $0.0 != "-" }?.0
            let row = label.map(trimSpaces)
            let total = isTotal(row)
            for (idx, range) in cells.enumerated() where numeric[idx] && idx < hs.count {
                let header = hs[idx].0
                guard var q = quantity(view, range, header: header) else { continue }
                q.leadStart = q.start; q.trailEnd = q.end
                out.append(TableCell(quantity: q, header: header, rowLabel: row, rowRange: line.range,
                                     growthOf: growthOf[idx], isTotalRow: total))
            }
        }
        return out
    }

    /// `增速（%）` after `高新技术企业（家）` → `高新技术企业（家）`.
    static func growthSubject(_ headers: [String], _ idx: Int) -> String? {
        let h = ScalarString(headers[idx])
        guard ["增速", "增长", "同比", "增幅"].contains(where: { h.contains($0) }) else { return nil }
        guard Topic.occurrences(in: Array(headers[idx].unicodeScalars), 0..<headers[idx].unicodeScalars.count).isEmpty else { return nil }
        var k = idx - 1
        while k >= 0 {
            let v = Array(headers[k].unicodeScalars)
            if Topic.occurrences(in: v, 0..<v.count).contains(where: { $0.1 != .other }) { return headers[k] }
            k -= 1
        }
        return nil
    }

    private static func trimSpaces(_ s: String) -> String {
        String(scalars: s.unicodeScalars.filter { $0 != " " && $0 != "\u{3000}" })
    }

    private static func split(_ v: [Unicode.Scalar], _ r: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var k = r.lowerBound
        if k < r.upperBound, v[k] == "|" { k += 1 }
        var s = k
        while k <= r.upperBound {
            if k == r.upperBound || v[k] == "|" {
                var a = s, b = k
                while a < b, v[a] == " " || v[a] == "\u{3000}" { a += 1 }
                while b > a, v[b - 1] == " " || v[b - 1] == "\u{3000}" { b -= 1 }
                if !(k == r.upperBound && s == k) { out.append(a..<b) }
                s = k + 1
            }
            k += 1
        }
        return out
    }

    private static func isNumber(_ t: String) -> Bool {
        !t.isEmpty && t.unicodeScalars.allSatisfy { isASCIIDigit($0) || $0 == "." || $0 == "," } && t.unicodeScalars.contains(where: isASCIIDigit)
    }

    /// The cell's value with the header's unit: `（家）` → count, `（亿元）` → cny × 10^8, `（%）` → percent.
    private static func quantity(_ v: [Unicode.Scalar], _ r: Range<Int>, header: String) -> Quantity? {
        guard let value = ExactDecimal(String(scalars: v[r])) else { return nil }
        let h = Array(header.unicodeScalars)
        var unit = QuantityUnit.none
        var unitText = ""
        var magnitude = 0
        if let open = h.lastIndex(where: { $0 == "(" }), let close = h.lastIndex(where: { $0 == ")" }), open < close {
            let inner = Array(h[(open + 1)..<close])
            var k = 0
            while k < inner.count, let b = ChineseNumeral.bigUnit(inner[k]) { magnitude += b; k += 1 }
            if let (u, len) = UnitLexicon.match(inner, at: k) { unit = u; unitText = String(scalars: inner[k..<(k + len)]) }
        }
        return Quantity(start: r.lowerBound, end: r.upperBound, numberEnd: r.upperBound,
                        value: value.scaled(byPowerOfTen: magnitude), high: nil, unit: unit, unitText: unitText,
                        approx: .exact, magnitude: magnitude, leadStart: r.lowerBound, trailEnd: r.upperBound,
                        isChineseNumeral: false)
    }
}
