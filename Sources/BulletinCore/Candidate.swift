/// A figure in context: everything a plugin rule looks at to decide whether it is an
/// observation of one of its keys. Built once per document and shared by all plugins; the
/// figure's subject is resolved per plugin (``subject(for:)``), because each plugin has its own
/// boundary words.
public final class Candidate: Sendable {
    /// The figure.
    public let quantity: Quantity
    /// Text before the figure back to the previous figure or the start of its clause (matching view).
    public let lead: ScalarString
    /// Document offsets of `lead`.
    public let leadRange: Range<Int>
    /// Text after the figure up to the next figure or the end of its clause (matching view).
    public let trail: ScalarString
    /// The sentence up to the figure (matching view).
    public let before: ScalarString
    /// The clause up to the figure (matching view).
    public let clause: ScalarString
    /// The whole clause, in document offsets.
    public let clauseRange: Range<Int>
    /// Approximation and sign words written just before the number (近, 超过, 下降).
    public let prefixWords: ScalarString
    /// The whole sentence or table row (matching view).
    public let sentence: ScalarString
    /// Vocabulary words of the sentence (or of the table column's header), in order.
    public let hits: [CueHit]
    /// The vocabulary word naming what the figure counts, right after its measure word
    /// (`12名科技特派员`, `4个服务团`).
    public let headNoun: CueHit?
    /// The subject a 分别 list gives the figure (`A…、B…分别增长25%和18%`).
    public let mapped: CueHit?
    /// Set for the figures of a 分别 list whose verb is a change (分别增长25%和18%).
    public let forcedChange: Bool
    /// Set when that verb is a decline (分别下降3%和5%): every value of the list is negative.
    public let forcedDecline: Bool
    /// A subject carried from the previous sentence when this one only names its measure
    /// (`产值分别为…` after `高新技术产业产值…`) or opens with 其中.
    public let carried: CueHit?
    /// Actual or target.
    public let status: FigureStatus
    /// The year the figure describes.
    public let period: Int?
    /// A place the figure is about, other than the document's region (table rows, `青川市…`).
    public let region: String?
    /// True inside a `其中` clause that breaks an earlier figure down by anything but place.
    public let inBreakdown: Bool
    /// True for a figure qualifying a noun (`跨入100亿元的市州`, `10亿元以上的企业`): not a measurement.
    public let isAttributive: Bool
    /// True for a figure of one month written beside the cumulative figures of its year.
    public let isSingleMonth: Bool
    /// True for a figure in a line repeating the title.
    public let isHeadline: Bool
    /// True for a table cell.
    public let isTableCell: Bool
    /// For a table cell, its column header (matching view), which the hits index.
    public let header: [Unicode.Scalar]?
    /// The sentence (or table row) the evidence quotes, in document offsets.
    public let evidenceRange: Range<Int>

    init(
        quantity: Quantity,
        lead: ScalarString,
        leadRange: Range<Int>,
        trail: ScalarString,
        before: ScalarString,
        clause: ScalarString,
        clauseRange: Range<Int>,
        prefixWords: ScalarString,
        sentence: ScalarString,
        hits: [CueHit],
        headNoun: CueHit?,
        mapped: CueHit?,
        forcedChange: Bool,
        forcedDecline: Bool,
        carried: CueHit?,
        status: FigureStatus,
        period: Int?,
        region: String?,
        inBreakdown: Bool,
        isAttributive: Bool,
        isSingleMonth: Bool,
        isHeadline: Bool,
        isTableCell: Bool,
        header: [Unicode.Scalar]?,
        evidenceRange: Range<Int>,
        beforeSummary: ScalarSummary? = nil
    ) {
        self.quantity = quantity
        self.lead = lead
        self.leadRange = leadRange
        self.trail = trail
        self.before = before
        self.clause = clause
        self.clauseRange = clauseRange
        self.prefixWords = prefixWords
        self.sentence = sentence
        self.hits = hits
        self.headNoun = headNoun
        self.mapped = mapped
        self.forcedChange = forcedChange
        self.forcedDecline = forcedDecline
        self.carried = carried
        self.status = status
        self.period = period
        self.region = region
        self.inBreakdown = inBreakdown
        self.isAttributive = isAttributive
        self.isSingleMonth = isSingleMonth
        self.isHeadline = isHeadline
        self.isTableCell = isTableCell
        self.header = header
        self.evidenceRange = evidenceRange
        // Read by every plugin for every figure: computed once.
        // The context grows one summary along each sentence for all its figures.
        let beforeSummary = beforeSummary ?? ScalarSummary(before)
        let multi = Self.multiYear(clause: clause, before: before, beforeSummary: beforeSummary, period: period)
        self.flags = Flags(
            multiYear: multi,
            statesChange: Self.statesChange(
                forcedChange: forcedChange,
                isMultiYear: multi,
                prefixWords: prefixWords,
                lead: lead,
                clause: clause,
                before: before,
                trail: trail
            ),
            changeWordInLead: Self.changeWordIn(lead),
            lead: ScalarSummary(lead),
            trail: ScalarSummary(trail),
            clause: ScalarSummary(clause),
            before: beforeSummary
        )
    }

