/// A numeric cell of a table, with what its column and row say about it.
///
/// `| 1 | 澄川市 | 2315 | 1 | 512.37 | 1 |` under `| 序号 | 地区 | 高新技术企业数（家） | 位次 |
/// 技术合同成交额（亿元） | 位次 |` yields 2315 with header `高新技术企业数（家）` and row label
/// `澄川市`, and 512.37 whose quantity carries the header's 亿元.
public struct TableCell: Sendable, Hashable {
    /// The cell's figure, with unit and magnitude taken from the cell (`215家`) or the header's
    /// `（家）`/`（亿元）`.
    public var quantity: Quantity
    /// The column header (matching view text); for tables with years as columns, the caption and
    /// the row's label.
    public let header: String
    /// The row label (the first non-numeric cell, e.g. a city), in body script.
    public var rowLabel: String?
    /// The row's line range.
    public var rowRange: Range<Int>
    /// For a growth column with no subject of its own (`增速（%）`), the header of the nearest
    /// column before it that names one (`高新技术企业（家）`).
    public let growthOf: String?
    /// True when the row is a total (合计, 总计, 全省, 全市).
    public var isTotalRow: Bool
    /// The year of the cell's column, for tables with years as columns.
    public var columnYear: Int?
    /// True when the column holds plans (headed 任务, 目标, 计划).
    public var columnIsPlan: Bool
    /// The table's caption (`2022年上半年各市吸纳技术合同情况`), when a line before its header gives one.
    public let caption: String?
    /// `header`, `caption` and `growthOf` as scalars, made once per column.
    public let scalars: HeaderScalars

    init(
        quantity: Quantity,
        header: String,
        rowLabel: String?,
        rowRange: Range<Int>,
        growthOf: String?,
        isTotalRow: Bool,
        columnYear: Int?,
        columnIsPlan: Bool,
        caption: String? = nil,
        scalars: HeaderScalars? = nil
    ) {
        self.quantity = quantity
        self.header = header
        self.rowLabel = rowLabel
        self.rowRange = rowRange
        self.growthOf = growthOf
        self.isTotalRow = isTotalRow
        self.columnYear = columnYear
        self.columnIsPlan = columnIsPlan
        self.caption = caption
        self.scalars = scalars ?? HeaderScalars(header: header, growthOf: growthOf, caption: caption)
    }

    static func isTotal(_ label: String?) -> Bool {
        guard let label else { return false }
        if label == "全省" || label == "全市" || label == "全县" || label == "全区" || label == "全国" { return true }
        let l = ScalarString(label)
        return l.contains("合计") || l.contains("总计") || l.contains("合計") || l.contains("總計") || l.contains("总数")
    }

