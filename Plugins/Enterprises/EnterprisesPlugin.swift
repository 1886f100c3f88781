import BulletinCore
import BulletinRules

/// Innovation entities (创新主体): high-tech enterprises, tech SMEs, recognized lists,
/// R&D coverage and the high-tech industry.
public struct EnterprisesPlugin: ExtractorPlugin {
    public var name: String { EnterprisesVocabulary.pack.name }
    public var version: String { EnterprisesVocabulary.pack.version }
    public var keys: [MetricKey] { EnterprisesVocabulary.pack.keys }
    public var vocabulary: Vocabulary { EnterprisesVocabulary.vocabulary }

    public init() {}

    private typealias V = EnterprisesVocabulary

    public func extract(_ scope: ExtractionScope) -> [Observation] {
        var out: [Observation] = []
        for (i, c) in scope.candidates.enumerated() where !c.inBreakdown {
            if let o = observe(c, i, scope) { out.append(o) }
        }
        return out
    }

    private func observe(_ c: Candidate, _ i: Int, _ scope: ExtractionScope) -> Observation? {
        let q = c.quantity
        // 167个县(市、区): a count of places, not of firms.
        let isFirms =
            q.unit == .count && !c.countsPlaces
            && (["家", "个", "户"].contains(q.unitText) || c.isTableCell && q.unitText.isEmpty)
        // Recognized lists, written after the count: 7家企业入选省创新龙头企业、"瞪羚"企业.
        if isFirms,
            let list = c.trailHits.first(where: { $0.subject(of: scope.index) == V.Subject.recognized.rawValue }),
            let verb = V.listVerbs.first(where: { c.trail.contains($0) }),
            !c.trailHas(listCandidateWords)
        {
            let verbEnd = q.trailEnd + (c.trail.firstOffset(of: verb).map { $0 + verb.unicodeScalars.count } ?? 0)
            let level = scope.level(before: list.range.lowerBound, floor: verbEnd, ownPlaceIsTier: true)
            return scope.observation(
                c,
                key: "enterprises.recognized",
                unit: .count,
                level: level,
                subject: Self.listName(after: verbEnd, upTo: q.trailEnd + c.trail.count, scope)
            )
        }
        // 488家企业纳入国家级科技型中小企业库: the year's roster of tech SMEs (rule 2).
        if isFirms, !c.inBreakdown,
            let roster = c.trailHits.first(where: { $0.subject(of: scope.index) == V.Subject.techSME.rawValue }),
            c.trailHas(rosterEntryWords), !c.trailHas(reserveWords),
            c.trail.firstOffset(of: "企业").map({ $0 <= 1 }) == true,
            !c.clauseHas(V.additionsList), !Self.isOneBatch(c, scope)
        {
            _ = roster
            return scope.observation(c, key: "enterprises.tech_sme.total", unit: .count)
        }
        guard let s = scope.subject(of: c), let index = s.index, var subject = V.Subject(rawValue: index) else {
            return nil
        }
        // 高新技术企业…实现产值7.8万亿元: the output of high-tech firms is the high-tech industry's.
        if subject == .highTech, !isFirms, c.clauseHas(outputWords) { subject = .highTechIndustry }
        // R&D coverage and the high-tech industry are by definition measured over large
        // industrial firms (规上): no subset there.
        if subject != .rdCoverage, subject != .highTechIndustry || !Self.isScopeOnly(c, s, scope), scope.isSubset(c, s)
        {
            return nil
        }
        switch subject {
        case .highTech:
            if isFirms {
                if isExcludedCount(c, s) { return nil }
                // 较上年增加26家: a net addition; a decrease, or an increase over several years, is no key.
                if c.isIncrement && (c.quantity.value < .zero || c.prefixWords.contains("减少") || c.isMultiYear) {
                    return nil
                }
                // 两年来新增6家: additions over several years are neither a year's nor the stock.
                if c.isMultiYear, isAddition(c, s) { return nil }
                let level =
                    s.isHeadNoun
                    ? nil
                    : scope.level(
                        before: s.hit.range.lowerBound,
                        floor: s.hit.range.lowerBound - 6,
                        in: scope.view(for: c)
                    )
                return scope.observation(
                    c,
                    key: isAddition(c, s) ? "enterprises.high_tech.new" : "enterprises.high_tech.total",
                    unit: .count,
                    level: level
                )
            }
            if let g = Growth.percent(c), !c.isShare, !followsExcluded(c, i, scope, s) {
                return scope.observation(c, key: "enterprises.high_tech.growth", unit: .percent, value: g)
            }
        case .techSME:
            // 新增…入库128家 and one 第N批 batch are not the stock (rule 2).
            if isFirms, !c.isIncrement, !isExcludedCount(c, s), !c.clauseHas(V.additionsList),
                !Self.isOneBatch(c, scope)
            {
                let level =
                    s.isHeadNoun
                    ? nil
                    : scope.level(
                        before: s.hit.range.lowerBound,
                        floor: s.hit.range.lowerBound - 6,
                        in: scope.view(for: c)
                    )
                return scope.observation(c, key: "enterprises.tech_sme.total", unit: .count, level: level)
            }
            if let g = Growth.percent(c), !c.isShare, !followsExcluded(c, i, scope, s) {
                return scope.observation(c, key: "enterprises.tech_sme.growth", unit: .percent, value: g)
            }
        case .recognized:
            // 入选省"瞪羚"企业5家; 全市"专精特新"企业达到42家 (the number on a list).
            guard isFirms, !c.isIncrement, !c.isTableCell,
                s.isLocal || s.isHeadNoun || c.trailHas(V.listVerbsList) || c.leadHas(stockCountWords)
                    || c.region != nil,
                !c.clauseHas(candidacyWords),
                // 潜在独角兽企业75家, 29家科技领军培育企业: candidates of a list (the item before a 、 is another's).
                c.lead.hasSuffix("、") || !c.leadHas(potentialWords),
                !["潜在", "培育企业", "(培育)"].contains(where: { Self.ownNoun(c).contains($0) }), !c.leadHas(inIncubationWords)
            else { return nil }
            let first =
                c.hits.first { $0.range.lowerBound >= c.clauseRange.lowerBound && $0.subject(of: scope.index) == index }
                ?? s.hit
            let from =
                scope.end(ofFirst: V.listVerbs + ["新增"], in: c.leadRange)
                ?? Self.listStart(scope, before: first.range.lowerBound, floor: c.leadRange.lowerBound)
            let level = scope.level(before: first.range.lowerBound, floor: from, ownPlaceIsTier: true)
            // A list named in an earlier clause (…雏鹰企业评价入库数排名前五位的区是A(413家)): its own word.
            let carried =
                first.range.lowerBound < c.clauseRange.lowerBound || c.lead.hasSuffix("(") || c.lead.hasSuffix("（")
            let name =
                s.isHeadNoun
                ? Self.listName(after: q.trailEnd, upTo: q.trailEnd + c.trail.count, scope)
                : carried
                    ? scope.bodyText(first.range)
                    : min(from, first.range.lowerBound) < q.leadStart
                        ? Self.trimStock(scope.bodyText(min(from, first.range.lowerBound)..<q.leadStart)) : nil
            return scope.observation(
                c,
                key: "enterprises.recognized",
                unit: .count,
                level: level,
                subject: name?.isEmpty == false ? name : nil
            )
        case .rdCoverage:
            if q.unit == .percent, !c.isChange, c.sentence.contains("研发") {
                return scope.observation(c, key: "enterprises.rd_coverage", unit: .percent)
            }
        case .highTechIndustry:
            if q.isMoneyLike, !c.isIncrement, !c.isShare {
                return scope.observation(
                    c,
                    key: "enterprises.high_tech_industry.value",
                    unit: .cny,
                    subject: Self.measure(of: s, c, scope)
                )
            }
            if q.unit == .percent, c.isShare, !c.isChange, !c.isShareOfGDP,
                c.clauseHas(industryScopeWords) || c.isTableCell
                    || c.mapped == nil && c.beforeHas(respectivelyWords) && c.beforeHas(largeIndustryWords)
            {
                return scope.observation(c, key: "enterprises.high_tech_industry.share", unit: .percent)
            }
            if let g = Growth.percent(c), !c.isShare {
                return scope.observation(c, key: "enterprises.high_tech_industry.growth", unit: .percent, value: g)
            }
        }
        return nil
    }