    /// Facts about the wording, computed once at construction.
    private struct Flags: Sendable {
        var multiYear: Bool
        var statesChange: Bool
        var changeWordInLead: Bool
        /// ``ScalarSummary`` of lead, trail, clause and before.
        var lead: ScalarSummary, trail: ScalarSummary, clause: ScalarSummary, before: ScalarSummary
    }
    private let flags: Flags

    /// A copy about another place (one figure shared by a list of places: `浙江、江苏增速超过40%`).
    func about(_ place: String?) -> Candidate {
        Candidate(
            quantity: quantity,
            lead: lead,
            leadRange: leadRange,
            trail: trail,
            before: before,
            clause: clause,
            clauseRange: clauseRange,
            prefixWords: prefixWords,
            sentence: sentence,
            hits: hits,
            headNoun: headNoun,
            mapped: mapped,
            forcedChange: forcedChange,
            forcedDecline: forcedDecline,
            carried: carried,
            status: status,
            period: period,
            region: place,
            inBreakdown: inBreakdown,
            isAttributive: isAttributive,
            isSingleMonth: isSingleMonth,
            isHeadline: isHeadline,
            isTableCell: isTableCell,
            header: header,
            evidenceRange: evidenceRange
        )
    }

    /// What the figure is about, for plugin `p`.
    public struct Subject: Sendable {
        /// The word naming it.
        public var hit: CueHit
        /// `p`'s subject index when the word is `p`'s cue; nil when it names another subject.
        public var index: Int?
        /// True when the word is in the figure's own stretch of text (its lead, or right after it),
        /// not carried from an earlier clause.
        public var isLocal: Bool
        /// True when the word follows the figure (`12名科技特派员`).
        public var isHeadNoun: Bool
    }

    /// The subject of the figure for plugin `p`: the 分别 list's, else the noun right after the
    /// figure, else the nearest word before it in its sentence that names a subject for `p`, else
    /// one carried from the sentence before.
    public func subject(for p: Int) -> Subject? {
        if let m = mapped, m.isSubject(for: p) {
            return Subject(hit: m, index: m.subject(of: p), isLocal: true, isHeadNoun: false)
        }
        if let h = headNoun, h.isSubject(for: p) {
            return Subject(hit: h, index: h.subject(of: p), isLocal: true, isHeadNoun: true)
        }
        let limit = isTableCell ? Int.max : quantity.leadStart
        if let h = hits.last(where: { $0.range.upperBound <= limit && $0.isSubject(for: p) }) {
            let local = isTableCell || h.range.lowerBound >= leadRange.lowerBound
            return Subject(hit: h, index: h.subject(of: p), isLocal: local, isHeadNoun: false)
        }
        if let c = carried, c.isSubject(for: p) {
            return Subject(hit: c, index: c.subject(of: p), isLocal: false, isHeadNoun: false)
        }
        return nil
    }

    /// Vocabulary words after the figure in its clause, in order.
    public var trailHits: [CueHit] {
        isTableCell
            ? []
            : hits.filter { $0.range.lowerBound >= quantity.trailEnd && $0.range.upperBound <= clauseRange.upperBound }
    }

    // MARK: What the figure states about its subject

