/// What one plugin sees of a document's shared analysis: the candidates, with each figure's
/// subject resolved for this plugin, and helpers to read tiers and names and make observations.
public struct ExtractionScope: Sendable {
    /// The shared analysis.
    public let context: ExtractionContext
    /// This plugin's index in the lexicon.
    public let index: Int
    /// This plugin's name.
    public let plugin: String

    public init(context: ExtractionContext, index: Int) {
        self.context = context
        self.index = index
        self.plugin = context.lexicon.plugins[index]
    }

    /// The document.
    public var document: Document { context.document }
    /// Figures in sentences and tables, in text order.
    public var candidates: [Candidate] { context.candidates }

    /// What `c` is about, for this plugin.
    public func subject(of c: Candidate) -> Candidate.Subject? { c.subject(for: index) }

    /// True when one of this plugin's subset modifiers stands between the start of `c`'s clause
    /// (or its lead) and its subject word: `上市的国家级高新技术企业`, `全省高校技术合同成交额`.
    /// The subject's own clause counts, so a figure carried from a subset stays one (`上市的国家级
    /// 高新技术企业4家，较上年增加2家`); for a noun after the figure, the words between them
    /// (`152名领办创办类型科技特派员`).
    /// True for a figure after 其中 that names another of this plugin's subjects than the figure
    /// it follows (`科技经费支出116.4亿元，其中R&D经费支出71.94亿元`): that subject's own figure, not a
    /// part of the same key (rule 4).
    public func isDistinctPart(_ c: Candidate) -> Bool {
        guard c.inBreakdown, c.clause.contains("其中"), let s = subject(of: c), s.isLocal, let own = s.index else {
            return false
        }
        guard let k = candidates.firstIndex(where: { $0 === c }) else { return false }
        var j = k - 1
        while j >= 0, candidates[j].evidenceRange.lowerBound >= c.evidenceRange.lowerBound - 200 {
            let p = candidates[j]
            if !p.inBreakdown, p.quantity.unit == c.quantity.unit || p.quantity.isMoneyLike && c.quantity.isMoneyLike {
                guard let ps = subject(of: p) else { return false }
                return ps.index != nil && ps.index != own
            }
            j -= 1
        }
        return false
    }

    /// True when the figure's own lead names one of this plugin's subset modifiers (高校作为第一完成
    /// 单位共获奖11项): the figure counts a part, whatever its subject.
    public func leadNamesSubset(_ c: Candidate) -> Bool {
        !c.isTableCell && !c.leadRange.isEmpty
            && context.lexicon.hasSubsetModifier(index, in: document.view, c.leadRange)
    }

    public func isSubset(_ c: Candidate, _ s: Candidate.Subject) -> Bool {
        guard !c.isTableCell else { return false }
        let v = document.view
        if s.isHeadNoun {
            let gap = ScalarString(v[c.quantity.trailEnd..<max(c.quantity.trailEnd, s.hit.range.lowerBound)])
            return gap.contains("类") || gap.contains("的")
                || context.lexicon.hasSubsetModifier(
                    index,
                    in: v,
                    c.quantity.trailEnd..<s.hit.range.lowerBound
                )
        }
        // A subject carried from an earlier clause, qualified in the figure's own (…高新技术企业规模
        // 不断壮大，收入上亿企业数量达到1623家): a part too.
        if !s.isLocal, !c.leadRange.isEmpty, context.lexicon.hasSubsetModifier(index, in: v, c.leadRange) {
            return true
        }
        let to = s.hit.range.lowerBound
        let from = Clauses.start(v, before: to, floor: 0)
        guard from < to else { return false }
        if context.lexicon.hasSubsetModifier(index, in: v, from..<to) { return true }
        // A restrictive 的-phrase or a threshold right before the subject (上市的…, 亿元以上…, …类),
        // but not a place's own (宝安区的, 全市的).
        let gap = ScalarString(v[from..<to])
        if gap.hasSuffix("类") { return true }
        if context.lexicon.vocabularies[index].directSubsetModifiers.contains(where: { gap.hasSuffix($0) }) {
            return true
        }
        if gap.hasSuffix("的") && !Self.isPlaceList(Array(v[from..<(to - 1)])) { return true }
        // A threshold of size (亿元以上), not of tier (省级以上).
        for w in ["以上", "以下"] {
            if let at = gap.firstOffset(of: w), at > 0 {
                let before = gap.unicodeScalars[gap.unicodeScalars.startIndex + at - 1]
                if scalars1.contains(before) || before.value >= 48 && before.value <= 57 { return true }
            }
        }
        return false
    }

