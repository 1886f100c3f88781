/// Tells plans and goals (`target`) from results (`actual`).
///
/// A figure is a target when, before it in its paragraph, a forward-looking cue appears
/// (目标, 力争, 确保, 计划…, 预计, 预期, 打算, 到2025年), or when its own sentence piece says
/// 将/要/拟/争取…达到. `完成…目标任务的198%` is a result, and 重要/主要/需要 are not 要.
enum StatusRules {
    private static let strong: [[Unicode.Scalar]] = ["力争", "确保", "预计", "预期", "打算", "目标", "计划", "规划到", "到20", "争取到", "奋斗目标", "下一步"].map { Array($0.unicodeScalars) }
    private static let weak: [[Unicode.Scalar]] = ["将", "要", "拟", "争取"].map { Array($0.unicodeScalars) }

    static func status(document: Document, sentence: Document.Sentence, figureStart: Int) -> FigureStatus {
        let v = document.view
        let line = document.lines[sentence.line].range
        // Strong cues anywhere earlier in the paragraph.
        var k = line.lowerBound
        while k < figureStart {
            for w in strong where matches(v, w, k) && isStrong(v, w, k, figureStart) { return .target }
            k += 1
        }
        // Weak cues in the sentence piece holding the figure.
        k = sentence.range.lowerBound
        while k < figureStart {
            for w in weak where matches(v, w, k) && isWeakCue(v, w, k, figureStart) { return .target }
            k += 1
        }
        return .actual
    }

    private static func isStrong(_ v: [Unicode.Scalar], _ w: [Unicode.Scalar], _ k: Int, _ end: Int) -> Bool {
        switch String(String.UnicodeScalarView(w)) {
        case "目标":
            // 完成全年目标任务的198%: a result. 锚定…目标 with no figure before the next clause is context.
            if window(v, k - 6, k).contains("完成") { return false }
            if k + 3 <= v.count, String(String.UnicodeScalarView(v[(k + 2)..<min(v.count, k + 5)])).hasPrefix("任务的") { return false }
            return true
        case "计划":
            // 科技计划项目, 惠民计划项目: programmes, not plans.
            let after = window(v, k + 2, k + 4)
            return !after.hasPrefix("项目") && !after.hasPrefix("专项") && !after.hasPrefix("单列")
        case "到20":
            // 到2025年
            return k + 5 < v.count && isASCIIDigit(v[k + 3]) && isASCIIDigit(v[k + 4]) && v[k + 5] == "年"
        case "下一步":
            return true
        default:
            return true
        }
    }

    private static func isWeakCue(_ v: [Unicode.Scalar], _ w: [Unicode.Scalar], _ k: Int, _ end: Int) -> Bool {
        let prev = k > 0 ? v[k - 1] : " "
        let next = k + w.count < v.count ? v[k + w.count] : " "
        switch w[0] {
        case "将":
            return next != "近" && next != "其" && next != "于" && prev != "即"
        case "要":
            if "重主需纲摘只必首紧".unicodeScalars.contains(prev) { return false }
            return next != "素" && next != "点" && next != "闻" && next != "是"
        case "拟":
            return true
        case "争":
            // 争取上级资金 is a result; 争取…达到/突破 is a goal.
            let rest = window(v, k, end)
            return rest.contains("达到") || rest.contains("突破") || rest.contains("实现")
        default:
            return true
        }
    }

    private static func window(_ v: [Unicode.Scalar], _ a: Int, _ b: Int) -> String {
        let lo = max(0, a), hi = min(v.count, b)
        return lo < hi ? String(String.UnicodeScalarView(v[lo..<hi])) : ""
    }

    @inline(__always) static func matches(_ v: [Unicode.Scalar], _ w: [Unicode.Scalar], _ k: Int) -> Bool {
        guard k + w.count <= v.count, v[k] == w[0] else { return false }
        for j in 1..<w.count where v[k + j] != w[j] { return false }
        return true
    }
}

