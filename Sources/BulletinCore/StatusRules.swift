/// Tells plans and goals (`target`) from results (`actual`).
///
/// A figure is a target when, before it in its paragraph, a forward-looking cue appears
/// (目标, 力争, 确保, 计划…, 预计, 预期, 打算, 到2025年), or when its own sentence piece says
/// 将/要/拟/争取…达到. `完成…目标任务的198%` is a result, and 重要/主要/需要 are not 要.
enum StatusRules {
    private static let strongWords = ["力争", "确保", "预计", "预期", "打算", "目标", "计划", "规划到", "到20", "争取到", "奋斗目标", "下一步"]
    private static let strong = MultiPattern(strongWords.map { ($0, Array($0.unicodeScalars)) })
    private static let weak = MultiPattern(["将", "要", "拟", "争取"].map { ($0, Array($0.unicodeScalars)) })
    private static let goalVerbs: [[Unicode.Scalar]] = ["达到", "突破", "实现"].map { Array($0.unicodeScalars) }

    /// The offset of the first forward-looking cue in a paragraph, if any.
    static func firstStrongCue(_ v: [Unicode.Scalar], _ line: Range<Int>) -> Int? {
        var k = line.lowerBound
        while k < line.upperBound {
            if let (w, _) = strong.match(v, at: k, end: line.upperBound), isStrong(v, w, k) { return k }
            k += 1
        }
        return nil
    }

    /// Weak cues (将, 要, 拟, 争取) in a sentence: offset and whether it needs a goal verb after it.
    static func weakCues(_ v: [Unicode.Scalar], _ sentence: Range<Int>) -> [(Int, Bool)] {
        var out: [(Int, Bool)] = []
        var k = sentence.lowerBound
        while k < sentence.upperBound {
            if let (w, _) = weak.match(v, at: k, end: sentence.upperBound), isWeakCue(v, w, k) { out.append((k, w[0] == "争")) }
            k += 1
        }
        return out
    }

    /// Target when a strong cue comes earlier in the paragraph, or a weak cue earlier in the sentence.
    static func status(_ v: [Unicode.Scalar], strongCue: Int?, weakCues: [(Int, Bool)], figureStart: Int) -> FigureStatus {
        if let s = strongCue, s < figureStart { return .target }
        for (k, needsGoal) in weakCues where k < figureStart {
            if !needsGoal { return .target }
            // 争取上级资金 is a result; 争取…达到/突破 is a goal.
            if goalVerbs.contains(where: { v.containsScalars($0, in: k..<figureStart) }) { return .target }
        }
        return .actual
    }

    private static func isStrong(_ v: [Unicode.Scalar], _ w: [Unicode.Scalar], _ k: Int) -> Bool {
        switch (w[0], w.count) {
        case ("目", 2):
            // 完成全年目标任务的198%: a result.
            if v.containsScalars(Array("完成".unicodeScalars), in: max(0, k - 6)..<k) { return false }
            return !matches(v, Array("任务的".unicodeScalars), k + 2)
        case ("计", 2):
            // 科技计划项目, 惠民计划项目: programmes, not plans.
            return !matches(v, Array("项目".unicodeScalars), k + 2) && !matches(v, Array("专项".unicodeScalars), k + 2)
                && !matches(v, Array("单列".unicodeScalars), k + 2)
        case ("到", 3):
            // 到2025年
            return k + 5 < v.count && isASCIIDigit(v[k + 3]) && isASCIIDigit(v[k + 4]) && v[k + 5] == "年"
        default:
            return true
        }
    }

    private static func isWeakCue(_ v: [Unicode.Scalar], _ w: [Unicode.Scalar], _ k: Int) -> Bool {
        let prev: Unicode.Scalar = k > 0 ? v[k - 1] : " "
        let next: Unicode.Scalar = k + w.count < v.count ? v[k + w.count] : " "
        switch w[0] {
        case "将":
            return next != "近" && next != "其" && next != "于" && prev != "即"
        case "要":
            switch prev {
            case "重", "主", "需", "纲", "摘", "只", "必", "首", "紧": return false
            default: return next != "素" && next != "点" && next != "闻" && next != "是"
            }
        default:
            return true
        }
    }

    @inline(__always) static func matches(_ v: [Unicode.Scalar], _ w: [Unicode.Scalar], _ k: Int) -> Bool {
        guard k >= 0, k + w.count <= v.count, v[k] == w[0] else { return false }
        for j in 1..<w.count where v[k + j] != w[j] { return false }
        return true
    }
}

/// The year a figure describes.
enum PeriodRules {
    static func period(document: Document, sentence: Document.Sentence, quantity q: Quantity, lead: ScalarString,
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

    /// Place names opening a clause of the sentence (`分市看,青川市研发经费…`), with their offsets;
    /// `nil` names the document's own region.
    static func places(document: Document, sentence: Range<Int>) -> [(Int, String?)] {
        let v = document.view
        var out: [(Int, String?)] = []
        var k = sentence.lowerBound
        while k < sentence.upperBound {
            let atStart: Bool
            if k == sentence.lowerBound { atStart = true } else {
                switch v[k - 1] { case ",", "，", ";", ":", "、": atStart = true; default: atStart = false }
            }
            if atStart {
                for len in 2...3 {
                    let e = k + len
                    guard e < sentence.upperBound, placeSuffix.contains(v[e]) else { continue }
                    if v[k..<e].contains(where: { notPlaces.contains($0) || !isHan($0) }) { continue }
                    // 市科技局, 县财政: an office, not a place.
                    if e + 1 < v.count {
                        switch v[e + 1] { case "科", "政", "委", "直", "级", "属", "内", "外": continue; default: break }
                    }
                    let text = document.text(k..<(e + 1))
                    out.append((k, isSameAsDocument(text, document) ? nil : text))
                    break
                }
            }
            k += 1
        }
        return out
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
