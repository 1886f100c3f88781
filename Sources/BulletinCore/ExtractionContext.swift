/// The per-document analysis every plugin shares: candidates with their words, status, period and
/// region resolved once, in one pass over the document.
public struct ExtractionContext: Sendable {
    /// The document.
    public let document: Document
    /// Every plugin's words, merged.
    public let lexicon: Lexicon
    /// Figures in sentences and tables, in text order.
    public let candidates: [Candidate]
    /// The first candidate of each figure, by the figure's start offset.
    public let candidateAt: [Int: Candidate]
    /// The evidence strings of the observations made so far, shared by the plugins.
    let evidenceTexts = EvidenceTexts()

    /// Analyses `document` with the words of `lexicon`.
    public init(document: Document, lexicon: Lexicon) {
        self.document = document
        self.lexicon = lexicon
        var out: [Candidate] = []
        out.reserveCapacity(document.quantities.count + document.tableCells.count)
        let view = document.view
        let qs = document.quantities
        var qi = 0
        var previousHits: [CueHit] = []
        // Sentences of the line without figures, after the one `previousHits` was taken from: their
        // words are looked up only when a later figure needs a carried subject (most never do, and
        // the lookup was a sixth of the context's time).
        var unscanned: [Range<Int>] = []
        // `previousHits` as if every sentence before had been scanned: the last of them naming a subject.
        func resolvedPreviousHits() -> [CueHit] {
            while let r = unscanned.popLast() {
                let h = lexicon.hits(in: view, r)
                if Self.namesSubject(h) {
                    previousHits = h
                    unscanned.removeAll()
                }
            }
            return previousHits
        }
        var previousLine = -1
        var previousHadFigure = false
        var previousParallel = false  // the sentence before ended with ；: same subject, next item
        // The figures of the last sentence that had some (their units are compared only for parallel items).
        var previousFigures: [Quantity] = []
        // Lead-ins announcing targets: the colon's offset in its line, and the list lines after it.
        var leadIn: (line: Int, colon: Int)?
        for sentence in document.sentences {
            let line = document.lines[sentence.line]
            if sentence.line != previousLine {
                previousHits = []
                unscanned.removeAll()
                previousHadFigure = false
                previousParallel = false
                // A lead-in ending its line announces the list items after it.
                if let l = leadIn, l.line != sentence.line {
                    let ended = document.lines[l.line].range.upperBound - 1 <= l.colon
                    let item = Document.Line.startsItem(view[line.range])
                    if !(ended && (sentence.line == l.line + 1 || item)) { leadIn = nil }
                }
            }
            defer { previousLine = sentence.line }
            if leadIn?.line != sentence.line, let colon = StatusRules.leadInColon(view, sentence.range) {
                leadIn = (sentence.line, colon)
            }
            while qi < qs.count, qs[qi].start < sentence.range.lowerBound { qi += 1 }
            var inSentence: [Quantity] = []
            while qi < qs.count, qs[qi].start < sentence.range.upperBound {
                inSentence.append(qs[qi])
                qi += 1
            }
            // “400万吨/年煤间接液化…”等18项成果: numbers inside a quoted title are part of a name.
            let quoted = Self.quotedSpans(view, sentence.range)
            let unquotedCount = inSentence.count
            if !quoted.isEmpty {
                inSentence.removeAll { q in quoted.contains { $0.contains(q.start) && $0.contains(q.end - 1) } }
            }
            defer {
                previousHadFigure = !inSentence.isEmpty
                let last = view[sentence.range.upperBound - 1]
                previousParallel = last == ";" || last == "；"
                if !inSentence.isEmpty { previousFigures = inSentence }
            }
            if inSentence.isEmpty {
                unscanned.append(sentence.range)
                continue
            }
            let hits = lexicon.hits(in: view, sentence.range)
            defer {
                if Self.namesSubject(hits) {
                    previousHits = hits
                    unscanned.removeAll()
                }
            }
            let respectively = Respectively.map(view, sentence: sentence.range, quantities: inSentence, hits: hits)
            let sentenceText = Self.string(view, sentence.range)
            let full = Self.fullSentence(view, sentence.range, line: line.range)
            // The full sentence is only looked at when it reaches further back: on the sentence itself,
            // with the same figures, it finds no breakdown before the sentence that the first look missed.
            let sameFigures = full == sentence.range && inSentence.count == unquotedCount
            // The clause starts, found once for the sentence's breakdown and every figure's region
            // (which looked for them again per figure, from the sentence start: ~0.5% of extraction).
            let clauseStarts = Clauses.starts(view, sentence.range)
            let breakdownAt =
                Self.breakdownStart(
                    view,
                    sentence.range,
                    inSentence,
                    starts: clauseStarts,
                    previousHadFigure: previousHadFigure
                )
                ?? (sameFigures || !Self.mayBreakDown(view, full, document.quantities)
                    ? nil
                    : Self.breakdownStart(
                        view,
                        full,
                        Self.quantities(document.quantities, startingIn: full),
                        starts: Clauses.starts(view, full),
                        previousHadFigure: false
                    )
                    .flatMap { $0 < sentence.range.lowerBound ? sentence.range.lowerBound - 1 : nil })
            let columnPlan = line.columnHeader.map { TableCell.isPlanHeader($0) } ?? false
            let firstCue = StatusRules.firstCueOpening(view, full)
            var sentenceCarried: CueHit?  // once carried into the sentence, the subject stays for its figures
            // The summary of the sentence up to the figure, grown from figure to figure.
            var beforeSummary = ScalarSummary()
            var beforeEnd = sentence.range.lowerBound
            for (k, q) in inSentence.enumerated() {
                let clauseStart = Clauses.start(view, before: q.leadStart, floor: sentence.range.lowerBound)
                let clauseEnd = Clauses.end(view, after: q.trailEnd, ceiling: sentence.range.upperBound)
                let prevEnd = k > 0 ? inSentence[k - 1].trailEnd : sentence.range.lowerBound
                let leadLo = max(clauseStart, prevEnd)
                let nextStart = k + 1 < inSentence.count ? inSentence[k + 1].leadStart : sentence.range.upperBound
                let trailHi = max(q.trailEnd, min(clauseEnd, nextStart))
                let mapping = respectively[k]
                let leadRange = leadLo..<max(leadLo, q.leadStart)
                let lead = Self.string(view, leadRange)
                let announced = leadIn.map { q.start > $0.colon } ?? false
                var status =
                    columnPlan || announced
                    ? .target
                    : StatusRules.status(
                        view,
                        sentence: full,
                        firstCue: firstCue,
                        figureStart: q.leadStart,
                        figureEnd: q.trailEnd,
                        reportYear: document.datedReportYear,
                        planDocument: document.isPlan
                    )
                let period = PeriodRules.period(
                    document: document,
                    sentence: sentence,
                    quantity: q,
                    lead: lead,
                    trailRange: q.trailEnd..<trailHi,
                    status: &status
                )
                let region = RegionRules.region(
                    document,
                    clauseStarts: clauseStarts,
                    lead: leadRange,
                    figureStart: q.leadStart,
                    mapped: mapping?.place
                )
                // After ；, or in a 分别 list of places (宁波、深圳分别以182家、170家…), the figures go on about the
                // subject of the sentence before when they name none.
                let parallel =
                    (previousParallel || mapping?.place != nil)
                    && (q.unit == .percent || previousFigures.contains { $0.unitText == q.unitText })
                let carried =
                    hits.contains { $0.range.upperBound <= q.leadStart && !$0.isName && $0.owner >= 0 }
                    ? nil
                    : sentenceCarried
                        ?? Self.carriedSubject(
                            view,
                            resolvedPreviousHits(),
                            clause: clauseStart..<q.leadStart,
                            sentenceStart: sentence.range.lowerBound,
                            parallel: parallel
                        )
                if sentenceCarried == nil { sentenceCarried = carried }
                if q.leadStart < beforeEnd {
                    beforeSummary = ScalarSummary()
                    beforeEnd = sentence.range.lowerBound
                }
                if beforeEnd < q.leadStart {
                    beforeSummary.add(view[beforeEnd..<q.leadStart])
                    beforeEnd = q.leadStart
                }
                let candidate = Candidate(
                    quantity: q,
                    lead: lead,
                    leadRange: leadRange,
                    trail: Self.string(view, q.trailEnd..<trailHi),
                    before: Self.string(view, sentence.range.lowerBound..<q.leadStart),
                    clause: Self.string(view, clauseStart..<max(clauseStart, q.leadStart)),
                    clauseRange: clauseStart..<clauseEnd,
                    prefixWords: Self.string(view, q.leadStart..<q.start),
                    sentence: sentenceText,
                    hits: hits,
                    headNoun: Self.headNoun(view, hits, after: q.trailEnd, clauseEnd: clauseEnd),
                    mapped: mapping?.subject,
                    forcedChange: mapping?.change ?? false,
                    forcedDecline: mapping?.decline ?? false,
                    carried: carried,
                    status: status,
                    period: period,
                    region: region,
                    inBreakdown: breakdownAt.map { q.start > $0 } ?? false,
                    isAttributive: Self.isAttributive(view, q, trailEnd: trailHi),
                    isSingleMonth: Self.isSingleMonth(view, clauseStart..<q.leadStart, sentence: sentence.range),
                    isHeadline: line.isHeadline,
                    isTableCell: false,
                    header: nil,
                    evidenceRange: sentence.range,
                    beforeSummary: beforeSummary
                )
                // One figure shared by a list of places: 浙江、江苏、安徽增速超过40%.
                if mapping == nil, let places = Self.sharedPlaces(document, clauseStart..<q.leadStart, inSentence, k) {
                    for p in places { out.append(candidate.about(p)) }
                } else {
                    out.append(candidate)
                }
            }
        }
        // The cells of a column share their header's scalars (one array per column): its words are
        // looked up once per column, not once per cell. The last few columns are remembered, and
        // an array compares equal to itself without reading its scalars.
        var columns: [(view: [Unicode.Scalar], hits: [CueHit])] = []
        for cell in document.tableCells {
            let header = cell.scalars.view
            let hits: [CueHit]
            if let known = columns.last(where: { $0.view == header }) {
                hits = known.hits
            } else {
                hits = lexicon.hits(in: header, 0..<header.count)
                if columns.count == 16 { columns.removeFirst() }
                columns.append((header, hits))
            }
            out.append(Self.tableCandidate(document, cell, hits: hits))
        }
        self.candidates = out
        var byStart: [Int: Candidate] = [:]
        byStart.reserveCapacity(out.count)
        for c in out where byStart[c.quantity.start] == nil { byStart[c.quantity.start] = c }
        self.candidateAt = byStart
    }

