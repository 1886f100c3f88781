import BulletinCore

/// An extractor written only as a rule pack: each subject's figures become observations through
/// the core's mechanisms (subject reach, 分别 lists, tables, status, period, region, approx,
/// subsets, the counting rules), with the pack's words choosing key, variant and exclusions.
///
/// For a figure whose subject is one of the pack's:
/// - a percent that states a change is the `growth` variant; one that states a share (占…) the
///   `share` variant; other percents are no observation;
/// - an amount of the subject's unit (a count with one of its measure words, persons, or money)
///   is the `new` variant when a `new` qualifier stands before it (or the text states an
///   increase), the first other variant whose qualifier stands before it, else `total`/`value`;
/// - a pack or subject exclusion in the figure's clause, a part of a larger figure (其中…, 规上…)
///   or a variant the subject does not declare yields nothing.
public struct RulePackPlugin: ExtractorPlugin {
    /// The pack.
    public let pack: RulePack
    public var name: String { pack.name }
    public var version: String { pack.version }
    public var keys: [MetricKey] { pack.keys }
    public let vocabulary: Vocabulary

    /// A plugin for `pack`, which must be rules-only (``RulePack/isRulesOnly``).
    public init(pack: RulePack) {
        precondition(pack.isRulesOnly, "rule pack \(pack.name) has subjects without keys")
        self.pack = pack
        self.vocabulary = pack.vocabulary
    }

    public func extract(_ scope: ExtractionScope) -> [Observation] {
        var out: [Observation] = []
        // 专利授权量5230件，其中发明专利授权量860件: a part named as another of the pack's
        // subjects is that subject's figure; a part of the same subject is no observation (rule 4).
        var whole: (range: Range<Int>, subject: Int)?
        for c in scope.candidates {
            if c.inBreakdown {
                guard let w = whole, w.range == c.evidenceRange, let s = scope.subject(of: c), s.isLocal,
                    let i = s.index, i != w.subject
                else { continue }
            }
            if let o = observe(c, scope) {
                out.append(o)
                if !c.inBreakdown, let i = scope.subject(of: c)?.index { whole = (c.evidenceRange, i) }
            }
        }
        return out
    }

    private func observe(_ c: Candidate, _ scope: ExtractionScope) -> Observation? {
        guard let s = scope.subject(of: c), let index = s.index, index < pack.subjects.count,
            let rule = pack.subjects[index].rule
        else { return nil }
        if scope.isSubset(c, s) { return nil }
        if !rule.exclusions.isEmpty, c.clauseHas(rule.exclusions) || s.isHeadNoun && c.trailHas(rule.exclusions) {
            return nil
        }
        let q = c.quantity
        let level = rule.levels ? levelOf(c, s, scope) : nil
        let subject = rule.recordsSubject ? scope.bodyText(s.hit.range) : nil
        switch q.unit {
        case .percent, .percentagePoints, .times:
            if let g = Growth.percent(c), rule.variants[.growth] != nil, q.unit != .percentagePoints {
                return scope.observation(
                    c,
                    key: "\(rule.key).growth",
                    unit: .percent,
                    value: g,
                    level: level,
                    subject: subject
                )
            }
            if q.unit == .percent, c.isShare, !c.isChange, rule.variants[.share] != nil {
                return scope.observation(c, key: "\(rule.key).share", unit: .percent, level: level, subject: subject)
            }
            return nil
        default:
            guard matchesUnit(c, rule), !c.isPerUnit else { return nil }
            // Only the figure's own words qualify it: its lead, or for a noun after it, the clause.
            // A list item (`新增A2家、B3家`) shares the qualifier written before the list.
            let listItem = c.lead.hasPrefix("、")
            let qualified = { (words: [String]) in c.leadHas(words) || (s.isHeadNoun || listItem) && c.clauseHas(words)
            }
            if rule.unit == .cny {
                if c.isIncrement { return nil }
                let variant = rule.variants[.value] != nil ? RulePack.Variant.value : nil
                guard let variant else { return nil }
                return scope.observation(
                    c,
                    key: "\(rule.key).\(variant.rawValue)",
                    unit: .cny,
                    level: level,
                    subject: subject
                )
            }
            // 新增, or 较上年增加N家: an addition; a decrease or a change over years is no key.
            if c.isIncrement && (q.value < .zero || c.prefixWords.contains("减少") || c.isMultiYear) { return nil }
            if let new = rule.variants[.new], qualified(new) || c.isIncrement {
                if c.isMultiYear { return nil }
                return scope.observation(c, key: "\(rule.key).new", unit: rule.unit, level: level, subject: subject)
            }
            if c.isIncrement { return nil }
            guard let total = rule.variants[.total], total.isEmpty || qualified(total) else { return nil }
            return scope.observation(c, key: "\(rule.key).total", unit: rule.unit, level: level, subject: subject)
        }
    }

    /// A count with one of the subject's measure words (or a bare number in a table column),
    /// persons, or an amount of money — whichever the subject counts.
    private func matchesUnit(_ c: Candidate, _ rule: RulePack.Rule) -> Bool {
        let q = c.quantity
        switch rule.unit {
        case .cny: return q.isMoneyLike
        case .persons: return q.unit == .persons
        default:
            guard q.unit == .count, !c.countsPlaces else { return false }
            if c.isTableCell && q.unitText.isEmpty { return true }
            return rule.measureWords.isEmpty || rule.measureWords.contains(q.unitText)
        }
    }

    /// The tier written before the subject (国家级, 省级…), or between the figure and a noun
    /// after it (`5家省级重点实验室`).
    private func levelOf(_ c: Candidate, _ s: Candidate.Subject, _ scope: ExtractionScope) -> Level? {
        if s.isHeadNoun {
            return scope.level(before: s.hit.range.lowerBound, floor: c.quantity.trailEnd, in: scope.view(for: c))
        }
        return scope.level(before: s.hit.range.lowerBound, floor: s.hit.range.lowerBound - 6, in: scope.view(for: c))
    }
}
