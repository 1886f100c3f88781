import BulletinCore
import BulletinRules

/// Science-and-technology finance and spending (科技金融与投入): 科技贷 loans, technology
/// contracts, funding obtained, R&D expenditure and intensity, fiscal S&T spending.
public struct FinancePlugin: ExtractorPlugin {
    public var name: String { FinanceVocabulary.pack.name }
    public var version: String { FinanceVocabulary.pack.version }
    public var keys: [MetricKey] { FinanceVocabulary.pack.keys }
    public var vocabulary: Vocabulary { FinanceVocabulary.vocabulary }

    public init() {}

    private typealias V = FinanceVocabulary

    public func extract(_ scope: ExtractionScope) -> [Observation] {
        var out: [Observation] = []
        var directed: [Observation] = []
        for c in scope.candidates where !c.inBreakdown || scope.isDistinctPart(c) {
            guard let o = observe(c, scope) else { continue }
            // The direction may be named once for a list (吸纳技术合同成交额前五位是：合肥(142.5亿元)、…).
            let directedText = c.before
            if o.key.hasPrefix("finance.tech_contracts"), V.directions.contains(where: { directedText.contains($0) }) {
                var d = o
                d.subject = directedText.contains("输出") ? "输出技术合同" : "吸纳技术合同"
                directed.append(d)
            } else {
                out.append(o)
            }
        }
        // Directed contract figures count only where no undirected one is given for the place (rule 5).
        let undirected = out
        for d in directed
        where !undirected.contains(where: { $0.key.hasPrefix("finance.tech_contracts") && $0.region == d.region }) {
            out.append(d)
        }
        return Self.withoutParts(out, scope)
    }

    private func observe(_ c: Candidate, _ scope: ExtractionScope) -> Observation? {
        let q = c.quantity
        // 前五位…合计成交额289.8亿元: the sum of a ranking's top is no place's figure (rule 4).
        if c.leadHas(rankingSumWords), Self.isRanking(c.before) { return nil }
        // 619家(次)科技型中小企业…发放贷款: loans counted by the times firms borrowed, in a 科技贷 programme (rule 11).
        if q.unit == .count, ["笔", "家次", "家(次)"].contains(where: q.unitIs), !c.inBreakdown,
            c.hits.contains(where: { $0.subject(of: scope.index) == V.Subject.techLoans.rawValue }),
            ScalarString(scope.document.view[q.trailEnd..<max(q.trailEnd, c.clauseRange.upperBound)]).contains("贷"),
            !c.clauseHas(prospectiveWords)
        {
            return scope.observation(c, key: "finance.tech_loans.count", unit: .count)
        }
        guard let s = scope.subject(of: c), let index = s.index, let subject = V.Subject(rawValue: index) else {
            return nil
        }
        if scope.isSubset(c, s) { return nil }
        switch subject {
        case .techLoans, .loans:
            // General lending counts only as a 科技贷 programme's (rule 11).
            if subject == .loans,
                !c.hits.contains(where: { $0.subject(of: scope.index) == V.Subject.techLoans.rawValue })
            {
                return nil
            }
            if c.clauseHas(prospectiveWords) { return nil }
            if q.unit == .count, ["笔", "次", "家次"].contains(where: q.unitIs) {
                return scope.observation(c, key: "finance.tech_loans.count", unit: .count)
            }
            if q.isMoneyLike, !c.isIncrement, !c.isShare {
                return scope.observation(c, key: "finance.tech_loans.amount", unit: .cny)
            }
        case .techContracts:
            if q.unit == .count, ["项", "份", "件"].contains(where: q.unitIs) || c.isTableCell && q.unitText.isEmpty,
                !c.isIncrement, !c.isShare
            {
                return scope.observation(c, key: "finance.tech_contracts.count", unit: .count)
            }
            // 完成技术合同登记18亿元: the money of contracts is their turnover.
            if q.isMoneyLike, !c.isIncrement, !c.isShare, !c.isTableCell || c.lead.contains("额") {
                return scope.observation(c, key: "finance.tech_contracts.turnover", unit: .cny)
            }
        case .contractTurnover:
            // 技术 in the sentence, or just before it (…技术合同总量首次突破十万项；成交额达8536.9亿元).
            let context = ScalarString(
                scope.document.view[max(0, c.evidenceRange.lowerBound - 80)..<c.evidenceRange.upperBound]
            )
            guard context.contains("技术") || c.isTableCell || s.hit.range.count >= 5 else { return nil }
            // 拍卖交易额: a short measure word right after another subject's word is that subject's.
            if s.hit.range.count <= 4,
                c.hits.contains(where: {
                    $0.range.upperBound == s.hit.range.lowerBound && $0.subject(of: scope.index) == nil
                })
            {
                return nil
            }
            if q.isMoneyLike, !c.isIncrement, !c.isShare {
                return scope.observation(c, key: "finance.tech_contracts.turnover", unit: .cny)
            }
            if let g = Growth.percent(c), !c.isShare {
                return scope.observation(c, key: "finance.tech_contracts.growth", unit: .percent, value: g)
            }
        case .funding:
            if q.unit == .percent, c.isCompletion, s.isLocal || c.lead.contains("完成") {
                return scope.observation(c, key: "finance.funding.target_completion", unit: .percent, status: .actual)
            }
            // 补助 inside the subject (争取补助资金) names the money, not the act of giving it.
            let cue = ScalarString(scope.view(for: c)[s.hit.range]).description
            if q.isMoneyLike, !c.isIncrement, !c.isShare,
                c.beforeHas(V.obtainVerbsList) || c.trailHas(fundsArrivedWords),
                !c.lead.removingAll(cue).containsAny(V.notObtained)
            {
                return scope.observation(
                    c,
                    key: "finance.funding.obtained",
                    unit: .cny,
                    level: scope.level(before: s.hit.range.lowerBound, floor: c.clauseRange.lowerBound)
                )
            }
        case .rdExpenditure:
            if q.isMoneyLike, !c.isIncrement, !c.isShare, !c.leadHas(deductionOrSubsidyWords) {
                return scope.observation(c, key: "finance.rd_expenditure", unit: .cny)
            }
            if let g = Growth.percent(c), !c.isShare {
                return scope.observation(c, key: "finance.rd_expenditure.growth", unit: .percent, value: g)
            }
            if q.unit == .percent, c.isShareOfGDP, !c.isChange, !Self.isFirmsOwn(c) {
                return scope.observation(c, key: "finance.rd_intensity", unit: .percent)
            }
        case .rdIntensity:
            if q.unit == .percent, !c.isChange, !Self.isFirmsOwn(c) {
                return scope.observation(c, key: "finance.rd_intensity", unit: .percent)
            }
        case .fiscal:
            if q.isMoneyLike, !c.isIncrement, !c.isShare, !c.clauseHas(budgetWords) {
                return scope.observation(c, key: "finance.fiscal_spending", unit: .cny)
            }
        }
        return nil
    }