    /// A count that adds to the stock: 新增/新认定/净增…, or 较上年增加N家 after the stock.
    private func isAddition(_ c: Candidate, _ s: Candidate.Subject) -> Bool {
        if c.leadHas(V.additionsList) || c.isIncrement { return true }
        if Self.certifiedBefore(c, s) { return true }
        // 37户企业通过高新技术企业认定: certified in the period.
        if s.isHeadNoun || !s.isLocal, c.trail.contains("通过"), c.trail.contains("认定"), !c.trailHas(recertificationWords)
        {
            return true
        }
        // 新增国家级高新技术企业1家，市级高新技术企业4家: a tier named alone goes on with the verb before.
        if Self.tierOnly(c.clause), c.beforeHas(V.additionsList), !c.clauseHas(V.stockWordsButNewList) {
            return true
        }
        return c.clauseHas(V.additionsButCertifiedList) && s.isLocal
    }

    /// `全市认定高新技术企业62家`: 认定 right before the subject certifies in the period; not
    /// `经认定的…`, `已认定…`, `通过认定…` (the stock, or said otherwise).
    private static func certifiedBefore(_ c: Candidate, _ s: Candidate.Subject) -> Bool {
        guard !c.isTableCell, s.isLocal, !s.isHeadNoun else { return false }
        let l = c.lead.unicodeScalars
        let at = s.hit.range.lowerBound - c.leadRange.lowerBound
        guard at >= 2, at <= l.count else { return false }
        let i = l.startIndex + at
        guard l[i - 2] == "认", l[i - 1] == "定" else { return false }
        // Only a place or a time before it (全市认定, 今年认定), or nothing.
        let head = ScalarString(l[l.startIndex..<(i - 2)])
        return head.isEmpty
            || ["全市", "全县", "全区", "全省", "今年", "本年", "全年", "当年", "年,", "我市", "我县", "我区", "我省"]
                .contains { head.hasSuffix($0) }
    }