    /// True when `hits` name a subject (a cue, not inside a name): a sentence whose subject a later
    /// one may carry.
    private static func namesSubject(_ hits: [CueHit]) -> Bool {
        hits.contains { $0.owner >= 0 && !$0.isName }
    }

    /// The sentence up to the last full stop before it: items joined by ； share a lead clause
    /// (`到2027年，…；全区…企业突破8家`).
    /// The quantities (sorted by start) starting in `range`, found by binary search.
    static func quantities(_ qs: [Quantity], startingIn range: Range<Int>) -> [Quantity] {
        var lo = qs.partitionIndex { $0.start >= range.lowerBound }
        var out: [Quantity] = []
        while lo < qs.count, qs[lo].start < range.upperBound {
            out.append(qs[lo])
            lo += 1
        }
        return out
    }

    static func fullSentence(_ v: [Unicode.Scalar], _ sentence: Range<Int>, line: Range<Int>) -> Range<Int> {
        var k = sentence.lowerBound
        while k > line.lowerBound, !scalars1.contains(v[k - 1]) { k -= 1 }
        return k..<sentence.upperBound
    }

    /// Table cells: the column header is the lead and its words are the hits; the row label is the region.
    /// The caption comes first, so a header that names no subject (`合同数`) takes the caption's
    /// (`各市吸纳技术合同情况`). `hits` are the words of the column's header (its cue view).
    private static func tableCandidate(_ document: Document, _ cell: TableCell, hits: [CueHit]) -> Candidate {
        let header = cell.scalars.header
        let context = cell.scalars.context
        let headerView = cell.scalars.view
        let region: String? =
            cell.isTotalRow
            ? nil
            : cell.rowLabel.flatMap { label in
                RegionRules.isSameAsDocument(label, document) ? nil : label
            }
        let line = document.lines.first { $0.range == cell.rowRange }
        let plan = cell.columnIsPlan || (line?.columnHeader.map(TableCell.isPlanHeader) ?? false)
        return Candidate(
            quantity: cell.quantity,
            lead: header,
            leadRange: 0..<headerView.count,
            trail: "",
            before: context,
            clause: header,
            clauseRange: 0..<headerView.count,
            prefixWords: "",
            sentence: context,
            hits: hits,
            headNoun: nil,
            mapped: nil,
            forcedChange: cell.scalars.isGrowth,
            forcedDecline: false,
            carried: nil,
            status: plan ? .target : .actual,
            period: PeriodRules.tablePeriod(document: document, cell: cell),
            region: region,
            inBreakdown: false,
            isAttributive: false,
            isSingleMonth: false,
            isHeadline: false,
            isTableCell: true,
            header: headerView,
            evidenceRange: cell.rowRange
        )
    }

