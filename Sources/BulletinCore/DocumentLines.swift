/// Turns normalized text into the body's lines: trims them, removes spaces that only separate
/// Chinese words, classifies each (text, metadata, furniture) and tells how it is laid out.
struct DocumentLines {
    /// One line before furniture is removed.
    struct Raw {
        var scalars: [Unicode.Scalar]
        var view: [Unicode.Scalar]
        var kind: PageFurniture.Kind
        var layout: Document.Line.Layout
        var columnHeader: String?
        /// The trimmed line as it came (spaces kept), for metadata.
        var original: ArraySlice<Unicode.Scalar>
    }

    var raw: [Raw] = []

    init(_ normalized: [Unicode.Scalar]) {
        var k = 0
        while k <= normalized.count {
            var e = k
            while e < normalized.count, normalized[e] != "\n", normalized[e] != "\r" { e += 1 }
            var lo = k
            var hi = e
            while hi > lo, TextNormalizer.isBlank(normalized[hi - 1]) { hi -= 1 }
            while lo < hi, TextNormalizer.isBlank(normalized[lo]) { lo += 1 }
            let slice = normalized[lo..<hi]
            let tabbed = Self.tabSeparatedAsBars(slice)
            let blankTable = tabbed == nil && !slice.contains("|") && TextNormalizer.isBlankSeparatedTableRow(slice)
            let scalars = tabbed ?? (blankTable ? Array(slice) : TextNormalizer.compactingSpaces(slice))
            let view = TextNormalizer.matchingView(scalars)
            let kind = PageFurniture.classify(ScalarString(view[...]))
            let layout: Document.Line.Layout
            if blankTable {
                layout = .blankRow
            } else if Self.isBarRow(view) {
                // A "row" holding sentences is a page laid out with tables (old government sites): prose.
                layout = .barRow
            } else {
                layout = .prose
            }
            raw.append(
                Raw(scalars: scalars, view: view, kind: kind, layout: layout, columnHeader: nil, original: slice)
            )
            if e < normalized.count, normalized[e] == "\r", e + 1 < normalized.count, normalized[e + 1] == "\n" {
                e += 1
            }
            k = e + 1
        }
        // Both merges join rows around lines holding only `|`; without one they copy every line for nothing.
        if raw.contains(where: { $0.view.count == 1 && $0.view[0] == "|" }) {
            mergeBarredCellLines()
            mergeLeadingBarRows()
        }
        keepBlankTableHeaders()
        markStackedCells()
        keepTableHeaders()
    }