    /// True when the figure is a year-on-year change: 增长, 增速, 同比, 比上年, 下降…, not a
    /// change over several years (年均, 近五年, 比2015年) and not last year's value (比上年的).
    public var isChange: Bool {
        switch quantity.unit {
        case .percent, .times, .percentagePoints: break
        default: return false
        }
        return statesChange
    }

    /// True when an amount is stated as an increase or decrease (`较上年增加26家`,
    /// `较上年增长3.6亿元`), not as the level reached (`增加到102家`).
    public var isIncrement: Bool {
        switch quantity.unit {
        case .percent, .times, .percentagePoints: return false
        default: break
        }
        if Self.levelWords.occurs(in: lead) { return false }
        return statesChange || isMultiYear && changeWordInLead
    }

    private var changeWordInLead: Bool { flags.changeWordInLead }

    private static func changeWordIn(_ lead: ScalarString) -> Bool {
        let l = lead.removingAll("增加值")
        return changeWords.occurs(in: l)
    }

    private var statesChange: Bool { flags.statesChange }

    private static func statesChange(
        forcedChange: Bool,
        isMultiYear: Bool,
        prefixWords: ScalarString,
        lead: ScalarString,
        clause: ScalarString,
        before: ScalarString,
        trail: ScalarString
    ) -> Bool {
        if forcedChange { return true }
        if isMultiYear { return false }
        // 比重由67.5%增长到80.2%: the level reached, not a change.
        if reachedWords.isSuffix(of: lead) {
            // …but a growth rate that rose to a level is still a growth rate (增幅由6.2%上升至7.5%).
            return rateWords.occurs(in: clause)
        }
        if declineWords.occurs(in: prefixWords) { return true }
        // 比上年的0.96亿元: last year's value, not a change
        if lead.hasSuffix("上年的") || lead.hasSuffix("去年的") || lead.hasSuffix("上年同期的") { return false }
        // 增加值 is value added, not an increase
        let l = lead.removingAll("增加值")
        if changeWords.occurs(in: l) { return true }
        // 增速较快，达到24.5%: a clause that only links back to the rate named before it.
        if ["达到", "达", "为", "是"].contains(where: { lead.hasPrefix($0) }) || lead.isEmpty {
            let c = clause.removingAll("增加值")
            let b = before.unicodeScalars
            let prev = ScalarString(b[b.startIndex..<max(b.startIndex, b.endIndex - c.count)])
            if ["增速", "增幅", "增长率"].contains(where: { prev.hasSuffix($0 + ",") || prev.hasSuffix($0 + "较快,") }) {
                return true
            }
        }
        // 18.5%的平均增速: the figure is itself a rate of growth.
        return trail.hasPrefix("的") && growthRateWords.occurs(in: trail)
    }

    /// Words of the level an amount reached (增加到102家), not of an increase.
    private static let levelWords: WordList = [
        "增加到", "增加至", "增至", "增长到", "增长至", "提高到", "提高至", "扩大到", "达到", "上升到",
    ]
    private static let declineWords: WordList = ["下降", "减少", "降低"]
    private static let growthRateWords: WordList = ["增速", "增幅", "增长率"]
    private static let comparedWords: WordList = ["较", "比"]
    private static let programmeStartWords: WordList = ["初期", "实施前", "启动前"]
    private static let averageValueWords: WordList = ["均值", "平均值"]
    private static let shareWords: WordList = ["占", "比重", "比例", "之比", "相当于"]
    private static let outputWords: WordList = ["GDP", "生产总值", "国民生产"]
    private static let aimWords: WordList = ["目标", "任务"]
    private static let completedWords: WordList = ["完成", "的"]

    private static let changeWords: WordList = [
        "增长", "增速", "增幅", "同比", "比上年", "较上年", "比去年", "较去年", "上升", "增加", "提高",
        "提升", "下降", "减少", "降低", "增长率",
    ]
    private static let reachedWords: WordList = [
        "增长到", "增长至", "提高到", "提高至", "上升到", "上升至", "增加到", "增加至", "增至", "升至", "跃升至", "扩大到", "扩大至",
    ]
    private static let averageWords: WordList = ["年均", "年平均", "复合"]
    private static let rateWords: WordList = ["增幅", "增速", "增长率", "增长速度"]
    private static let yearlyWords: WordList = ["同比", "比上年", "较上年", "比去年", "较去年", "今年", "本年"]
    private static let spanWords: WordList = ["过去", "近年", "年来"]
    private static let perUnitWords: WordList = [
        "每户", "每家", "每个", "每项", "每名", "每人", "每县", "每乡", "每镇", "每村", "平均每", "户均", "人均", "单个", "单户",
        "每平方", "每百平方", "每千平方", "每万平方", "均值", "平均值",
    ]
    private static let movedWords: WordList = ["跃升至", "跃升到", "提高到", "提高至", "上升到", "上升至", "增长到", "增长至", "增至", "升至"]