    /// The vocabulary word right after a figure's measure word, with only tier and place words,
    /// quotes or a few modifiers between (`67名省、市、县科技特派员`, `4个农业产业服务科技特派团`).
    /// Of a compound noun (`科技特派员服务站`), the last word is the head.
    static func headNoun(_ v: [Unicode.Scalar], _ hits: [CueHit], after end: Int, clauseEnd: Int) -> CueHit? {
        guard var i = hits.firstIndex(where: { $0.range.lowerBound >= end }), hits[i].range.upperBound <= clauseEnd,
            hits[i].range.lowerBound - end <= 8
        else { return nil }
        var k = end
        while k < hits[i].range.lowerBound {
            let c = v[k]
            if Clauses.isBreak(v, k) || headNounStops.contains(c) { return nil }
            if c == "、", !(k > end && tierChars.contains(v[k - 1]) && k + 1 < v.count && tierChars.contains(v[k + 1])) {
                return nil
            }
            k += 1
        }
        // 科技特派员服务站, 科技特派员产业服务团: the last word of the compound is its head.
        // A bare boundary word after the noun (瞪羚|企业) heads nothing.
        while i + 1 < hits.count, hits[i + 1].owner >= 0, hits[i + 1].range.upperBound <= clauseEnd,
            hits[i + 1].range.lowerBound - hits[i].range.upperBound <= 2,
            v[hits[i].range.upperBound..<hits[i + 1].range.lowerBound].allSatisfy({
                Places.isHan($0) && !headNounStops.contains($0)
            })
        {
            i += 1
        }
        // 866家企业通过天津市雏鹰企业评价入库, 12家企业被认定为省级专精特新企业: a bare head (企业),
        // a verb of certification, then (after a place or tier words) the list that names the subject.
        if hits[i].owner < 0, let listed = certified(v, hits, after: i, clauseEnd: clauseEnd) { return hits[listed] }
        return hits[i]
    }