/// The year a figure describes.
enum PeriodRules {
    static func period(document: Document, sentence: Document.Sentence, quantity q: Quantity, lead: String,
                       trailRange: Range<Int>, status: inout FigureStatus) -> Int? {
        let years = document.years
        let line = document.lines[sentence.line].range
        // 比上年的78家, 上年为…: the year before.
        let previousYear = lead.hasSuffix("上年的") || lead.hasSuffix("去年的") || lead.hasSuffix("上年") || lead.hasSuffix("去年")
            || lead.hasSuffix("上年同期的") || lead.hasSuffix("上年为") || lead.hasSuffix("去年为")
        var explicit: Int?
        // Nearest year before the figure in its sentence, else after it in its clause (获得2022年度…奖).
        if let y = years.last(where: { $0.start >= sentence.range.lowerBound && $0.end <= q.leadStart }) {
            explicit = y.year
        } else if let y = years.first(where: { $0.start >= trailRange.lowerBound && $0.end <= trailRange.upperBound }) {
            explicit = y.year
        }
        var year: Int?
        if let e = explicit {
            year = e
        } else if let y = years.last(where: { $0.start >= line.lowerBound && $0.end <= q.leadStart }) {
            // a year earlier in the paragraph
            year = y.year
        } else {
            year = status == .target ? document.planYear : document.reportYear
        }
        // A year after the reported one, stated in a report about the past, is a plan.
        if status == .actual, let y = explicit, let r = document.reportYear, y > r,
           let p = document.published, y >= p.year, y > r {
            status = .target
        }
        if status == .actual, let y = year, let r = document.reportYear, y > r, explicit == nil {
            year = r
        }
        if previousYear, let y = year { return y - 1 }
        return year
    }

    static func tablePeriod(document: Document, cell: TableCell) -> Int? {
        // The table's caption: the nearest year above the table.
        if let y = document.years.last(where: { $0.end <= cell.rowRange.lowerBound }) { return y.year }
        return document.reportYear
    }
}

/// A place a figure is about when it is not the document's own region.
enum RegionRules {
    private static let placeSuffix: Set<Unicode.Scalar> = ["市", "县", "区", "州"]
    private static let notPlaces: Set<Unicode.Scalar> = Set("全我本该各两三多每此全省级直辖城地山县乡".unicodeScalars)

    /// A place name opening a clause of the sentence before `before` (`分市看,青川市研发经费…`).
    static func region(document: Document, sentence: Document.Sentence, before: Int) -> String? {
        let v = document.view
        var k = sentence.range.lowerBound
        var found: String?
        while k < before {
            let atStart = k == sentence.range.lowerBound || ",，;:、".unicodeScalars.contains(v[k - 1])
            if atStart {
                for len in 2...3 {
                    let e = k + len
                    guard e < before, placeSuffix.contains(v[e]) else { continue }
                    let name = Array(v[k..<e])
                    if name.contains(where: { notPlaces.contains($0) || !isHan($0) }) { continue }
                    // 市科技局, 县财政: an office, not a place.
                    if e + 1 < v.count, "科政委直属级属内外".unicodeScalars.contains(v[e + 1]) { continue }
                    let text = document.text(k..<(e + 1))
                    found = isSameAsDocument(text, document) ? nil : text
                    break
                }
            }
            k += 1
        }
        return found
    }

    static func isSameAsDocument(_ place: String, _ document: Document) -> Bool {
        guard let r = document.region else { return false }
        let a = TextNormalizer.matchingView(Array(place.unicodeScalars))
        let b = TextNormalizer.matchingView(Array(r.unicodeScalars))
        if a == b { return true }
        // 霁川 vs 霁川市
        return a.count >= 2 && (b.starts(with: a) || a.starts(with: b))
    }

    private static func isHan(_ c: Unicode.Scalar) -> Bool { c.value >= 0x4E00 && c.value <= 0x9FFF }
}
