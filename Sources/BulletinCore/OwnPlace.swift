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

    private struct Candidate {
        var written: String
        var tier: Gazetteer.Tier
        var score = 0
        var first = Int.max
    }

    /// Words after a place that make it the source of the text (its office or its newspaper).
    private static let sourceWords = MultiPattern([
        "科学技术局", "科学技术厅", "科技局", "科技厅", "科委", "科协", "统计局", "人民政府", "政府", "财政局", "发改委",
        "日报", "晚报", "新闻网", "融媒体", "电视台", "广播电视台", "发布", "新闻",
    ].map { ($0, true) })

    init(title: String?, issuer: String?, body: [Unicode.Scalar], view: [Unicode.Scalar], extra: [ArraySlice<Unicode.Scalar>]) {
        var cands: [String: Candidate] = [:]
        func add(_ m: Places.Match, written: String, weight: Int, at position: Int) {
            var c = cands[m.canonical] ?? Candidate(written: written + m.missingSuffix, tier: m.tier)
            c.score += weight
            c.first = min(c.first, position)
            cands[m.canonical] = c
        }
        func scan(_ s: [Unicode.Scalar], _ v: [Unicode.Scalar], weight: Int, base: Int) {
            for m in Places.all(in: v, 0..<v.count) {
                let source = Self.sourceWords.match(v, at: m.range.upperBound, end: min(v.count, m.range.upperBound + 6)) != nil
                add(m, written: String(scalars: s[m.range]), weight: weight + (source ? 3 : 0), at: base + m.range.lowerBound)
            }
        }
        // Body: every mention, the opening sentence's more.
        let opening = view.firstIndex { $0 == "。" } ?? view.count
        for m in Places.all(in: view, 0..<min(view.count, 3000)) where m.tier != .nation {
            let source = Self.sourceWords.match(view, at: m.range.upperBound, end: min(view.count, m.range.upperBound + 6)) != nil
            let lede = m.range.lowerBound < opening ? 1 : 0
            add(m, written: String(scalars: body[m.range]), weight: 1 + lede + (source ? 3 : 0), at: 1000 + m.range.lowerBound)
        }
        for line in extra {
            let s = Array(line)
            scan(s, TextNormalizer.matchingView(s), weight: 1, base: 900)
        }
        var titlePlaces: [String] = []
        if let t = title {
            let s = Array(t.unicodeScalars)
            let v = TextNormalizer.matchingView(s)
            for m in Places.all(in: v, 0..<v.count) where m.tier != .nation {
                add(m, written: String(scalars: s[m.range]), weight: 5, at: m.range.lowerBound)
                titlePlaces.append(m.canonical)
            }
            // A place of the body written without its suffix in the title (广州南沙 → 南沙区).
            for (key, c) in cands where c.tier >= .county && !titlePlaces.contains(key) {
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
            let media = ["日报", "晚报", "报社", "新闻", "网", "电视", "传媒", "都市报"].contains { v.containsSubsequence(Array($0.unicodeScalars)) }
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
        var k = 0
        while k + 1 < view.count {
            if let tier = Places.selfReference(view, at: k) {
                let strong = view[k] != "全"
                if strong || !Self.isRanking(view, k) { refs[tier, default: 0] += strong ? 3 : 1 }
            }
            k += 1
        }
        let ranked = cands.values.sorted { ($0.score, -$0.first) > ($1.score, -$1.first) }
        // A title naming a place and a smaller one inside it is about the smaller one.
        let titleBest = titlePlaces.compactMap { cands[$0] }.max { ($0.tier, $0.score) < ($1.tier, $1.score) }
        let nation = refs[.nation] ?? 0
        let localRefs = refs.filter { $0.key != .nation }
        var chosen: Candidate?
        if let t = titleBest {
            chosen = t
        } else if let (tier, n) = localRefs.max(by: { $0.value < $1.value }), n >= nation, n > 0,
                  let best = ranked.first(where: { $0.tier == tier && $0.score >= 2 }) {
            chosen = best
        } else if nation >= 2, (ranked.first?.score ?? 0) < 4 {
            chosen = nil
            region = Self.writtenNation(body, view)
            tier = .nation
        } else if let best = ranked.first, best.score >= 2 {
            chosen = best
        }
        if let c = chosen { region = c.written; tier = c.tier }
        for c in ranked where byTier[c.tier] == nil { byTier[c.tier] = c.written }
        byTier[.nation] = Self.writtenNation(body, view) ?? "全国"
    }

    /// True for 全省 in a ranking (居全省第三, 占全省的, 高于全省平均): a comparison, not a self-reference.
    private static func isRanking(_ v: [Unicode.Scalar], _ k: Int) -> Bool {
        let after: Unicode.Scalar = k + 2 < v.count ? v[k + 2] : " "
        if "第平前首同各".unicodeScalars.contains(after) { return true }
        let before: Unicode.Scalar = k > 0 ? v[k - 1] : " "
        return "居占于列在超比较达".unicodeScalars.contains(before)
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
