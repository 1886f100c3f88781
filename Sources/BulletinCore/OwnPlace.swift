/// The place a bulletin names as its own, and the places its self-references (我省, 全国) stand for.
///
/// Evidence is weighed, not taken in a fixed order: the title's places, the issuer's, places named
/// as a source (`驻马店市科技局获悉`, `商丘日报`), the place the text opens with, and every other
/// mention. Self-references (我市, 本县, 全国…) tell which tier the text speaks from; when they do,
/// the best place of that tier wins. A title naming a place and a smaller one inside it
/// (`广州南沙`) is about the smaller one.
struct OwnPlace {
    /// The document's region in the text's own script (`青島市`, `南沙区`, `全國`), if any.
    var region: String?
    /// What 我省/全省, 我市/全市, 我县… and 全国 stand for in this text, by tier.
    var byTier: [Gazetteer.Tier: String] = [:]
    /// The tier of `region`.
    var tier: Gazetteer.Tier?
    /// How the choice was made, for `extract --explain` (rendered only when asked for).
    var reasons = RegionReasons()

    private struct Candidate {
        var written: String
        var tier: Gazetteer.Tier
        var score = 0
        var first = Int.max
    }

    /// Words after a place that make it the source of the text: its newspaper (4) or its office (3).
    private static let sourceWords = MultiPattern(
        [
            ("日报", 4), ("晚报", 4), ("新闻网", 4), ("融媒体", 4), ("电视台", 4), ("广播电视台", 4), ("新闻", 4), ("发布", 3),
            ("科学技术局", 3), ("科学技术厅", 3), ("科技局", 3), ("科技厅", 3), ("科委", 3), ("统计局", 3), ("人民政府", 3),
            ("政府", 3), ("财政局", 3), ("党委", 2), ("科协", 1), ("发改委", 1),
        ] as [(String, Int)]
    )

    /// A dateline (新华社银川9月15日电): the place the report was filed from, not its subject.
    private static func isDateline(_ v: [Unicode.Scalar], after k: Int) -> Bool {
        var j = k
        while j < v.count, j - k < 3, isASCIIDigit(v[j]) { j += 1 }
        return j > k && j < v.count && v[j] == "月"
    }