    /// The index of the hit naming the list a generic head was certified into: the verb right
    /// after `hits[i]`, then only a place name or tier words before the hit.
    private static func certified(_ v: [Unicode.Scalar], _ hits: [CueHit], after i: Int, clauseEnd: Int) -> Int? {
        let end = hits[i].range.upperBound
        guard i + 1 < hits.count, let (_, n) = certifyingVerbs.match(v, at: end, end: clauseEnd) else { return nil }
        var k = end + n
        while k < clauseEnd, k - end <= 12 {
            if let place = Places.match(v, at: k, end: clauseEnd), place.tier != .town {
                k = place.range.upperBound
            } else if let (_, t) = tierWords.match(v, at: k, end: clauseEnd) {
                k += t
            } else {
                break
            }
        }
        guard let j = hits[(i + 1)...].firstIndex(where: { $0.range.lowerBound >= end }), hits[j].range.lowerBound == k,
            hits[j].owner >= 0, hits[j].range.upperBound <= clauseEnd
        else { return nil }
        return j
    }

    private static let certifyingVerbs = MultiPattern(
        ["通过", "被认定为", "认定为", "被评为", "评为", "入选", "获评", "获批", "纳入", "列入"].map { ($0, ()) }
    )
    private static let tierWords = MultiPattern(
        ["国家级", "省级", "市级", "区级", "县级", "国家", "省", "市", "区", "县", "首批", "第一批", "第二批"].map { ($0, ()) }
    )

    private static let tierChars: ScalarSet = "省市县区乡镇村级国家"
    private static let headNounStops: ScalarSet = "获被入为是达参申开对带在到与和及共有由向给让使把将等中占比较已"