    /// True for a change over several years: 年均, 近五年, 三年来, 比2015年, 较2013年 (unless that
    /// is the year just before the figure's).
    public var isMultiYear: Bool { flags.multiYear }

    private static func multiYear(
        clause: ScalarString,
        before: ScalarString,
        beforeSummary: ScalarSummary,
        period: Int?
    ) -> Bool {
        if multiYear(clause, period: period) { return true }
        // A sentence opening with its span: 近三年，…
        let b = before.unicodeScalars
        if let comma = b.firstIndex(where: { $0 == "," || $0 == "，" }), comma - b.startIndex <= 12 {
            return multiYear(ScalarString(b[b.startIndex..<comma]), period: period)
        }
        // …在过去五年从235亿元增至1066亿元，增加了353.6%: a span named earlier in the sentence, when
        // the figure's own clause names no year and no year-on-year comparison.
        let yearly = yearlyWords.occurs(in: clause) || clause.unicodeScalars.contains { $0 == "年" }
        // The summary rules out most sentences without a scan (a scan per figure of the sentence
        // before it).
        if !yearly, spanWords.occurs(in: before, summary: beforeSummary), spanIn(before) { return true }
        return false
    }

    /// True for 过去N年, 近N年 or N年来 in `s`.
    private static func spanIn(_ s: ScalarString) -> Bool {
        let v = s.unicodeScalars
        var k = v.startIndex
        while k + 2 < v.endIndex {
            if (v[k] == "近" || v[k] == "去") && isNumeral(v[k + 1]) && v[k + 2] == "年" { return true }
            if isNumeral(v[k]) && v[k + 1] == "年" && v[k + 2] == "来" { return true }
            k += 1
        }
        return false
    }

    private static func multiYear(_ l: ScalarString, period: Int?) -> Bool {
        if averageWords.occurs(in: l) { return true }
        // 较跃升计划实施初期增长了近三倍: the base is the start of a programme, years back.
        if comparedWords.occurs(in: l) && programmeStartWords.occurs(in: l) {
            return true
        }
        let s = l.unicodeScalars
        var k = s.startIndex
        while k < s.endIndex {
            // 近5年, 近五年, 过去五年, 5年来, 三年来, 以来
            if s[k] == "近", k + 2 < s.endIndex, isNumeral(s[k + 1]), s[k + 2] == "年" { return true }
            if s[k] == "过", k + 3 < s.endIndex, s[k + 1] == "去", isNumeral(s[k + 2]), s[k + 3] == "年" { return true }
            if isNumeral(s[k]), k + 2 < s.endIndex, s[k + 1] == "年", s[k + 2] == "来" || s[k + 2] == "间" { return true }
            // 三年净增13家, 两年新增6家: a span's additions.
            if isNumeral(s[k]), k + 3 < s.endIndex, s[k + 1] == "年",
                s[k + 2] == "净" || s[k + 2] == "新" || s[k + 2] == "累",
                k == s.startIndex || !isNumeral(s[k - 1])
            {
                return true
            }
            if s[k] == "以", k + 1 < s.endIndex, s[k + 1] == "来", k - s.startIndex >= 2,
                !(s[k - 1] == "年" && s[k - 2] == "今")
            {
                return true
            }
            // 比2015年, 较2013年
            if s[k] == "比" || s[k] == "较", k + 5 < s.endIndex, (1...4).allSatisfy({ isASCIIDigit(s[k + $0]) }),
                s[k + 5] == "年"
            {
                let y = (1...4).reduce(0) { $0 * 10 + Int(s[k + $1].value - 48) }
                if let p = period, y == p - 1 {
                    k += 1
                    continue
                }
                return true
            }
            k += 1
        }
        return false
    }

