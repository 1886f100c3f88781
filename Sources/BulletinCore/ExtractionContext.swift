/// The per-document analysis every plugin shares: candidates with topic, status, period and
/// region resolved once, in one pass over the document.
public struct ExtractionContext: Sendable {
    /// The document.
    public let document: Document
    /// Figures in sentences and tables, in text order.
    public let candidates: [Candidate]

    /// Analyses `document`.
    public init(document: Document) {
        self.document = document
        var out: [Candidate] = []
        out.reserveCapacity(document.quantities.count + document.tableCells.count)
        let view = document.view
        var qi = 0
        let qs = document.quantities
        var strongCues: [Int: Int?] = [:]
        for sentence in document.sentences {
            while qi < qs.count, qs[qi].start < sentence.range.lowerBound { qi += 1 }
            var inSentence: [Quantity] = []
            while qi < qs.count, qs[qi].start < sentence.range.upperBound { inSentence.append(qs[qi]); qi += 1 }
            if inSentence.isEmpty { continue }
            let cues = Topic.occurrences(in: view, sentence.range)
            let lineRange = document.lines[sentence.line].range
            if strongCues[sentence.line] == nil { strongCues[sentence.line] = StatusRules.firstStrongCue(view, lineRange) }
            let strongCue = strongCues[sentence.line] ?? nil
            let weakCues = StatusRules.weakCues(view, sentence.range)
            let places = RegionRules.places(document: document, sentence: sentence.range)
            let respectively = Self.respectively(view, sentence.range, inSentence, cues)
            let sentenceText = Self.string(view, sentence.range)
            for (k, q) in inSentence.enumerated() {
                let clauseStart = Self.clauseStart(view, before: q.leadStart, floor: sentence.range.lowerBound)
                let clauseEnd = Self.clauseEnd(view, after: q.trailEnd, ceiling: sentence.range.upperBound)
                let prevEnd = k > 0 ? inSentence[k - 1].trailEnd : sentence.range.lowerBound
                let leadLo = max(clauseStart, prevEnd)
                let nextStart = k + 1 < inSentence.count ? inSentence[k + 1].leadStart : sentence.range.upperBound
                let trailHi = max(q.trailEnd, min(clauseEnd, nextStart))
                let mapped = respectively[k]
                let cue: (Range<Int>, Topic)? = mapped.map { ($0.0, $0.1) } ?? cues.last { $0.0.upperBound <= q.leadStart }
                let trailCues = cues.filter { $0.0.lowerBound >= q.trailEnd && $0.0.upperBound <= trailHi }
                let lead = Self.string(view, leadLo..<max(leadLo, q.leadStart))
                let before = Self.string(view, sentence.range.lowerBound..<q.leadStart)
                let clause = Self.string(view, clauseStart..<max(clauseStart, q.leadStart))
                var status = StatusRules.status(view, strongCue: strongCue, weakCues: weakCues, figureStart: q.leadStart)
                let period = PeriodRules.period(document: document, sentence: sentence, quantity: q, lead: lead,
                                                trailRange: q.trailEnd..<trailHi, status: &status)
                out.append(Candidate(
                    quantity: q, lead: lead, trail: Self.string(view, q.trailEnd..<trailHi), before: before,
                    clause: clause, prefixWords: Self.string(view, q.leadStart..<q.start), sentence: sentenceText, topic: cue?.1, topicRange: cue?.0,
                    topicIsLocal: mapped != nil || (cue.map { $0.0.lowerBound >= leadLo } ?? false), trailTopics: trailCues,
                    status: status, period: period,
                    region: places.last(where: { $0.0 < q.leadStart })?.1,
                    inBreakdown: clause.hasPrefix("其中") || lead.hasPrefix("其中"), isTableCell: false,
                    evidenceRange: sentence.range,
                    leadRange: leadLo..<max(leadLo, q.leadStart), forcedChange: mapped?.2 ?? false, forcedDecline: mapped?.3 ?? false))
            }
        }
        // Table cells: the column header is the lead; the row label is the region.
        for cell in document.tableCells {
            let header = ScalarString(cell.header)
            let headerView = cell.growthOf.map { Array($0.unicodeScalars) } ?? Array(header.unicodeScalars)
            let cues = Topic.occurrences(in: headerView, 0..<headerView.count)
            let region: String? = cell.isTotalRow ? nil : cell.rowLabel.flatMap { label in
                RegionRules.isSameAsDocument(label, document) ? nil : label
            }
            let status = FigureStatus.actual
            let period = PeriodRules.tablePeriod(document: document, cell: cell)
            out.append(Candidate(
                quantity: cell.quantity, lead: header, trail: "", before: header,
                clause: header, prefixWords: "", sentence: header,
                topic: cues.last?.1, topicRange: nil, topicIsLocal: cues.last != nil, trailTopics: [],
                status: status, period: period, region: region, inBreakdown: false, isTableCell: true,
                evidenceRange: cell.rowRange, forcedChange: cell.growthOf != nil))
        }
        self.candidates = out
    }