    init(
        title: String?,
        issuer: String?,
        body: [Unicode.Scalar],
        view: [Unicode.Scalar],
        extra: [ArraySlice<Unicode.Scalar>]
    ) {
        var cands: [String: Candidate] = [:]
        // `written` is spelt out only for a place's first mention.
        // Updated in place through the dictionary's default subscript: one lookup per mention.
        func add(_ m: Places.Match, written: @autoclosure () -> String, weight: Int, at position: Int) {
            func bump(_ c: inout Candidate) {
                c.score += weight
                c.first = min(c.first, position)
            }
            bump(&cands[m.canonical, default: Candidate(written: written() + m.missingSuffix, tier: m.tier)])
        }
        func scan(_ s: [Unicode.Scalar], _ v: [Unicode.Scalar], weight: Int, base: Int) {
            for m in Places.all(in: v, 0..<v.count) where !Self.isDateline(v, after: m.range.upperBound) {
                let source =
                    Self.sourceWords.match(v, at: m.range.upperBound, end: min(v.count, m.range.upperBound + 6))?.0 ?? 0
                add(m, written: String(scalars: s[m.range]), weight: weight + source, at: base + m.range.lowerBound)
            }
        }
        // Body: every mention, the opening sentence's more.
        let opening = view.firstIndex { $0 == "。" } ?? view.count
        for m in Places.all(in: view, 0..<min(view.count, 3000))
        where m.tier != .nation && !Self.isDateline(view, after: m.range.upperBound) {
            let source =
                Self.sourceWords.match(view, at: m.range.upperBound, end: min(view.count, m.range.upperBound + 6))?.0
                ?? 0
            let lede = m.range.lowerBound < opening ? 1 : 0
            add(m, written: String(scalars: body[m.range]), weight: 1 + lede + source, at: 1000 + m.range.lowerBound)
        }
        for line in extra {
            let s = Array(line)
            scan(s, TextNormalizer.matchingView(s), weight: 1, base: 900)
        }
        var titlePlaces: [String] = []
        if let t = title {
            let s = Array(t.unicodeScalars)
            let v = TextNormalizer.matchingView(s)
            // A title that reads like a sentence (a page's last line taken for its title) weighs less.
            let sentenceLike = v.count > 25 && (v.contains(",") || v.contains("，"))
            for m in Places.all(in: v, 0..<v.count)
            where m.tier != .nation && !Self.isDateline(v, after: m.range.upperBound) {
                add(m, written: String(scalars: s[m.range]), weight: sentenceLike ? 2 : 5, at: m.range.lowerBound)
                if !sentenceLike { titlePlaces.append(m.canonical) }
            }
            // A place of the body written without its suffix in the title (广州南沙 → 南沙区).
            // In order of first mention: dictionary order varies from run to run.
            let byMention = cands.sorted { ($0.value.first, $0.key) < ($1.value.first, $1.key) }
            for (key, c) in byMention where c.tier >= .county && !titlePlaces.contains(key) {
                let stem = Array(key.unicodeScalars.dropLast())
                if stem.count >= 2, v.containsSubsequence(stem) {
                    cands[key]?.score += 5
                    titlePlaces.append(key)
                }
            }
        }
        if let i = issuer {
            let s = Array(i.unicodeScalars)
            let v = TextNormalizer.matchingView(s)
            let media = ["日报", "晚报", "报社", "新闻", "网", "电视", "传媒", "都市报"].contains {
                v.containsSubsequence(Array($0.unicodeScalars))
            }
            if let m = Places.all(in: v, 0..<v.count).last(where: { $0.tier != .nation }) {
                add(m, written: String(scalars: s[m.range]), weight: media ? 3 : 6, at: 500)
            } else if !media, let r = DocumentMetadata.region(ofIssuer: i) {
                var c = cands[r] ?? Candidate(written: r, tier: .county)
                c.score += 6
                c.first = min(c.first, 500)
                cands[r] = c
            }
        }
        // Self-references: which tier the text speaks from.
        var refs: [Gazetteer.Tier: Int] = [:]
        // In an autonomous region, 全区/我区 is the region itself (asked only at a 区: most texts never
        // ask, and testing every candidate's name for the suffix was 0.2 % of extraction).
        var autonomous: Bool?
        var k = 0
        let end = view.count - 1
        while k < end {
            // Only 我, 全 and 本 open a self-reference: other scalars are passed at one comparison each.
            let c = view[k]
            if c == "我" || c == "全" || c == "本", var tier = Places.selfReference(view, at: k) {
                if tier == .county, view[k + 1] == "区" {
                    if autonomous == nil { autonomous = cands.keys.contains { $0.hasSuffix("自治区") } }
                    if autonomous == true { tier = .province }
                }
                let strong = c != "全"
                if strong || !Self.isRanking(view, k) { refs[tier, default: 0] += strong ? 3 : 1 }
            }
            k += 1
        }
        // Every order below is total (ties go to the earlier mention, then the name), so that
        // the same text always gets the same place.
        let ranked = cands.values.sorted {
            ($0.score, -$0.first, $0.written) > ($1.score, -$1.first, $1.written)
        }
        // A title naming a place and a smaller one inside it is about the smaller one.
        let titleBest = titlePlaces.compactMap { cands[$0] }.max {
            ($0.tier, $0.score, -$0.first) < ($1.tier, $1.score, -$1.first)
        }
        // How the text writes 全国 (it is searched for once: the whole body is read when it is not there).
        let writtenNation = Self.writtenNation(body, view)
        let nation = refs[.nation] ?? 0
        let localRefs = refs.filter { $0.key != .nation }
        var chosen: Candidate?
        let local = localRefs.max(by: { ($0.value, $0.key) < ($1.value, $1.key) })
        if let t = titleBest {
            chosen = t
        } else if let (tier, n) = local, n > nation, let best = ranked.first(where: { $0.tier == tier }) {
            // The text speaks from a tier (我市, 全县…): its best place of that tier.
            chosen = best
        } else if nation >= 2, nation >= (local?.value ?? 0),
            // A text about one place throughout (四川省 named 25 times) that compares it with 全国 twice
            // is that place's.
            !(ranked.first.map { $0.score >= 4 * nation + 8 } ?? false)
        {
            region = writtenNation
            tier = .nation
        } else if let best = ranked.first, best.score >= 2 {
            chosen = best
        }
        if let c = chosen {
            region = c.written
            tier = c.tier
        }
        reasons = RegionReasons(
            references: refs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            places: ranked.prefix(6).map { ($0.written, $0.score) }
        )
        for c in ranked where byTier[c.tier] == nil { byTier[c.tier] = c.written }
        byTier[.nation] = writtenNation ?? "全国"
    }

    /// True for 全省 in a ranking (居全省第三, 占全省的, 高于全省平均): a comparison, not a self-reference.
    private static func isRanking(_ v: [Unicode.Scalar], _ k: Int) -> Bool {
        let after: Unicode.Scalar = k + 2 < v.count ? v[k + 2] : " "
        if scalars1.contains(after) { return true }
        let before: Unicode.Scalar = k > 0 ? v[k - 1] : " "
        return scalars2.contains(before)
    }

    /// `全国` as the text writes it (全國 in Traditional text).
    private static func writtenNation(_ body: [Unicode.Scalar], _ view: [Unicode.Scalar]) -> String? {
        var k = 0
        while k + 1 < view.count {
            if view[k] == "全" && view[k + 1] == "国" { return String(scalars: body[k...(k + 1)]) }
            k += 1
        }
        return nil
    }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet("第平前首同各")
private let scalars2 = ScalarSet("居占于列在超比较达")

/// How a document's own place was chosen: its self-references by tier and its best-scored
/// places, kept as values and rendered only for `extract --explain`.
struct RegionReasons: Sendable, CustomStringConvertible {
    /// 我市, 全省…: a tier's name and how strongly the text refers to it.
    var references: [(Gazetteer.Tier, Int)] = []
    /// The places that scored highest, best first.
    var places: [(String, Int)] = []

    var description: String {
        // Tiers are named only here: describing an enum case is slow, and most documents are never explained.
        let named = references.map { ("\($0.0)", $0.1) }.sorted { $0.0 < $1.0 }
        return "refs " + named.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            + "; places " + places.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
    }
}