    /// `前五位`, `后五位`, `前三名`: a ranking.
    static func isRanking(_ s: ScalarString) -> Bool {
        let v = s.unicodeScalars
        var k = v.startIndex
        while k + 2 < v.endIndex {
            if v[k] == "前" || v[k] == "后", scalars1.contains(v[k + 1]),
                v[k + 2] == "位" || v[k + 2] == "名"
            {
                return true
            }
            k += 1
        }
        return false
    }

    /// R&D intensity of firms (瞪羚企业研发投入强度, 规上企业…): a subset's, not the place's.
    private static func isFirmsOwn(_ c: Candidate) -> Bool {
        (c.clause.contains("企业") && !c.clause.contains("全社会")) || c.isMultiYear
    }

    /// Parts of a stated total (`…70万元…15万元…15万元，累计争取经费100万元`): when a figure introduced
    /// by 累计/共/合计 equals the sum of earlier figures of its key in the paragraph, those are parts.
    static func withoutParts(_ obs: [Observation], _ scope: ExtractionScope) -> [Observation] {
        var drop = Set<Int>()
        let order = obs.indices.sorted { obs[$0].evidence.start < obs[$1].evidence.start }
        for (i, total) in obs.enumerated() {
            let sentence = scope.document.sentenceIndex(containing: total.evidence.start).map {
                scope.document.sentences[$0].range
            }
            let from = sentence?.lowerBound ?? max(0, total.evidence.start - 8)
            let before = ScalarString(scope.document.view[from..<total.evidence.start])
            guard totalWords.occurs(in: before) else { continue }
            // Only the observations of the 600 scalars before the total (found by bisection in start
            // order: every pair of a megabyte page's observations was tested before).
            let lo = order.partitionIndex { obs[$0].evidence.start > total.evidence.start - 600 }
            var parts: [Int] = []
            for j in order[lo...] {
                if obs[j].evidence.start >= total.evidence.start { break }
                if j != i, obs[j].key == total.key, obs[j].region == total.region { parts.append(j) }
            }
            guard parts.count >= 2 else { continue }
            var sum = ExactDecimal.zero
            for j in parts { sum = sum.adding(obs[j].value) ?? sum }
            if sum == total.value { drop.formUnion(parts) }
        }
        return obs.indices.filter { !drop.contains($0) }.map { obs[$0] }
    }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet("一二两三四五六七八九十0123456789")

// MARK: - Word lists

// The word lists of the cue tests above, each built once: these tests run for every figure,
// and a literal list would be decoded word by word on each of them.

// observe(_:_:)
private let rankingSumWords: WordList = ["合计", "累计"]
private let prospectiveWords: WordList = ["推荐", "需求", "征集", "意向"]
private let fundsArrivedWords: WordList = ["到位", "到账"]
private let deductionOrSubsidyWords: WordList = ["加计扣除", "减免", "奖补", "补助"]
private let budgetWords: WordList = ["预算"]

// withoutParts(_:_:)
private let totalWords: WordList = ["累计", "共计", "合计", "总计", "共", "总额"]