    /// An ASCII digit or 一二两三四五六七八九十 (a switch, not a lazy global read per scalar).
    @inline(__always) private static func isNumeral(_ c: Unicode.Scalar) -> Bool {
        if isASCIIDigit(c) { return true }
        switch c {
        case "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十": return true
        default: return false
        }
    }

    /// True for a count of places (`167个县(市、区)`, `58个"三区"县`), not of the things the
    /// sentence is about.
    public var countsPlaces: Bool {
        let s = trail.unicodeScalars
        var i = s.startIndex
        if i < s.endIndex, scalars2.contains(s[i]),
            let close = s[(i + 1)...].prefix(8).firstIndex(where: { scalars3.contains($0) })
        {
            i = close + 1
        }
        // 16个城市出现了…: cities too.
        if i + 1 < s.endIndex, s[i] == "城", s[i + 1] == "市" { return true }
        guard i < s.endIndex, scalars4.contains(s[i]) else { return false }
        // 20个省科技特派员服务团, 5个市级团队: a tier, not places.
        let next: Unicode.Scalar = i + 1 < s.endIndex ? s[i + 1] : " "
        if scalars5.contains(next) { return false }
        return s[i] != "省" || scalars6.contains(next)
    }

    /// True for the sum of a named group (`武汉、鄂州…等5地…合计`, `…等五大优势产业…成交额`): no
    /// place's nor the whole's figure (rule 4).
    public var isGroupSum: Bool {
        // The group's growth after its sum: 等5地…合计1800亿元，同比增长30.98%.
        Self.namesGroup(lead) || isChange && lead.count <= 6 && !lead.contains("全") && Self.namesGroup(before)
    }

    private static func namesGroup(_ text: ScalarString) -> Bool {
        let s = text.unicodeScalars
        var k = s.startIndex
        while k + 2 < s.endIndex {
            if s[k] == "等" {
                var j = k + 1
                while j < s.endIndex, Self.isNumeral(s[j]) { j += 1 }
                if j > k + 1, j < s.endIndex, scalars7.contains(s[j]) { return true }
            }
            k += 1
        }
        return false
    }

    /// True for the starting value of a move within one year (`增幅由一季度的7.4%上升至8.4%`): the
    /// later value is the figure. A start in another named year (`从2016年的2.1%增长至…`) is that
    /// year's figure and stays.
    public var isStartingValue: Bool {
        let t = trail.unicodeScalars
        guard let first = t.first,
            "上提增升下降减扩跃".unicodeScalars.contains(first)
        else { return false }
        let moved = [
            "上升至", "上升到", "提高至", "提高到", "增长至", "增长到", "增加至", "增加到", "增至", "升至", "下降至", "下降到",
            "降至", "减少至", "减少到", "扩大至", "扩大到", "跃升至", "跃升到",
        ]
        guard moved.contains(where: { trail.hasPrefix($0) }) else { return false }
        let l = lead.unicodeScalars
        guard let from = l.lastIndex(where: { $0 == "由" || $0 == "从" }) else { return false }
        var k = from
        var digits = 0
        while k < l.endIndex {
            digits = isASCIIDigit(l[k]) ? digits + 1 : 0
            if digits == 4 { return false }
            k += 1
        }
        return true
    }

    /// True for the figures of named organisations ranked in the sentence (`成交额前三名的高校分别是
    /// 湖南大学、中南大学…，分别为4.40亿元、3.06亿元`): no place's figure.
    public var isRankedUnits: Bool {
        let s = before.unicodeScalars
        var k = s.startIndex
        while k + 3 < s.endIndex {
            if s[k] == "前" {
                var j = k + 1
                while j < s.endIndex, Self.isNumeral(s[j]) { j += 1 }
                if j > k + 1, j < s.endIndex, s[j] == "名" || s[j] == "位" {
                    var e = j + 1
                    if e < s.endIndex, s[e] == "的" { e += 1 }
                    let rest = ScalarString(s[e..<min(s.endIndex, e + 4)])
                    if ["高校", "企业", "单位", "院所", "机构", "大学", "医院", "科研"].contains(where: { rest.hasPrefix($0) }) {
                        return true
                    }
                }
            }
            k += 1
        }
        return false
    }

