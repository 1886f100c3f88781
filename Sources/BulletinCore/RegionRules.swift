/// The place a figure is about when it is not the document's own: a place written just before
/// it (`株洲市105.61亿元`), a 分别 list's place, the place opening its clause or an earlier clause
/// of its sentence (`分市看，青川市…`, `2021年南沙区…`), or what a self-reference stands for when
/// it is another tier than the document's (`我省` in a city's report → the province it names).
enum RegionRules {
    /// The figure's region, or nil for the document's own. `clauseStarts` are the clause starts of
    /// the figure's sentence (``Clauses/starts(_:_:)``), shared by its figures.
    static func region(
        _ document: Document,
        clauseStarts: [Int],
        lead: Range<Int>,
        figureStart: Int,
        mapped: Places.Match?
    ) -> String? {
        let v = document.view
        if let m = mapped { return named(document, m) }
        // A place, or a self-reference, opening the figure's own lead or written right before it
        // (`株洲市105.61亿元`), not one inside a name the lead lists (`中国航发四川燃气…`).
        if let p = lastPlace(document, lead, figureStart: figureStart) { return p.name(document) }
        // The place opening the figure's clause or an earlier clause of its sentence: the last one
        // found. The clause starts before the figure are the sentence's (a break is told by the text
        // around it alone), so they are found once per sentence, and read from the figure backwards
        // to stop at the first place (region was 1.7% of extraction, rescanning from the sentence start).
        for start in clauseStarts.reversed() where start < figureStart {
            let j = Clauses.skipTimeWords(v, from: start, end: figureStart)
            if let p = placeAt(document, j, end: figureStart) { return p.name(document) }
        }
        return nil
    }

    /// A place found in the text. Its name for the output is spelt out only for the one that is
    /// kept (later finds replace earlier ones).
    private enum Found {
        case selfReference(Gazetteer.Tier)
        case place(Places.Match)

        /// The name for the output (nil: the document's own).
        func name(_ document: Document) -> String? {
            switch self {
            case .selfReference(let tier): selfPlace(document, tier)
            case .place(let m): named(document, m)
            }
        }
    }

    /// The last place or self-reference in `range`.
    private static func lastPlace(_ document: Document, _ range: Range<Int>, figureStart: Int) -> Found? {
        let v = document.view
        let opening = Clauses.skipTimeWords(v, from: range.lowerBound, end: range.upperBound)
        var found: Found?
        var k = range.lowerBound
        while k < range.upperBound {
            if let tier = Places.selfReference(v, at: k), k + 2 <= range.upperBound {
                if k <= opening || figureStart - (k + 2) <= 3 { found = .selfReference(tier) }
                k += 2
                continue
            }
            if Places.canStart(v, k, floor: range.lowerBound), let m = Places.match(v, at: k, end: range.upperBound) {
                if k <= opening || figureStart - m.range.upperBound <= 3 || v[m.range.upperBound] == "(" {
                    found = .place(m)
                }
                k = m.range.upperBound
                continue
            }
            k += 1
        }
        return found
    }

    /// A place or self-reference starting at `k`.
    private static func placeAt(_ document: Document, _ k: Int, end: Int) -> Found? {
        let v = document.view
        guard k < end else { return nil }
        if let tier = Places.selfReference(v, at: k) { return .selfReference(tier) }
        if let m = Places.match(v, at: k, end: end) { return .place(m) }
        return nil
    }

    /// The name a place match is written with (body script, suffix added), nil when it is the document's region.
    static func named(_ document: Document, _ m: Places.Match) -> String? {
        let written = document.text(m.range) + m.missingSuffix
        return isSameAsDocument(written, document) ? nil : written
    }

    /// What 我省/全省, 我市… stand for: nil for the document's own tier or when the text names no such place.
    private static func selfPlace(_ document: Document, _ tier: Gazetteer.Tier) -> String? {
        guard let name = document.selfPlaces[tier] else { return nil }
        return isSameAsDocument(name, document) ? nil : name
    }

    static func isSameAsDocument(_ place: String, _ document: Document) -> Bool {
        guard let b = document.regionView else { return false }
        let a = TextNormalizer.matchingView(Array(place.unicodeScalars))
        if a == b { return true }
        // 霁川 vs 霁川市
        return a.count >= 2 && (b.starts(with: a) || a.starts(with: b))
    }
}