    /// The offset after which the sentence breaks an earlier figure down (其中…), when it does by
    /// anything but place: figures there are parts, not the subject's figure. `starts` are the
    /// sentence's clause starts (``Clauses/starts(_:_:)``), which the caller needs too.
    static func breakdownStart(
        _ v: [Unicode.Scalar],
        _ sentence: Range<Int>,
        _ qs: [Quantity],
        starts: [Int],
        previousHadFigure: Bool
    ) -> Int? {
        // 从技术领域看…, 按合同类型统计…, 技术服务类合同…: the sentence is about one part of the whole.
        if opensWithDimension(v, sentence) { return sentence.lowerBound - 1 }
        if let k = categoryClause(v, sentence, qs, starts: starts) { return k - 1 }
        // 48项获奖成果中，…各2项: the figures after a clause introducing the parts of a count.
        // 吸纳技术合同中，省外合同1791项…: the parts of a whole named before — unless a place follows
        // (…奖项中，荆州市有25个项目…: the place's own figure).
        for start in starts where start > sentence.lowerBound + 1 {
            let prev = start - 2
            guard v[prev] == "中", prev > sentence.lowerBound, v[prev - 1] != "其" else { continue }
            // 投入到科普事业中, 在工作中: a place of action, not a whole split into parts.
            let intro = ScalarString(v[Clauses.start(v, before: prev, floor: sentence.lowerBound)..<prev])
            if intro.count > 16 || ["到", "在", "于", "投入", "融入", "深入"].contains(where: { intro.contains($0) }) {
                continue
            }
            let j = Clauses.skipTimeWords(v, from: start, end: sentence.upperBound)
            if Places.match(v, at: j, end: sentence.upperBound) != nil || Places.selfReference(v, at: j) != nil {
                continue
            }
            if qs.contains(where: { $0.start >= start }) { return start - 1 }
        }
        var k = sentence.lowerBound
        while k + 1 < sentence.upperBound {
            if v[k] == "其", v[k + 1] == "中" {
                let figureBefore = qs.contains { $0.end <= k } || (previousHadFigure && k - sentence.lowerBound <= 1)
                guard figureBefore else { return nil }
                var j = k + 2
                while j < sentence.upperBound, v[j] == "," || v[j] == ":" || v[j] == "，" || v[j] == "：" { j += 1 }
                // 其中，长沙市233.82亿元、株洲市…, 其中泉州市有…159名: a breakdown by place keeps every figure;
                // 其中长三角技术合同… (a place qualifying the subject) does not.
                if let p = Places.match(v, at: j, end: sentence.upperBound) {
                    // 其中，湘潭县完成技术合同成交额…: an administrative place's own figure (rule 3); an
                    // area (其中长三角…) qualifies the subject instead.
                    if p.tier != .area, p.tier != .nation { return nil }
                    var e = p.range.upperBound
                    while e < sentence.upperBound, e - p.range.upperBound < 3, !isASCIIDigit(v[e]), v[e] != "、" {
                        e += 1
                    }
                    if e < sentence.upperBound, isASCIIDigit(v[e]) || v[e] == "、" { return nil }
                    let after = p.range.upperBound
                    if after < v.count, v[after] == "有" || v.hasScalars(["共", "有"], at: after) || v[after] == "获" {
                        return nil
                    }
                }
                return k
            }
            k += 1
        }
        return nil
    }

    /// False when ``breakdownStart(_:_:_:starts:previousHadFigure:)`` of `range` is nil whatever the figures
    /// before it: it finds a breakdown only in a range opening with 从/按/分 (a dimension), with a 中
    /// (`其中`, `…成果中，`) or with a category (a 类 written, or a figure counted in 类). The look at
    /// the full sentence is made for every ；-joined part and grows with the sentence; this scan is
    /// far cheaper than its clause starts and category search.
    static func mayBreakDown(_ v: [Unicode.Scalar], _ range: Range<Int>, _ qs: [Quantity]) -> Bool {
        guard !range.isEmpty else { return false }
        if dimensionOpenings.contains(v[range.lowerBound]) { return true }
        for k in range where breakdownMarks.contains(v[k]) { return true }
        var i = qs.partitionIndex { $0.start >= range.lowerBound }
        while i < qs.count, qs[i].start < range.upperBound {
            if qs[i].unitIs("类") { return true }
            i += 1
        }
        return false
    }