    /// True for an amount per unit: 平均每户, 每家, 户均, 人均.
    public var isPerUnit: Bool {
        // 每年选派800名 (a yearly quota), 每平方公里12家 (a density), 均值由…增加至… (an average of places).
        Self.perUnitWords.occurs(in: lead) || Self.averageValueWords.occurs(in: clause)
            // 平均成交额277.19万元: an average amount, not the place's total.
            || quantity.unit != .percent && lead.contains("平均") && !lead.contains("平均增")
    }

    /// True when the figure is a share: 占…比重, 占比, 比例, 之比.
    public var isShare: Bool {
        // In a list (…比重分别为52.3%、49.8%), the measure is named once for all its figures.
        // …比重由4.02%跃升至5.81%: the level a share moved to is the share.
        let moved = Self.movedWords.isSuffix(of: lead)
        // 从…占…比重来看，A、B、C分别以64.0%、52.3%、44.9%居前三: the measure named for the whole sentence.
        let respectively = lead.contains("分别") || mapped == nil && lead.hasPrefix("、") && before.contains("分别")
        let l =
            (respectively
            ? before
            : lead.unicodeScalars.contains(where: Places.isHan) && !lead.hasPrefix("和") && !moved ? lead : clause)
            .removingAll("占地")
        return Self.shareWords.occurs(in: l)
    }

    /// True when the share is of the economy's output (GDP, 地区生产总值).
    public var isShareOfGDP: Bool {
        isShare && Self.outputWords.occurs(in: clause)
    }

    /// True for 完成…目标(任务)的198%.
    public var isCompletion: Bool {
        quantity.unit == .percent && Self.aimWords.occurs(in: lead) && Self.completedWords.occurs(in: lead)
    }

    /// `lead` without quoted names (“…”, 《…》): project and list names say nothing about the figure.
    public var leadOutsideQuotes: ScalarString {
        var out: [Unicode.Scalar] = []
        var depth = 0
        for c in lead.unicodeScalars {
            if c == "“" || c == "《" || c == "「" {
                depth += 1
                continue
            }
            if c == "”" || c == "》" || c == "」" {
                depth = max(0, depth - 1)
                continue
            }
            if depth == 0 { out.append(c) }
        }
        return ScalarString(out[...])
    }

    /// True when `lead` contains any of `words`.
    public func leadHas(_ words: [String]) -> Bool { words.contains { flags.lead.may($0) && lead.contains($0) } }
    /// True when `trail` contains any of `words`.
    public func trailHas(_ words: [String]) -> Bool {
        words.contains { flags.trail.may($0) && trail.contains($0) }
    }
    /// True when the clause before the figure contains any of `words`.
    public func clauseHas(_ words: [String]) -> Bool {
        words.contains { flags.clause.may($0) && clause.contains($0) }
    }
    /// True when the sentence before the figure contains any of `words`.
    public func beforeHas(_ words: [String]) -> Bool {
        words.contains { flags.before.may($0) && before.contains($0) }
    }

    // The same tests with a precompiled list (a `static let` of the caller): no String is decoded
    // per test, and the summary test reads two precomputed bit positions per word.

    /// True when `lead` contains any of `words`.
    public func leadHas(_ words: WordList) -> Bool { words.occurs(in: lead, summary: flags.lead) }
    /// True when `trail` contains any of `words`.
    public func trailHas(_ words: WordList) -> Bool { words.occurs(in: trail, summary: flags.trail) }
    /// True when the clause before the figure contains any of `words`.
    public func clauseHas(_ words: WordList) -> Bool { words.occurs(in: clause, summary: flags.clause) }
    /// True when the sentence before the figure contains any of `words`.
    public func beforeHas(_ words: WordList) -> Bool { words.occurs(in: before, summary: flags.before) }

}

extension String {
    /// `self` with every occurrence of `target` replaced.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars2 = ScalarSet("\"“‘「『")
private let scalars3 = ScalarSet("\"”’」』")
private let scalars4 = ScalarSet("县市区乡镇村省州")
private let scalars5 = ScalarSet("级科委直属")
private let scalars6 = ScalarSet("份、(（区市自")
private let scalars7 = ScalarSet("地个大家市县区省类")