    static func cells(in lines: [Document.Line], view: [Unicode.Scalar]) -> [TableCell] {
        var out: [TableCell] = []
        var headers: [String]? = nil
        var headerCanGrow = false
        var growthOf: [String?] = []
        // What each column's header says, made at its first numeric cell: headers, growth columns
        // and caption are settled by then and hold until the next header or prose line.
        var columns: [TableColumn?] = []
        var planCaption = false
        var latestYear: Int? = nil
        var pending: [TableCell] = []
        var caption: String?
        // The last short prose line, a caption when a table follows (made a String only then: most
        // short lines are not followed by one).
        var previousProse: Range<Int>?
        func flush() {
            guard !pending.isEmpty else { return }  // every prose line flushes
            out.append(contentsOf: ratioColumnsAsPercent(pending))
            pending = []
        }
        for line in lines {
            guard line.isTableRow else {
                if headers != nil || !pending.isEmpty { caption = nil }
                headers = nil
                columns = []
                flush()
                if line.kind == .text, line.range.count <= 80 { previousProse = line.range }
                continue
            }
            let cells = split(view, line.range)
            if cells.allSatisfy({ view[$0].allSatisfy { $0 == "-" || $0 == ":" || $0 == " " } }) { continue }
            let figures = cells.map { quantity(view, $0) }
            if !figures.contains(where: { $0 != nil }) {
                // Only rows without figures need every cell as a String (headers, captions).
                let texts = cells.map { String(scalars: view[$0]) }
                columns = []
                let filled = texts.filter { !$0.isEmpty }
                if headers == nil && filled.count < 2 {
                    // A caption written as a row (`2022年上半年各市吸纳技术合同情况 | |||`).
                    caption = filled.first
                    continue
                }
                if headers == nil {
                    headers = texts
                    headerCanGrow = true
                    if caption == nil { caption = previousProse.map { String(scalars: view[$0]) } }
                } else if headerCanGrow, var h = headers {
                    // A header split over two lines: each column's parts joined; a shorter second
                    // line continues the last columns.
                    let shift = filled.count < h.filter({ !$0.isEmpty }).count ? h.count - filled.count : 0
                    var parts = shift > 0 ? filled : texts
                    if shift > 0, h.last?.isEmpty == true, texts.last?.isEmpty != true { parts.append("") }
                    for (i, t) in parts.enumerated()
                    where i + (shift > 0 ? h.count - parts.count : 0) < h.count && !t.isEmpty {
                        h[i + (shift > 0 ? h.count - parts.count : 0)] += t
                    }
                    headers = h
                    headerCanGrow = false
                }
                if let h = headers { growthOf = h.indices.map { growthSubject(h, $0) } }
                continue
            }
            headerCanGrow = false
            guard let hs = headers else { continue }
            if columns.isEmpty {
                columns = Array(repeating: nil, count: hs.count)
                // A table captioned as a plan (…发展目标指导计划): its columns are goals, except those
                // of a year before the latest one named (08年 actual beside 09年 planned).
                planCaption = caption.map { c in ["目标", "计划"].contains { ScalarString(c).contains($0) } } ?? false
                latestYear = hs.compactMap(headerYear).max()
            }
            // The label: the first non-numeric cell other than a dash (one scalar, as the cell is trimmed).
            let labelCell = zip(cells, figures).first { r, figure in
                figure == nil && !r.isEmpty
                    && !(r.count == 1 && (view[r.lowerBound] == "—" || view[r.lowerBound] == "-"))
            }
            let row = labelCell.map { String(scalars: view[$0.0].filter { $0 != " " && $0 != "\u{3000}" }) }
            let total = isTotal(row)
            // A total row whose label spans two columns (`合计 | 8024 | 428.4 |`): its cells end where the header's do.
            let usedHeaders = hs.last?.isEmpty == true ? hs.count - 1 : hs.count
            let usedCells = cells.last?.isEmpty == true ? cells.count - 1 : cells.count
            let offset = total && usedCells < usedHeaders ? usedHeaders - usedCells : 0
            for i in cells.indices where i + offset < hs.count {
                let idx = i + offset
                guard var q = figures[i] else { continue }
                let column: TableColumn
                if let c = columns[idx] {
                    column = c
                } else {
                    column = TableColumn(
                        header: hs[idx],
                        growthOf: growthOf[idx],
                        caption: caption,
                        planCaption: planCaption,
                        latestYear: latestYear
                    )
                    columns[idx] = column
                }
                if q.unit == .none, let (u, text, mag) = column.unit {
                    q.unit = u
                    q.unitText = text
                    q.magnitude += mag
                    q.value = q.value.scaled(byPowerOfTen: mag)
                }
                // 合同数, 企业数量: a column of counts without a measure word.
                if q.unit == .none, q.magnitude == 0, q.value.isInteger, column.isCount { q.unit = .count }
                pending.append(
                    TableCell(
                        quantity: q,
                        header: hs[idx],
                        rowLabel: row,
                        rowRange: line.range,
                        growthOf: growthOf[idx],
                        isTotalRow: total,
                        columnYear: column.year,
                        columnIsPlan: column.isPlan,
                        caption: caption,
                        scalars: column.scalars
                    )
                )
            }
        }
        flush()
        return out
    }

    /// Growth columns written as ratios (0.371 for 37.1%): a growth column without a unit whose
    /// values are decimals, mostly below 2 in size or written to three places.
    private static func ratioColumnsAsPercent(_ cells: [TableCell]) -> [TableCell] {
        var byHeader: [String: [Int]] = [:]
        for (i, c) in cells.enumerated() where c.quantity.unit == .none && c.scalars.headerIsGrowth {
            byHeader[c.header, default: []].append(i)
        }
        var out = cells
        for (_, idx) in byHeader {
            let values = idx.map { cells[$0].quantity.value }
            guard values.allSatisfy({ !$0.isInteger }) else { continue }
            let small = values.filter { $0 < ExactDecimal(2) && $0.negated < ExactDecimal(2) }.count
            let threePlaces = values.filter { $0.exponent <= -3 }.count
            guard small * 2 > values.count || threePlaces * 2 > values.count else { continue }
            for i in idx {
                out[i].quantity.value = out[i].quantity.value.scaled(byPowerOfTen: 2)
                out[i].quantity.unit = .percent
                out[i].quantity.unitText = "%"
            }
        }
        return out
    }

    static func isCountHeader(_ h: String) -> Bool {
        let s = ScalarString(h)
        // A column headed by what it counts (`科技型中小企业`, `高新技术企业(家)`) counts too.
        let things = ["企业", "机构", "平台", "单位", "家)", "(家", "（家", "家）", "(个", "（个"]
        return
            (s.hasSuffix("数") || s.hasSuffix("数量") || s.hasSuffix("个数")
            || things.contains { s.hasSuffix($0) || s.contains($0 + ")") })
            && !isGrowthHeader(h) && !s.contains("指数")
    }