    /// A clause that is only a tier and the subject (`市级高新技术企业`), with no verb of its own.
    private static func tierOnly(_ clause: ScalarString) -> Bool {
        ["国家级", "省级", "市级", "县级", "区级", "国家", "省", "市"].contains { clause.hasPrefix($0) } && clause.count <= 12
    }

    /// A count of a candidate pool (纳入培育库, 后备企业) rather than of the certified firms.
    private static func isPool(_ c: Candidate, _ s: Candidate.Subject) -> Bool {
        !s.isLocal && c.beforeHas(poolWords)
    }

    /// A count that is not the stock nor an addition: applications, pools, reviews (rule 2), or a
    /// count the text says nothing about but names firms (`光华制造…等4家企业获评…`).
    private func isExcludedCount(_ c: Candidate, _ s: Candidate.Subject) -> Bool {
        // 共申报9家高新技术企业，16家省科技型中小企业: items of a list led by its verb.
        let listItem = c.lead.unicodeScalars.allSatisfy { $0 == "," || $0 == "，" || $0 == "、" || $0 == " " }
        if listItem, c.beforeHas(applicationWords) { return true }
        if c.clauseHas(V.notACountList) || c.trailHas(servedWords)
            || c.trailHas(reviewWords) || Self.isPool(c, s)
        {
            return true
        }
        // …排名前五位的区是滨海新区(2452家)、武清区(381家): a place's figure in parentheses.
        if Self.placeInParentheses(c) { return false }
        // 其中城关镇48家、河口乡21家: a place's part of the count named before.
        if c.region != nil, c.before.contains("其中") { return false }
        return !s.isLocal && !s.isHeadNoun && !c.isIncrement
            && !c.leadHas(V.countWordsList)
    }

    /// True when the change is that of a count just before it that is no stock: a year's new
    /// certifications (rule 6) or an excluded count (`高企完成注册60家，增长67.5%`).
    private func followsExcluded(_ c: Candidate, _ i: Int, _ scope: ExtractionScope, _ s: Candidate.Subject) -> Bool {
        var k = i - 1
        while k >= 0, scope.candidates[k].evidenceRange == c.evidenceRange {
            let p = scope.candidates[k]
            if p.quantity.unit == .count, let ps = scope.subject(of: p), ps.hit == s.hit {
                // 新增N家，增长X%: the additions' growth; 较上年增加N家，增长X%: the stock's.
                // 收入上亿企业数量达到6家，较上年增长20%: a part's growth.
                return p.leadHas(V.additionsList) || p.clauseHas(V.additionsList) && ps.isLocal
                    || isExcludedCount(p, ps)
                    || scope.isSubset(p, ps)
            }
            k -= 1
        }
        return false
    }

    /// True when the only qualifier before the high-tech industry is the statistical scope (规上, 规模以上工业企业).
    private static func isScopeOnly(_ c: Candidate, _ s: Candidate.Subject, _ scope: ExtractionScope) -> Bool {
        guard !c.isTableCell else { return true }
        let v = scope.document.view
        let from = Clauses.start(v, before: s.hit.range.lowerBound, floor: 0)
        let gap = ScalarString(v[from..<s.hit.range.lowerBound])
        return !gap.hasSuffix("的") && !gap.hasSuffix("类")
    }

    /// `滨海新区(2452家)`: a figure in parentheses right after a place's name.
    static func placeInParentheses(_ c: Candidate) -> Bool {
        let l = c.lead.unicodeScalars
        guard l.count >= 2, l.last == "(" || l.last == "（" else { return false }
        return c.region != nil || "区县市省旗州盟".unicodeScalars.contains(l[l.endIndex - 2])
    }

