/// The catalog's counting rules, applied to one plugin's observations of one document:
/// one observation per figure however often it is stated, the exact figure rather than its
/// rounded headline or its threshold (`突破70亿元，达到73.36亿元`), the cumulative figure rather
/// than one month inside it, and no figure that only qualifies a noun (`跨入100亿元的市州`).
public enum CountingRules {
    /// `observations` after the counting rules, ordered by evidence start.
    public static func apply(_ observations: [Observation], _ context: ExtractionContext) -> [Observation] {
        let flagged = observations.map { ($0, context.candidateAt[$0.evidence.start]) }
        // Figures qualifying a noun, ranges (0.5~1亿元之间) and per-unit amounts (平均每户) are no catalog figure.
        var kept = flagged.filter { o, c in
            // A value no decimal can spell back (magnitudes run away: 9.6×10¹⁹) is no figure.
            guard ExactDecimal(o.value.description) == o.value else { return false }
            guard let c else { return true }
            return !c.isAttributive && c.quantity.high == nil && !c.isPerUnit && !c.isGroupSum && !c.isStartingValue
                && !c.isRankedUnits
        }
        // A headline, or one month's figure, when the body states the key otherwise. Each test is a
        // lookup in sets made once: a saved page of megabytes yields thousands of observations.
        struct KeyRegion: Hashable {
            var key: String
            var region: String?
        }
        struct Figure: Hashable {
            var value: ExactDecimal
            var unit: QuantityUnit
        }
        var bodyKeys = Set<String>()
        var bodyFigures = Set<Figure>()
        var wholeMonths = Set<KeyRegion>()
        for (o, c) in kept {
            if !(c?.isHeadline ?? false) {
                bodyKeys.insert(o.key)
                bodyFigures.insert(Figure(value: o.value, unit: o.unit))
            }
            if !(c?.isSingleMonth ?? false) { wholeMonths.insert(KeyRegion(key: o.key, region: o.region)) }
        }
        kept = kept.filter { o, c in
            guard let c else { return true }
            if c.isHeadline {
                // The title's figure restated in the body, perhaps read as another key there.
                return !bodyKeys.contains(o.key) && !bodyFigures.contains(Figure(value: o.value, unit: o.unit))
            }
            if c.isSingleMonth { return !wholeMonths.contains(KeyRegion(key: o.key, region: o.region)) }
            return true
        }
        // A threshold stated beside the exact figure of the same sentence.
        struct Exact: Hashable {
            var key: String
            var region: String?
            var status: FigureStatus
            var evidence: Range<Int>
        }
        var exactStarts: [Exact: [Int]] = [:]
        for (o, c) in kept where o.approx == .exact {
            guard let c else { continue }
            exactStarts[Exact(key: o.key, region: o.region, status: o.status, evidence: c.evidenceRange), default: []]
                .append(o.evidence.start)
        }
        kept = kept.filter { o, c in
            guard o.approx != .exact, let c else { return true }
            let starts =
                exactStarts[Exact(key: o.key, region: o.region, status: o.status, evidence: c.evidenceRange)] ?? []
            return !starts.contains { $0 != o.evidence.start }
        }
        return deduplicated(kept.map(\.0))
    }

    /// One observation per figure, however often it is stated; ordered by evidence start.
    public static func deduplicated(_ observations: [Observation]) -> [Observation] {
        var seen = Set<Observation.Identity>()
        var out: [Observation] = []
        for o in observations.sorted(by: { ($0.evidence.start, $0.key) < ($1.evidence.start, $1.key) })
        where seen.insert(o.identity).inserted {
            out.append(o)
        }
        return out
    }
}

extension Array where Element == Observation {
    /// Keeps `subject` on observations of `key` only when the document has several with
    /// different subjects (two kinds of bases, two prizes); a lone one needs no subject.
    public func subjectsOnlyWhenDistinct(forKey key: String, keeping keep: (Observation) -> Bool = { _ in false })
        -> [Observation]
    {
        let subjects = Set(self.filter { $0.key == key }.map { $0.subject ?? "" })
        guard subjects.count <= 1 else { return self }
        return map { o in
            var o = o
            if o.key == key && !keep(o) { o.subject = nil }
            return o
        }
    }
}