    /// True for words that only name places: 宝安区, 全市, 南屏县、北溪县、云台县三个县, 各县.
    static func isPlaceList(_ head: [Unicode.Scalar]) -> Bool {
        var k = Clauses.skipTimeWords(head, from: 0, end: head.count)
        guard k < head.count else { return false }
        while k < head.count {
            if let m = Places.match(head, at: k, end: head.count) {
                k = m.range.upperBound
                continue
            }
            if Places.selfReference(head, at: k) != nil {
                k += 2
                continue
            }
            if scalars2.contains(head[k]) || isASCIIDigit(head[k]) {
                k += 1
                continue
            }
            return false
        }
        return true
    }

    /// The text `range` indexes for `c`: the table header for a cell, else the document's view.
    public func view(for c: Candidate) -> [Unicode.Scalar] { c.header ?? document.view }

    /// The tier named just before `position` (`省`创新龙头企业, `市级`科技特派员, `澄川市`科学技术进步奖),
    /// looking back no further than `floor`; years, `年度` and quotes in between are skipped.
    /// `全省`/`全市` name a tier only for lists and prizes (`全省十大科技创新成果`), not for a
    /// place's own firms or people (`全市高新技术企业`): pass `ownPlaceIsTier` for those.
    public func level(before position: Int, floor: Int, in v: [Unicode.Scalar]? = nil, ownPlaceIsTier: Bool = false)
        -> Level?
    {
        let v = v ?? document.view
        var j = position - 1
        while j >= max(floor, 0) {
            let c = v[j]
            if c == "“" || c == "”" || c == "\"" || c == "'" || c == "「" || c == "」" || c == "年" || c == "度"
                || isASCIIDigit(c) || c == " "
            {
                j -= 1
                continue
            }
            break
        }
        guard j >= max(floor, 0) else { return nil }
        var c = v[j]
        // 市派, 省派, 县派: sent by that tier.
        if c == "派", j >= 1, scalars3.contains(v[j - 1]) {
            j -= 1
            c = v[j]
        }
        if c == "级", j >= 1 {
            switch v[j - 1] {
            case "国", "家": return .national
            case "省": return .provincial
            case "市": return .city
            case "县", "区": return .county
            default: return nil
            }
        }
        // 全市, 全省, 我市…: the text's own place, not a tier.
        if !ownPlaceIsTier, j >= 1, v[j - 1] == "全" || v[j - 1] == "我" || v[j - 1] == "本" || v[j - 1] == "该", c != "国" {
            return nil
        }
        switch c {
        case "家": return j >= 1 && v[j - 1] == "国" ? .national : nil
        case "国": return j >= 1 && v[j - 1] == "全" ? .national : nil
        case "省": return .provincial
        case "市": return .city
        case "县", "区": return .county
        default: return nil
        }
    }

    /// Offset just past the first occurrence of any of `words` in `range`, if any.
    public func end(ofFirst words: [String], in range: Range<Int>) -> Int? {
        let v = document.view
        var best: Int?
        for w in words {
            let ws = Array(w.unicodeScalars)
            var k = range.lowerBound
            while k + ws.count <= range.upperBound {
                if v.hasScalars(ws, at: k) {
                    if best == nil || k + ws.count < best! { best = k + ws.count }
                    break
                }
                k += 1
            }
        }
        return best
    }

    /// Body text (original script) of `range`.
    public func bodyText(_ range: Range<Int>) -> String { document.text(range) }

    /// Makes an observation of this plugin from a candidate.
    public func observation(
        _ c: Candidate,
        key: String,
        unit: QuantityUnit,
        value: ExactDecimal? = nil,
        level: Level? = nil,
        subject: String? = nil,
        status: FigureStatus? = nil
    ) -> Observation {
        Observation(
            plugin: plugin,
            pluginVersion: "",
            key: key,
            value: value ?? c.quantity.value,
            unit: unit,
            approx: c.quantity.approx,
            status: status ?? c.status,
            period: c.period,
            level: level,
            region: c.region,
            subject: subject,
            evidence: Evidence(
                text: context.evidenceTexts.text(c.evidenceRange, of: document),
                start: c.quantity.start,
                end: c.quantity.end
            )
        )
    }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet("元人家万亿千百十")
private let scalars2 = ScalarSet("、和及与各两三四五六七八九十个这些市县区省")
private let scalars3 = ScalarSet("省市县区")