    /// Rows saved as a label line, then one line per further cell opened by `|`, and a line
    /// holding only `|` after each row (`潍城`, `| 474696`, `| 579129.1`, `| 22%`, `|`); a cell may
    /// wrap onto a line without a bar (`峡山生态`, `发展区`). Each row is joined into one `|` row.
    private mutating func mergeLeadingBarRows() {
        func isLoneBar(_ i: Int) -> Bool { raw[i].view == ["|"] }
        func opensCell(_ i: Int) -> Bool {
            raw[i].view.count > 1 && raw[i].view.first == "|" && !raw[i].view.dropFirst().contains("|")
        }
        var out: [Raw] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            // A row ends at the next lone bar, at most 12 lines on, with at least two cells opened by a bar.
            var end = i
            var bars = 0
            while end < raw.count, end - i < 12, !isLoneBar(end), raw[end].view.count <= 40 {
                if opensCell(end) { bars += 1 }
                end += 1
            }
            // The label: at most two lines before the first bar cell.
            guard end < raw.count, isLoneBar(end), bars >= 2, !opensCell(i),
                let first = (i..<end).first(where: opensCell),
                first - i <= 2, (i..<first).allSatisfy({ !raw[$0].view.isEmpty })
            else {
                out.append(raw[i])
                i += 1
                continue
            }
            var cells: [[Unicode.Scalar]] = [[]]
            for k in i..<end {
                var line = raw[k].scalars[...]
                if opensCell(k) {
                    cells.append([])
                    line = line.dropFirst().drop { $0 == " " }
                }
                cells[cells.count - 1].append(contentsOf: line)
            }
            var scalars: [Unicode.Scalar] = ["|"]
            for c in cells {
                scalars.append(contentsOf: c)
                scalars.append("|")
            }
            let view = TextNormalizer.matchingView(scalars)
            out.append(
                Raw(
                    scalars: scalars,
                    view: view,
                    kind: .text,
                    layout: .barRow,
                    columnHeader: nil,
                    original: scalars[...]
                )
            )
            i = end + 1
        }
        raw = out
    }

    /// The header of a blank-separated table (`单位   吴兴区 南浔区 德清县`) keeps its blanks, which
    /// are its column separators: a line of three or more short words right above a table row.
    private mutating func keepBlankTableHeaders() {
        for i in raw.indices.dropLast() where raw[i].layout == .prose && raw[i + 1].layout == .blankRow {
            let tokens = raw[i].original.split(whereSeparator: TextNormalizer.isBlank)
            guard tokens.count >= 3,
                tokens.allSatisfy({ t in t.count <= 8 && !t.contains { "。，,；;:：".unicodeScalars.contains($0) } })
            else { continue }
            raw[i].scalars = Array(raw[i].original)
            raw[i].view = TextNormalizer.matchingView(raw[i].scalars)
            raw[i].layout = .blankRow
        }
    }

    /// Rows saved one cell per line, each row opened by a line holding only `|` and each cell
    /// closed by `|` (`|`, `地区 |`, `科技型中小企业 |`, `|`, `和平区 |`, `120 |`): each row joined
    /// into one `|` row, so the table reads as the ones written on one line.
    private mutating func mergeBarredCellLines() {
        var out: [Raw] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            guard raw[i].view == ["|"] else {
                out.append(raw[i])
                i += 1
                continue
            }
            var j = i + 1
            var cells: [ArraySlice<Unicode.Scalar>] = []
            while j < raw.count, raw[j].view.count > 1, raw[j].view.last == "|", raw[j].view.count <= 60 {
                var cell = raw[j].scalars[...]
                while let l = cell.last, l == "|" || l == " " { cell = cell.dropLast() }
                cells.append(cell)
                j += 1
            }
            guard cells.count >= 2 else {
                out.append(raw[i])
                i += 1
                continue
            }
            var scalars: [Unicode.Scalar] = ["|"]
            for c in cells {
                scalars.append(contentsOf: c)
                scalars.append("|")
            }
            let view = TextNormalizer.matchingView(scalars)
            out.append(
                Raw(
                    scalars: scalars,
                    view: view,
                    kind: PageFurniture.classify(ScalarString(view[...])),
                    layout: .barRow,
                    columnHeader: nil,
                    original: scalars[...]
                )
            )
            i = j
        }
        raw = out
    }

    /// A row of `|`-separated cells (`| a | b |` or `1 | 铜陵市 | 138 |`), not a sentence.
    static func isBarRow(_ v: [Unicode.Scalar]) -> Bool { isBarRow(v[...]) }

    /// A row of `|`-separated cells, for a slice of a line (no copy).
    static func isBarRow(_ v: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !v.contains("。") else { return false }
        if v.first == "|" { return true }
        return v.lazy.filter { $0 == "|" }.count >= 2 && v.count <= 200
    }

    /// A header row of figure-less cells reads like a menu and is taken for furniture; when
    /// rows of figures follow it, it is the table's header.
    private mutating func keepTableHeaders() {
        for i in raw.indices where raw[i].kind == .furniture && raw[i].layout == .barRow {
            var j = i + 1
            while j < raw.count, j <= i + 2,
                raw[j].layout == .barRow || raw[j].kind == .furniture && raw[j].view.contains("|")
            {
                if raw[j].view.contains(where: isASCIIDigit), raw[j].kind != .furniture || raw[j].layout == .barRow {
                    raw[i].kind = .text
                    if raw[i + 1].layout == .barRow { raw[i + 1].kind = .text }
                    break
                }
                j += 1
            }
        }
    }

    /// Text wrapped at a fixed width (pages saved from PDF, `全社会研发投入` / `367.1 亿元`): a prose
    /// line that stops mid-sentence is joined with the next line, so words and figures are whole.
    /// The title's line is never joined with another (`title`: its matching view, spaces removed).
    mutating func mergeSoftWraps(title: [Unicode.Scalar]?) {
        func isTitle(_ view: [Unicode.Scalar]) -> Bool {
            guard let t = title, t.count >= 6 else { return false }
            return view == t || view.count <= t.count + 12 && view.containsSubsequence(t)
        }
        // A continuation is appended to the kept line in place (not to a copy of it, which copied
        // its arrays for every continuation), and whether the kept line holds punctuation is
        // remembered instead of searched again for every line after it (nil: not yet known).
        // Lines are moved from `raw` to `out`, and the kept line is read where it lies: copying
        // a line (`for r in raw`, `out.last`) retained and released its four buffers, 0.4 % of
        // extraction.
        var input: [Raw] = []
        swap(&input, &raw)
        input.reverse()  // taken from the end, each line moved out once
        var out: [Raw] = []
        out.reserveCapacity(input.count)
        var lastPunctuated: Bool?
        // True when the kept line is prose ending mid-sentence and not the title.
        var lastWrapped = false
        func wrapped() -> Bool {
            guard let i = out.indices.last, Self.isWrapped(out[i]) else { return false }
            if lastPunctuated == nil { lastPunctuated = Self.isPunctuated(out[i].view) }
            return lastPunctuated! && !isTitle(out[i].view)
        }
        var blanks: [Raw] = []  // empty lines between a wrapped line and its continuation
        while let r = input.popLast() {
            if r.view.isEmpty, lastWrapped, blanks.count < 2 {
                blanks.append(r)
                continue
            }
            if lastWrapped, r.kind == .text, r.layout == .prose, !r.view.isEmpty, !isTitle(r.view),
                !Document.Line.startsItem(r.view[...])
            {
                let last = out.count - 1
                out[last].scalars.append(contentsOf: r.scalars)
                out[last].view.append(contentsOf: r.view)
                if lastPunctuated == false { lastPunctuated = nil }
                blanks = []
                lastWrapped = wrapped()
                continue
            }
            out.append(contentsOf: blanks)
            blanks = []
            out.append(r)
            lastPunctuated = nil
            lastWrapped = wrapped()
        }
        out.append(contentsOf: blanks)
        raw = out
    }

    /// A prose line that may end mid-sentence, before its punctuation is asked about.
    private static func isWrapped(_ r: Raw) -> Bool {
        guard r.kind == .text, r.layout == .prose, r.columnHeader == nil, let last = r.view.last else { return false }
        if scalars1.contains(last) { return false }
        return r.view.count >= 20
    }

    /// True when `view` holds 。 , or ，.
    private static func isPunctuated(_ view: [Unicode.Scalar]) -> Bool {
        // One pass, not one per mark: most long prose lines hold no 。 and are read to the end.
        view.contains { $0 == "。" || $0 == "," || $0 == "，" }
    }

    /// Tables whose cells each sit on their own line, separated by lines holding only `|`
    /// (`序号`, `|`, `工作任务`, `|`, `完成情况`, `|`, `1`, `|`, …): every cell line learns its
    /// column's header, so a figure under `工作任务` can be read as a target.
    private mutating func markStackedCells() {
        var i = 0
        while i + 5 < raw.count {
            guard isCell(i), isBar(i + 1) else {
                i += 1
                continue
            }
            // The header: cells up to the first one holding only a serial number.
            var headers: [String] = []
            var j = i
            while j + 1 < raw.count, isCell(j), isBar(j + 1), !isSerial(j) {
                headers.append(String(scalars: raw[j].view))
                j += 2
            }
            guard headers.count >= 2, j < raw.count, isSerial(j), headers.allSatisfy({ $0.unicodeScalars.count <= 12 })
            else {
                i += 1
                continue
            }
            var column = 0
            while j + 1 < raw.count, isCell(j) || raw[j].view.isEmpty, isBar(j + 1) {
                raw[j].columnHeader = headers[column % headers.count]
                column += 1
                j += 2
            }
            i = j
        }
    }

    /// A line of three or more tab-separated cells, rewritten as a `|` row (`|宝安区|215|32.82%|`).
    private static func tabSeparatedAsBars(_ line: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar]? {
        // Counted, not filtered into an array: every line of every text asks.
        var tabs = 0
        for c in line where c == "\t" { tabs += 1 }
        guard tabs >= 2 else { return nil }
        let cells = line.split(separator: "\t").map { TextNormalizer.compactingSpaces($0) }.filter { !$0.isEmpty }
        guard cells.count >= 3 else { return nil }
        var out: [Unicode.Scalar] = ["|"]
        for c in cells {
            out.append(contentsOf: c)
            out.append("|")
        }
        return out
    }

    private func isBar(_ i: Int) -> Bool { raw[i].view == ["|"] }
    private func isCell(_ i: Int) -> Bool { !raw[i].view.isEmpty && raw[i].view != ["|"] }
    private func isSerial(_ i: Int) -> Bool { !raw[i].view.isEmpty && raw[i].view.allSatisfy(isASCIIDigit) }
}

extension Document.Line {
    /// List markers that open a new item, so a line starting with one never continues the last.
    static func startsItem(_ v: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let f = v.first else { return true }
        if f == "(" || f == "（" || f == "【" || f == "[" || f == "-" || f == "—" || f == "·" || f == "•" { return true }
        if scalars2.contains(f), v.count > 1, v[v.startIndex + 1] == "、" || v[v.startIndex + 1] == "是" {
            return true
        }
        if isASCIIDigit(f) {
            var k = v.startIndex
            while k < v.endIndex, isASCIIDigit(v[k]) { k += 1 }
            // 1、 1. 1) open an item; 367.1 is a number.
            if k < v.endIndex, v[k] == "、" || v[k] == ")" { return true }
            if k < v.endIndex, v[k] == ".", !(k + 1 < v.endIndex && isASCIIDigit(v[k + 1])) { return true }
        }
        return scalars3.contains(f)
    }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet("。！？；：!?;:”」』)】")
private let scalars2 = ScalarSet("一二三四五六七八九十")
private let scalars3 = ScalarSet("①②③④⑤⑥⑦⑧⑨⑩第")