    /// `A…，B…，分别增长25%和18%`: the N figures after 分别 belong, in order, to the last N distinct
    /// topics named before it; a change verb after 分别 (增长, 下降…) makes each a change.
    /// Returns, per figure index in the sentence, the topic range, topic, change and decline flags.
    static func respectively(_ v: [Unicode.Scalar], _ sentence: Range<Int>, _ qs: [Quantity],
                             _ cues: [(Range<Int>, Topic)]) -> [Int: (Range<Int>, Topic, Bool, Bool)] {
        var out: [Int: (Range<Int>, Topic, Bool, Bool)] = [:]
        let marker = Array("分别".unicodeScalars)
        var k = sentence.lowerBound
        while k + 1 < sentence.upperBound {
            defer { k += 1 }
            guard v[k] == marker[0], v[k + 1] == marker[1] else { continue }
            let clauseEnd = clauseEnd(v, after: k + 2, ceiling: sentence.upperBound)
            let figures = qs.indices.filter { qs[$0].start > k && qs[$0].end <= clauseEnd }
            guard figures.count >= 2 else { continue }
            var topics: [(Range<Int>, Topic)] = []
            for c in cues.reversed() where c.0.upperBound <= k && c.1 != .other {
                if !topics.contains(where: { $0.1 == c.1 }) { topics.insert(c, at: 0) }
                if topics.count == figures.count { break }
            }
            guard topics.count == figures.count else { continue }
            let verb = String(scalars: v[(k + 2)..<qs[figures[0]].start])
            let change = ["增长", "增加", "提高", "提升", "下降", "减少", "降低", "增幅", "增速"].contains { verb.contains($0) }
            let decline = ["下降", "减少", "降低"].contains { verb.contains($0) }
            for (i, f) in figures.enumerated() { out[f] = (topics[i].0, topics[i].1, change, decline) }
        }
        return out
    }

    static func string(_ v: [Unicode.Scalar], _ r: Range<Int>) -> ScalarString {
        guard r.lowerBound < r.upperBound else { return ScalarString(v[0..<0]) }
        return ScalarString(v[r])
    }

    private static func isClauseBreak(_ v: [Unicode.Scalar], _ k: Int) -> Bool {
        let c = v[k]
        if c == "," || c == "，" {
            // 1,086: a thousands separator is no clause break
            return !(k > 0 && k + 1 < v.count && isASCIIDigit(v[k - 1]) && isASCIIDigit(v[k + 1]))
        }
        return c == ";" || c == "；" || c == ":" || c == "：" || c == "。"
    }

    static func clauseStart(_ v: [Unicode.Scalar], before k: Int, floor: Int) -> Int {
        var j = k - 1
        while j >= floor {
            if isClauseBreak(v, j) { return j + 1 }
            j -= 1
        }
        return floor
    }

    static func clauseEnd(_ v: [Unicode.Scalar], after k: Int, ceiling: Int) -> Int {
        var j = k
        while j < ceiling {
            if isClauseBreak(v, j) { return j }
            j += 1
        }
        return ceiling
    }

    // MARK: Helpers for plugins

    /// The tier named just before `position` (`省`创新龙头企业, `市级`科技特派员, `澄川市`科学技术进步奖),
    /// looking back no further than `floor`; years, `年度` and quotes in between are skipped.
    public func level(before position: Int, floor: Int) -> Level? {
        let v = document.view
        var j = position - 1
        while j >= max(floor, 0) {
            let c = v[j]
            if c == "“" || c == "”" || c == "\"" || c == "'" || c == "「" || c == "」" || c == "年" || c == "度" || isASCIIDigit(c) || c == " " {
                j -= 1; continue
            }
            break
        }
        guard j >= max(floor, 0) else { return nil }
        let c = v[j]
        if c == "级", j >= 1 {
            switch v[j - 1] {
            case "国", "家": return .national
            case "省": return .provincial
            case "市": return .city
            case "县", "区": return .county
            default: return nil
            }
        }
        switch c {
        case "家": return j >= 1 && v[j - 1] == "国" ? .national : nil
        case "省": return .provincial
        case "市": return .city
        case "县", "区": return .county
        default: return nil
        }
    }

    /// Topic cues inside `range`, in order.
    public func topics(in range: Range<Int>) -> [(Range<Int>, Topic)] {
        guard range.lowerBound < range.upperBound else { return [] }
        return Topic.occurrences(in: document.view, range)
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

    /// Body text (original script) of `range`, trimmed of quotes at the ends only if unbalanced.
    public func bodyText(_ range: Range<Int>) -> String { document.text(range) }

    /// Makes an observation of `plugin` from a candidate.
    public func observation(_ c: Candidate, plugin: some ExtractorPlugin, key: String, unit: QuantityUnit,
                            value: ExactDecimal? = nil, level: Level? = nil, subject: String? = nil) -> Observation {
        Observation(plugin: plugin.name, pluginVersion: plugin.version, key: key, value: value ?? c.quantity.value,
                    unit: unit, approx: c.quantity.approx, status: c.status, period: c.period, level: level,
                    region: c.region, subject: subject,
                    evidence: Evidence(text: document.text(c.evidenceRange), start: c.quantity.start, end: c.quantity.end))
    }
}

extension Array where Element == Observation {
    /// Keeps `subject` on observations of `key` only when the document has several with
    /// different subjects (two kinds of bases, two prizes); a lone one needs no subject.
    public func subjectsOnlyWhenDistinct(forKey key: String, keeping keep: (Observation) -> Bool = { _ in false }) -> [Observation] {
        let subjects = Set(self.filter { $0.key == key }.map { $0.subject ?? "" })
        guard subjects.count <= 1 else { return self }
        return map { o in
            var o = o
            if o.key == key && !keep(o) { o.subject = nil }
            return o
        }
    }

    /// Applies the counting rule: one observation per figure, however often it is stated;
    /// ordered by evidence start.
    public func deduplicated() -> [Observation] {
        // A document yields tens of observations: a linear search beats hashing their strings.
        var seen: [Observation.Identity] = []
        var out: [Observation] = []
        for o in self.sorted(by: { $0.evidence.start < $1.evidence.start }) {
            let id = o.identity
            if seen.contains(id) { continue }
            seen.append(id)
            out.append(o)
        }
        return out
    }
}