    /// `从行业看，…` / `按技术领域统计，…` / `分类型看`: a breakdown by a dimension other than place.
    static func opensWithDimension(_ v: [Unicode.Scalar], _ sentence: Range<Int>) -> Bool {
        guard sentence.count > 3,
            v[sentence.lowerBound] == "从" || v[sentence.lowerBound] == "按" || v[sentence.lowerBound] == "分"
        else {
            return false
        }
        let end = Clauses.end(
            v,
            after: sentence.lowerBound,
            ceiling: min(sentence.upperBound, sentence.lowerBound + 14)
        )
        let head = ScalarString(v[sentence.lowerBound..<end])
        guard head.hasSuffix("看") || head.hasSuffix("来看") || head.hasSuffix("统计") || head.hasSuffix("划分") else {
            return false
        }
        // 从总量看, 从总体来看: the whole, not a part.
        if ["总量", "总体", "整体", "总的", "全市", "全省", "全县", "全年", "总数"].contains(where: { head.contains($0) }) {
            return false
        }
        // 分市看 is by place (figures keep their regions); 从增速看, 从成交额看 name a measure, not a part.
        return ![
            "区域", "地区", "县区", "区县", "市州", "各市", "城市", "地市", "分市", "分县", "县市", "省份", "区", "片区",
            "增速", "增长", "增幅", "成交额", "总额", "规模", "数量", "金额", "强度", "投入", "比重", "占比",
        ].contains { head.contains($0) }
    }

    /// `技术服务类合同共7417项`, `…，2017年合肥市电子信息类合同共5070项`: from a clause about one
    /// category on, the sentence is about a part. Returns that clause's start. `starts` are the
    /// sentence's clause starts (``Clauses/starts(_:_:)``), which the caller needs too.
    static func categoryClause(
        _ v: [Unicode.Scalar],
        _ sentence: Range<Int>,
        _ qs: [Quantity],
        starts: [Int]
    ) -> Int? {
        // Counts of categories, found once for every clause.
        var categoryCounts: [Int] = []
        for q in qs where q.unitIs("类") { categoryCounts.append(q.start) }
        for start in starts {
            let end = Clauses.end(v, after: start, ceiling: sentence.upperBound)
            // 两类合同: a count of categories names categories.
            if categoryCounts.contains(where: { $0 >= start && $0 < end }) { return start }
            let firstFigure = qs.first { $0.leadStart >= start && $0.leadStart < end }?.leadStart
            // 技术开发、技术服务两类合同成交额遥遥领先，分别登记…: a clause naming the categories, figures after it.
            guard let stop = firstFigure ?? (qs.contains(where: { $0.start >= end }) ? end : nil) else { continue }
            var k = start + 2
            while k < stop {
                // …奖(科技进步类): a class in a name's parenthesis qualifies the name, it splits nothing.
                let qualifier = k + 1 < v.count && (v[k + 1] == ")" || v[k + 1] == "）")
                if v[k] == "类", Places.isHan(v[k - 1]), Places.isHan(v[k - 2]), !scalars2.contains(v[k - 1]), !qualifier
                {
                    return start
                }
                k += 1
            }
        }
        return nil
    }

    /// A subject carried into a sentence naming none: when the clause only names the earlier
    /// subject's measure (产值, 成交额, 增加值) or the sentence opens with 其中.
    /// Also after a semicolon, when the sentence goes on with a figure of the same kind (…达到160家；
    /// 同比增长12%), the parallel item shares the subject.
    static func carriedSubject(
        _ v: [Unicode.Scalar],
        _ previous: [CueHit],
        clause: Range<Int>,
        sentenceStart: Int,
        parallel: Bool
    ) -> CueHit? {
        guard let last = previous.last(where: { !$0.isName && !$0.isShareBase && $0.owner >= 0 }) else { return nil }
        if v.hasScalars(["其", "中"], at: sentenceStart) || parallel { return last }
        // A growth named by itself (增速超过40%), or a number taken up again (数量达到3482家), is the earlier subject's.
        for m in rates + anaphors where v.containsScalars(m, in: clause) { return last }
        // The measure written right after the earlier cue (高新技术产业|产值…).
        for m in measures where v.hasScalars(m, at: last.range.upperBound) && v.containsScalars(m, in: clause) {
            return last
        }
        return nil
    }

    private static let rates: [[Unicode.Scalar]] = ["增速", "增幅", "增长率"].map { Array($0.unicodeScalars) }
    private static let anaphors: [[Unicode.Scalar]] = ["数量", "总数", "总量", "规模"].map { Array($0.unicodeScalars) }
    private static let measures: [[Unicode.Scalar]] = [
        "总产值", "产值", "增加值", "成交额", "交易额", "金额", "总额", "支出", "投入",
        "总数", "数量",
    ].map { Array($0.unicodeScalars) }

