/// The catalog's counting rules, applied to one plugin's observations of one document:
/// one observation per figure however often it is stated, the exact figure rather than its
/// rounded headline or its threshold (`突破70亿元，达到73.36亿元`), the cumulative figure rather
/// than one month inside it, and no figure that only qualifies a noun (`跨入100亿元的市州`).
public enum CountingRules {
    /// `observations` after the counting rules, ordered by evidence start.
    public static func apply(_ observations: [Observation], _ context: ExtractionContext) -> [Observation] {
        // Most plugins find nothing in most documents.
        if observations.isEmpty { return [] }
        // Observations are large: the rules pass indices around and copy only the ones kept.
        let candidates = observations.map { context.candidateAt[$0.evidence.start] }
        // Figures qualifying a noun, ranges (0.5~1亿元之间) and per-unit amounts (平均每户) are no catalog figure.
        var kept = observations.indices.filter { i in
            // A value no decimal can spell back (magnitudes run away: 9.6×10¹⁹) is no figure.
            let value = observations[i].value
            guard value.spellsBack else { return false }
            guard let c = candidates[i] else { return true }
            return !c.isAttributive && c.quantity.high == nil && !c.isPerUnit && !c.isGroupSum && !c.isStartingValue
                && !c.isRankedUnits
        }
        // A headline, or one month's figure, when the body states the key otherwise. Most documents
        // have neither: the sets that rule needs are not made (they were ~1% of extraction).
        let restated = kept.contains { i in candidates[i].map { $0.isHeadline || $0.isSingleMonth } ?? false }
        if restated { kept = withoutRestatements(kept, observations, candidates) }
        // A threshold stated beside the exact figure of the same sentence (only an inexact figure can be one).
        if kept.contains(where: { observations[$0].approx != .exact && candidates[$0] != nil }) {
            kept = withoutThresholds(kept, observations, candidates)
        }
        return deduplicated(observations, kept)
    }

    /// `kept` without a headline, or one month's figure, whose key the body states otherwise. Each
    /// test is a lookup in sets made once: a saved page of megabytes yields thousands of observations.
    private static func withoutRestatements(
        _ kept: [Int],
        _ observations: [Observation],
        _ candidates: [Candidate?]
    ) -> [Int] {
        struct KeyRegion: Hashable {
            var key: String
            var region: String?
        }
        struct Figure: Hashable {
            var value: ExactDecimal
            var unit: QuantityUnit
        }
        var bodyKeys = Set<String>(minimumCapacity: kept.count)
        var bodyFigures = Set<Figure>(minimumCapacity: kept.count)
        var wholeMonths = Set<KeyRegion>(minimumCapacity: kept.count)
        for i in kept {
            let c = candidates[i]
            if !(c?.isHeadline ?? false) {
                bodyKeys.insert(observations[i].key)
                bodyFigures.insert(Figure(value: observations[i].value, unit: observations[i].unit))
            }
            if !(c?.isSingleMonth ?? false) {
                wholeMonths.insert(KeyRegion(key: observations[i].key, region: observations[i].region))
            }
        }
        return kept.filter { i in
            guard let c = candidates[i] else { return true }
            let o = observations[i]
            if c.isHeadline {
                // The title's figure restated in the body, perhaps read as another key there.
                return !bodyKeys.contains(o.key) && !bodyFigures.contains(Figure(value: o.value, unit: o.unit))
            }
            if c.isSingleMonth { return !wholeMonths.contains(KeyRegion(key: o.key, region: o.region)) }
            return true
        }
    }

    /// `kept` without an approximate figure (a threshold) whose sentence states the key exactly too.
    private static func withoutThresholds(
        _ kept: [Int],
        _ observations: [Observation],
        _ candidates: [Candidate?]
    ) -> [Int] {
        struct Exact: Hashable {
            var key: String
            var region: String?
            var status: FigureStatus
            var evidence: Range<Int>
        }
        func exact(_ i: Int, _ c: Candidate) -> Exact {
            let o = observations[i]
            return Exact(key: o.key, region: o.region, status: o.status, evidence: c.evidenceRange)
        }
        // A plugin keeps a handful of figures per document: each is compared with the exact ones
        // (hashing them into a dictionary was ~1% of extraction); the dictionary is for the pages
        // with thousands.
        if kept.count <= 16 {
            var exacts: [(Exact, start: Int)] = []
            for i in kept where observations[i].approx == .exact {
                if let c = candidates[i] { exacts.append((exact(i, c), observations[i].evidence.start)) }
            }
            return kept.filter { i in
                guard observations[i].approx != .exact, let c = candidates[i] else { return true }
                let e = exact(i, c)
                let start = observations[i].evidence.start
                return !exacts.contains { $0.start != start && $0.0 == e }
            }
        }
        var exactStarts: [Exact: [Int]] = [:]
        for i in kept where observations[i].approx == .exact {
            guard let c = candidates[i] else { continue }
            exactStarts[exact(i, c), default: []].append(observations[i].evidence.start)
        }
        return kept.filter { i in
            guard observations[i].approx != .exact, let c = candidates[i] else { return true }
            let starts = exactStarts[exact(i, c)] ?? []
            return !starts.contains { $0 != observations[i].evidence.start }
        }
    }

    /// One observation per figure, however often it is stated; ordered by evidence start.
    public static func deduplicated(_ observations: [Observation]) -> [Observation] {
        deduplicated(observations, Array(observations.indices))
    }

    /// ``deduplicated(_:)`` of `observations[indices]`, sorting indices rather than observations
    /// (the same comparisons in the same order: the same result).
    private static func deduplicated(_ observations: [Observation], _ indices: [Int]) -> [Observation] {
        var out: [Observation] = []
        out.reserveCapacity(indices.count)
        let order = indices.sorted {
            (observations[$0].evidence.start, observations[$0].key) < (
                observations[$1].evidence.start, observations[$1].key
            )
        }
        // A plugin keeps a handful of figures per document: comparing each with those kept is
        // cheaper than hashing every identity into a set (the set's inserts were ~0.9% of
        // extraction); the set is for the pages with thousands.
        if order.count <= 16 {
            var seen: [Observation.Identity] = []
            seen.reserveCapacity(order.count)
            for i in order {
                let identity = observations[i].identity
                if seen.contains(identity) { continue }
                seen.append(identity)
                out.append(observations[i])
            }
            return out
        }
        var seen = Set<Observation.Identity>(minimumCapacity: order.count)
        for i in order where seen.insert(observations[i].identity).inserted {
            out.append(observations[i])
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