    /// The words right after a count, up to the next list separator: `29家科技领军培育企业`.
    private static func ownNoun(_ c: Candidate) -> ScalarString {
        ScalarString(c.trail.unicodeScalars.prefix(10).prefix { $0 != "、" && $0 != "," && $0 != "，" && $0 != ";" })
    }

    /// One batch of a roster: 第三批入库N家.
    private static func isOneBatch(_ c: Candidate, _ scope: ExtractionScope) -> Bool {
        c.isTableCell ? isOneBatch(c.clause) : isOneBatch(ScalarString(scope.document.view[c.clauseRange]))
    }

    private static func isOneBatch(_ text: ScalarString) -> Bool {
        let s = text.unicodeScalars
        var k = s.startIndex
        while k + 2 < s.endIndex {
            if s[k] == "第", s[k + 2] == "批" || (k + 3 < s.endIndex && s[k + 3] == "批") { return true }
            k += 1
        }
        return false
    }

    /// 增加值 or 产值: which measure of the high-tech industry a value is (rule 12).
    private static func measure(of s: Candidate.Subject, _ c: Candidate, _ scope: ExtractionScope) -> String {
        let v = scope.view(for: c)
        let after = ScalarString(v[s.hit.range.upperBound..<min(v.count, s.hit.range.upperBound + 6)])
        if after.contains("增加值") || c.lead.contains("增加值") { return "高新技术产业增加值" }
        return "高新技术产业产值"
    }

    /// `“专精特新”企业达到` → `“专精特新”企业`: the list without the verb of its count.
    static func trimStock(_ s: String) -> String {
        var t = s
        var changed = true
        while changed {
            changed = false
            for w in [
                "发展到", "达到", "总数", "总量", "数量", "累计", "共有", "共计", "达", "有", "名单", "榜单", "名录", ",", "，", " ",
                "、", "为",
            ] where t.hasSuffix(w) {
                t.removeLast(w.count)
                changed = true
            }
        }
        return t
    }

    /// Where a list name starts when no verb precedes it: after 全市/全省/我市 or the clause start.
    static func listStart(_ scope: ExtractionScope, before k: Int, floor: Int) -> Int {
        guard floor < k else { return min(floor, k) }
        return scope.end(ofFirst: ["全市", "全省", "全县", "全区", "我市", "我省", "我县", "我区", "经认定的", "、"], in: floor..<k) ?? floor
    }

    /// The list named after a verb, in the document's own script: `省创新龙头企业、"瞪羚"企业`.
    static func listName(after start: Int, upTo end: Int, _ scope: ExtractionScope) -> String? {
        let v = scope.document.view
        var s = start
        // skip a year: 入选2023年度…
        while s < end, isASCIIDigitScalar(v[s]) || v[s] == "年" || v[s] == "度" { s += 1 }
        guard s < end else { return nil }
        // …科技领军企业名单(详见附件)予以公告: the list's name ends where its 名单 or a note starts.
        var e = s
        while e < end, v[e] != "(", v[e] != "（",
            !(e + 1 < end
                && (v[e] == "名" && (v[e + 1] == "单" || v[e + 1] == "录")
                    || v[e] == "榜" && v[e + 1] == "单"))
        { e += 1 }
        let t = trimStock(scope.bodyText(s..<e))
        return t.isEmpty ? nil : t
    }

    private static func isASCIIDigitScalar(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
}

// MARK: - Word lists

// The word lists of the cue tests above, each built once: these tests run for every figure,
// and a literal list would be decoded word by word on each of them.

// observe(_:_:_:)
private let listCandidateWords: WordList = ["培育库", "后备", "推荐", "申报", "潜在", "培育企业"]
private let rosterEntryWords: WordList = ["纳入", "进入", "入库", "评价入库"]
private let reserveWords: WordList = ["培育库", "后备"]
private let outputWords: WordList = ["产值", "增加值"]
private let stockCountWords: WordList = ["数量", "达到", "总数", "年的", "增加到"]
private let candidacyWords: WordList = ["培育库", "后备", "推荐", "申报", "拟"]
private let potentialWords: WordList = ["潜在", "培育企业"]
private let inIncubationWords: WordList = ["(培育)"]
private let industryScopeWords: WordList = ["工业", "规上", "规模以上"]
private let respectivelyWords: WordList = ["分别"]
private let largeIndustryWords: WordList = ["规上工业", "规模以上工业"]

// isAddition(_:_:)
private let recertificationWords: WordList = ["重新认定", "复审"]

// isPool(_:_:)
private let poolWords: WordList = ["培育库", "后备库", "后备企业"]

// isExcludedCount(_:_:)
private let applicationWords: WordList = ["申报", "推荐", "申请"]
private let servedWords: WordList = ["提供", "惠及"]
private let reviewWords: WordList = ["通过审核", "通过评审", "通过核查", "申报", "获评", "评为"]