    /// True when the figure qualifies a noun (`跨入100亿元的市州`): 的 right after it.
    /// Spans inside paired “…” or 《…》 in a sentence (short enough to be names).
    static func quotedSpans(_ v: [Unicode.Scalar], _ r: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var open: (Int, Unicode.Scalar)?
        for k in r {
            let c = v[k]
            if let (o, closer) = open {
                if c == closer {
                    if k - o <= 60 { out.append((o + 1)..<k) }
                    open = nil
                }
            } else if c == "“" {
                open = (k, "”")
            } else if c == "《" {
                open = (k, "》")
            }
        }
        return out
    }

    static func isAttributive(_ v: [Unicode.Scalar], _ q: Quantity, trailEnd: Int) -> Bool {
        // 两个千亿元大关, 迈上百亿级: a bare magnitude names a level, not a figure.
        if "百千万亿".unicodeScalars.contains(v[q.start]),
            q.start > 0 && v[q.start - 1] == "个" || v.hasScalars(["大", "关"], at: q.end)
                || v.hasScalars(["级"], at: q.end)
        {
            return true
        }
        // 一个区域, 一人一岗: the bare numeral 一 before a measure word is an article, not a count.
        if q.unit == .count || q.unit == .persons, q.numberEnd == q.start + 1, v[q.start] == "一" || v[q.start] == "壹" {
            return true
        }
        guard q.trailEnd + 1 < v.count, v[q.trailEnd] == "的" else { return false }
        // 再增加2%的补助: a rate of a payment qualifies the payment.
        if q.unit == .percent {
            let next = ScalarString(v[(q.trailEnd + 1)..<min(v.count, q.trailEnd + 3)])
            return ["补助", "奖励", "补贴", "资助", "奖补", "贴息"].contains { next.hasPrefix($0) }
        }
        // 179项的76%: the base of a share that follows, not a qualifier.
        return !isASCIIDigit(v[q.trailEnd + 1])
    }

    /// True for a clause about one month (`6月份，…`, `10月份单月…`), not a run of months (1-6月).
    static func isSingleMonth(_ v: [Unicode.Scalar], _ clause: Range<Int>, sentence: Range<Int>) -> Bool {
        let s = ScalarString(v[sentence.lowerBound..<clause.upperBound])
        if s.contains("单月") { return true }
        var k = sentence.lowerBound
        while k < sentence.lowerBound + 3, k < clause.upperBound, !isASCIIDigit(v[k]) { k += 1 }
        let start = k
        while k < clause.upperBound, isASCIIDigit(v[k]) { k += 1 }
        guard k > start, k < clause.upperBound, v[k] == "月" else { return false }
        // 4月11日 is a date, not a month's figure.
        if k + 1 < v.count, isASCIIDigit(v[k + 1]) || v[k + 1] == "底" || v[k + 1] == "末" { return false }
        return start == sentence.lowerBound || !scalars3.contains(v[start - 1])
    }

    /// The places a clause opens with when it lists several and states one figure for them all.
    static func sharedPlaces(_ document: Document, _ clause: Range<Int>, _ qs: [Quantity], _ k: Int) -> [String?]? {
        let v = document.view
        let j = Clauses.skipTimeWords(v, from: clause.lowerBound, end: clause.upperBound)
        guard let first = Places.match(v, at: j, end: clause.upperBound) else { return nil }
        var places = [first]
        var e = first.range.upperBound
        while let next = Places.match(v, at: e + 1, end: clause.upperBound), Respectively.isJoiner(v, e..<(e + 1)) {
            places.append(next)
            e = next.range.upperBound
        }
        guard places.count >= 2, !qs.contains(where: { $0.start >= clause.lowerBound && $0.start < qs[k].start }) else {
            return nil
        }
        return places.map { RegionRules.named(document, $0) }
    }

    static func string(_ v: [Unicode.Scalar], _ r: Range<Int>) -> ScalarString {
        guard r.lowerBound < r.upperBound else { return ScalarString(v[0..<0]) }
        return ScalarString(v[r])
    }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet("。!?！？")
private let scalars2 = ScalarSet("各分几多这该此门")
private let scalars3 = ScalarSet("-~至到")
private let dimensionOpenings = ScalarSet("从按分")
private let breakdownMarks = ScalarSet("中类")