    /// The year a column header opens with (`2008年产值`, `08年高新技术产业产值`), if any.
    static func headerYear(_ h: String) -> Int? {
        let s = Array(h.unicodeScalars.drop { $0 == " " })
        var digits = 0
        while digits < s.count, isASCIIDigit(s[digits]) { digits += 1 }
        guard digits == 2 || digits == 4, digits < s.count, s[digits] == "年" || s[digits] == "度" else { return nil }
        let n = Int(String(scalars: s[0..<digits])) ?? 0
        let year = digits == 4 ? n : (n <= 50 ? 2000 + n : 1900 + n)
        return (1949...2100).contains(year) ? year : nil
    }

    static func isGrowthHeader(_ h: String) -> Bool {
        let s = ScalarString(h)
        return ["增速", "增长", "同比", "增幅", "增长率"].contains { s.contains($0) }
    }

    static func isPlanHeader(_ h: String) -> Bool {
        let s = ScalarString(h)
        return ["任务", "目标", "计划"].contains { s.contains($0) } && !s.contains("完成")
    }

    /// `增速（%）` after `高新技术企业（家）` → `高新技术企业（家）`: the nearest column before it
    /// with words of its own.
    static func growthSubject(_ headers: [String], _ idx: Int) -> String? {
        guard isGrowthHeader(headers[idx]) else { return nil }
        let own = ScalarString(headers[idx]).removingAll("增速").removingAll("增长率").removingAll("增长").removingAll("同比")
            .removingAll("增幅").removingAll("(%)").removingAll("%")
        guard own.unicodeScalars.filter({ Places.isHan($0) }).count < 2 else { return nil }
        var k = idx - 1
        while k >= 0 {
            let h = ScalarString(headers[k])
            if h.unicodeScalars.filter({ Places.isHan($0) }).count >= 3, !isGrowthHeader(headers[k]),
                !["位次", "排名", "排序", "序号", "地区", "名称"].contains(where: { h.contains($0) })
            {
                return headers[k]
            }
            k -= 1
        }
        return nil
    }

    private static func split(_ v: [Unicode.Scalar], _ r: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var k = r.lowerBound
        if k < r.upperBound, v[k] == "|" { k += 1 }
        var s = k
        while k <= r.upperBound {
            if k == r.upperBound || v[k] == "|" {
                var a = s
                var b = k
                while a < b, v[a] == " " || v[a] == "\u{3000}" { a += 1 }
                while b > a, v[b - 1] == " " || v[b - 1] == "\u{3000}" { b -= 1 }
                if !(k == r.upperBound && s == k) { out.append(a..<b) }
                s = k + 1
            }
            k += 1
        }
        return out
    }

    /// The cell's figure when the cell is one: a bare number (`2315`, `0.371`) or one quantity
    /// filling the cell (`215家`, `32.82%`, `1.7亿元`).
    private static func quantity(_ v: [Unicode.Scalar], _ r: Range<Int>) -> Quantity? {
        guard !r.isEmpty else { return nil }
        let cell = Array(v[r])
        if cell.allSatisfy({ isASCIIDigit($0) || $0 == "." || $0 == "," || $0 == "-" }),
            cell.contains(where: isASCIIDigit),
            let value = ExactDecimal(String(scalars: cell.filter { $0 != "," }))
        {
            return Quantity(
                start: r.lowerBound,
                end: r.upperBound,
                numberEnd: r.upperBound,
                value: value,
                high: nil,
                unit: .none,
                unitText: "",
                approx: .exact,
                magnitude: 0,
                leadStart: r.lowerBound,
                trailEnd: r.upperBound,
                isChineseNumeral: false
            )
        }
        guard isASCIIDigit(cell[0]) else { return nil }
        let found = QuantityScanner().scan(cell).quantities
        guard found.count == 1, var q = found.first, q.start == 0, q.trailEnd == cell.count else { return nil }
        q.start += r.lowerBound
        q.end += r.lowerBound
        q.numberEnd += r.lowerBound
        q.leadStart = q.start
        q.trailEnd = q.end
        return q
    }

    /// The unit a header names in parentheses: `（家）` → count, `（亿元）` → cny × 10^8, `（%）` → percent.
    static func headerUnit(_ header: String) -> (QuantityUnit, String, Int)? {
        let h = Array(header.unicodeScalars)
        guard let open = h.lastIndex(where: { $0 == "(" }), let close = h.lastIndex(where: { $0 == ")" }), open < close
        else {
            return nil
        }
        let inner = Array(h[(open + 1)..<close])
        var k = 0
        var magnitude = 0
        while k < inner.count, let b = ChineseNumeral.bigUnit(inner[k]) {
            magnitude += b
            k += 1
        }
        guard let (u, len) = UnitLexicon.match(inner, at: k) else {
            return magnitude > 0 ? (.none, "", magnitude) : nil
        }
        return (u, String(scalars: inner[k..<(k + len)]), magnitude)
    }
}
