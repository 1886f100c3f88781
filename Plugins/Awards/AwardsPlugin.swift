import BulletinCore
import BulletinRules

/// Science-and-technology awards and honours (科技奖励与荣誉).
public struct AwardsPlugin: ExtractorPlugin {
    public var name: String { AwardsVocabulary.pack.name }
    public var version: String { AwardsVocabulary.pack.version }
    public var keys: [MetricKey] { AwardsVocabulary.pack.keys }
    public var vocabulary: Vocabulary { AwardsVocabulary.vocabulary }

    public init() {}

    private typealias V = AwardsVocabulary

    /// A prize figure found, and what it is: a total of a prize system, of one category, or a grade.
    private struct Prize {
        enum Kind { case total, category, grade }
        var observation: Observation
        var kind: Kind
        var sentence: Int
    }

    public func extract(_ scope: ExtractionScope) -> [Observation] {
        var prizes: [Prize] = []
        var others: [Observation] = []
        let own = scope.index
        for c in scope.candidates {
            let q = c.quantity
            guard q.unit == .count || q.unit == .persons, q.high == nil else { continue }
            // Most figures are far from any prize or honour: one look at the sentence's words first.
            guard
                c.hits.contains(where: { $0.owner == own }) || c.isTableCell
                    || c.beforeHas(Self.nearWords) || c.trailHas(Self.nearWords)
            else { continue }
            guard !c.isIncrement, !c.isShare else { continue }
            if let p = prize(c, scope) {
                prizes.append(p)
            } else if let o = achievement(c, scope) ?? honour(c, scope) {
                others.append(o)
            }
        }
        // Grades count only where no total is given nearby; categories only where no total of
        // their prize system is given (rule 4).
        // Totals and categories in sentence order; each grade or category looks only at those of
        // the sentences before it within `reach` (a megabyte page holds thousands of prizes).
        let heads = prizes.filter { $0.kind != .grade }.sorted { $0.sentence < $1.sentence }
        let reach = 400
        func headsBefore(_ p: Prize, within span: Int) -> ArraySlice<Prize> {
            let lo = heads.partitionIndex { $0.sentence >= p.sentence - span }
            let end = heads.partitionIndex { $0.sentence > p.sentence }
            return heads[lo..<max(lo, end)]
        }
        let kept = prizes.filter { p in
            switch p.kind {
            case .total: return true
            case .grade:
                // Under a total nearby, or a total of the same tier anywhere before.
                // A grade of no stated tier under a total of the document's own tier is part of that total.
                let ownTier = scope.document.regionLevel
                return !headsBefore(p, within: reach).contains {
                    Self.covers($0, p)
                        && (p.sentence - $0.sentence <= 3
                            || p.observation.level != nil && $0.observation.level == p.observation.level
                            || p.observation.level == nil && ownTier != nil && $0.observation.level == ownTier)
                }
            case .category:
                // A category under a total of its own prize system (same tier) is a part of it.
                return !headsBefore(p, within: 6).contains {
                    $0.kind == .total
                        && ($0.observation.level == nil || p.observation.level == nil
                            || $0.observation.level == p.observation.level)
                }
            }
        }
        let gradeSubjects = Set(kept.filter { $0.kind == .grade }.compactMap { $0.observation.subject })
        return (kept.map(\.observation) + others)
            .subjectsOnlyWhenDistinct(forKey: "awards.sci_tech_prizes") { gradeSubjects.contains($0.subject ?? "") }
    }

    /// Prize counts: 7项成果获得省科技进步奖; 省科学技术奖共授奖238项; 一等奖3项; 广州地区获奖136项.
    private func prize(_ c: Candidate, _ scope: ExtractionScope) -> Prize? {
        let q = c.quantity
        let lead = c.leadOutsideQuotes
        let own = scope.index
        let isPrize = { (h: CueHit) in
            h.subject(of: own) == V.Subject.prize.rawValue || h.subject(of: own) == V.Subject.category.rawValue
        }
        // 授予…等9个企业创新团队科技创新特别奖, 授予…等8名外国专家…合作奖: whoever a prize is granted to.
        // 授予308万载重吨…研制等33项成果…二等奖: a number inside a project's name cuts the lead; the
        // clause still opens with the grant.
        let opening = c.clause.unicodeScalars.prefix(max(0, q.start - c.clauseRange.lowerBound))
        let grantedByClause = V.grantVerbs.contains { ScalarString(opening).hasPrefix($0) }
        let granted = (c.leadHas(V.grantVerbsList) || grantedByClause) && c.trailHits.contains(where: isPrize)
        // 授予乘用车电子电器系统等12项成果: the names of what is granted are not words of the sentence.
        var words = lead
        if lead.hasSuffix("等"), let g = V.grantVerbs.compactMap({ lead.firstOffset(of: $0) }).min() {
            words = ScalarString(lead.unicodeScalars.prefix(g))
        }
        guard q.unit == .count || q.unit == .persons && granted, !c.inBreakdown,
            !V.notPrizes.contains(where: { words.contains($0) }),
            !c.trailHas(nominationWords),
            // 全省共颁发13项，高校作为第一完成单位共获奖11项: the universities' part of the total.
            !scope.leadNamesSubset(c)
        else { return nil }
        let sentence = scope.document.sentenceIndex(containing: q.start) ?? Int.max
        let noun = ScalarString(c.trail.unicodeScalars.prefix(4))
        let isItems =
            q.unitText == "项"
            || q.unitText == "个"
                && (noun.contains("项目") || noun.contains("成果") || noun.contains("奖项")
                    || c.leadHas(V.gradesList) || c.lead.hasSuffix("奖") || granted)
            || q.unitText == "批" && noun.contains("成果")
            || q.unit == .persons
        guard isItems else { return nil }
        // The prize named after the count: 7项科研成果获得2022年度省科技进步奖; 授予28项成果…奖.
        if let prize = c.trailHits.first(where: isPrize),
            V.winVerbs.contains(where: { c.trail.contains($0) }) || c.leadHas(V.grantOrHonourVerbsList) || granted
        {
            let grade = V.grades.first { c.trail.contains($0) }
            // Several categories named at once (分获自然科学奖、技术发明奖…“三大奖”) make a total.
            let whole = c.trailHits.contains { $0.subject(of: own) == V.Subject.prize.rawValue }
            let named = whole ? c.trailHits.last { $0.subject(of: own) == V.Subject.prize.rawValue } ?? prize : prize
            var made = make(c, scope, prize: named, floor: q.trailEnd, grade: grade, sentence: sentence)
            // People granted a prize are winners of one prize, never the total of a list.
            if q.unit == .persons, made.kind == .total { made.kind = .category }
            return made
        }
        guard q.unit == .count else { return nil }
        // 共有153项成果获奖 / 广州地区获奖136项: the prize named earlier in the sentence or the one before.
        let wins =
            c.trailHas(winningWords) || c.lead.hasSuffix("获奖")
            || c.leadHas(prizeTotalWords)
            || c.leadHas(grantingWords) && c.trailHas(prizeItemWords)
        if wins, let prize = earlierPrize(c, scope, within: 3) {
            let grade = V.grades.first { c.lead.contains($0) }
            return make(c, scope, prize: prize, floor: c.evidenceRange.lowerBound, grade: grade, sentence: sentence)
        }
        // 还有299个科研项目获奖: projects winning, the prize named only in other words (科技大奖).
        if wins, c.trailHas(wonPrizeWords), noun.contains("项目") || noun.contains("成果"), scope.subject(of: c) == nil {
            return Prize(
                observation: scope.observation(c, key: "awards.sci_tech_prizes", unit: .count),
                kind: .total,
                sentence: sentence
            )
        }
        // The prize named before the count: 省科学技术奖共授奖238项; 获得科技创新奖一等奖4项.
        if let s = scope.subject(of: c), let i = s.index,
            i == V.Subject.prize.rawValue || i == V.Subject.category.rawValue,
            s.isLocal || c.leadHas(V.gradesList) || c.lead.hasPrefix("获奖") || c.lead.hasPrefix("授奖")
                // 国家科学技术奖揭晓，共评选出250个项目: the prize of the sentence, totalled.
                || c.evidenceRange.contains(s.hit.range.lowerBound)
                    && c.leadHas(totallingWords),
            c.leadHas(V.totalVerbsList) || c.leadHas(V.gradesList) || c.lead.hasSuffix("奖")
        {
            let grade = V.grades.first { c.lead.contains($0) }
            return make(c, scope, prize: s.hit, floor: s.hit.range.lowerBound - 8, grade: grade, sentence: sentence)
        }
        // 48项科研成果为二等奖: a grade of the prize named earlier.
        if let grade = V.grades.first(where: { c.trail.contains($0) }), c.trailHas(gradeLinkWords),
            let prize = earlierPrize(c, scope, within: 3)
        {
            return make(c, scope, prize: prize, floor: prize.range.lowerBound - 12, grade: grade, sentence: sentence)
        }
        // A grade under a prize named in a heading above: 一等奖2项.
        if let grade = V.grades.first(where: { c.lead.contains($0) }), c.lead.count <= 6,
            let prize = earlierPrize(c, scope, within: 6)
        {
            return make(c, scope, prize: prize, floor: prize.range.lowerBound - 12, grade: grade, sentence: sentence)
        }
        // 24项科技成果获省以上奖励.
        if c.trail.hasPrefix("科技成果获") || c.trail.hasPrefix("成果获"), c.trail.contains("奖励") {
            return Prize(
                observation: scope.observation(
                    c,
                    key: "awards.sci_tech_prizes",
                    unit: .count,
                    level: Self.tier(of: c.trail.removingAll("科技成果获").removingAll("成果获"))
                ),
                kind: .total,
                sentence: sentence
            )
        }
        return nil
    }

    private func make(
        _ c: Candidate,
        _ scope: ExtractionScope,
        prize: CueHit,
        floor: Int,
        grade: String?,
        sentence: Int
    ) -> Prize {
        let level = scope.level(before: prize.range.lowerBound, floor: max(0, floor), ownPlaceIsTier: true)
        let name = Self.name(scope, floor, prize) + (grade ?? "")
        let kind: Prize.Kind =
            grade != nil ? .grade : prize.subject(of: scope.index) == V.Subject.category.rawValue ? .category : .total
        return Prize(
            observation: scope.observation(c, key: "awards.sci_tech_prizes", unit: .count, level: level, subject: name),
            kind: kind,
            sentence: sentence
        )
    }

    /// The last prize named before the figure in its sentence or the `within` sentences before it.
    private func earlierPrize(_ c: Candidate, _ scope: ExtractionScope, within: Int) -> CueHit? {
        let own = scope.index
        let isPrize = { (h: CueHit) in
            !h.isName
                && (h.subject(of: own) == V.Subject.prize.rawValue || h.subject(of: own) == V.Subject.category.rawValue)
        }
        if let h = c.hits.last(where: { $0.range.upperBound <= c.quantity.leadStart && isPrize($0) }) { return h }
        guard let si = scope.document.sentenceIndex(containing: c.quantity.start) else { return nil }
        var k = si - 1
        while k >= 0, si - k <= within {
            let r = scope.document.sentences[k].range
            if let h = scope.context.lexicon.hits(in: scope.document.view, r).last(where: isPrize) { return h }
            k -= 1
        }
        return nil
    }

    /// 1项成果入选全省十大科技创新成果.
    private func achievement(_ c: Candidate, _ scope: ExtractionScope) -> Observation? {
        guard c.quantity.unit == .count, ["项", "个"].contains(c.quantity.unitText),
            let list = c.trailHits.first(where: { $0.subject(of: scope.index) == V.Subject.majorAchievement.rawValue }),
            c.trailHas(listingWords)
        else { return nil }
        let level = scope.level(before: list.range.lowerBound, floor: c.quantity.trailEnd, ownPlaceIsTier: true)
        return scope.observation(
            c,
            key: "awards.major_achievements",
            unit: .count,
            level: level,
            subject: Self.name(scope, c.quantity.trailEnd, list, quotes: true)
        )
    }

    /// Honours: 荣获10余项个人荣誉表彰; 3名科技特派员获评全省优秀科技特派员; 4家企业获评30强; 7个团队获…奖牌.
    private func honour(_ c: Candidate, _ scope: ExtractionScope) -> Observation? {
        let q = c.quantity
        guard !c.inBreakdown, !c.leadHas(quotaWords) else { return nil }
        let own = scope.index
        // Honours are named in the rest of the clause, past any figures listed with this one
        // (对70个集体和170名个人进行了通报表扬).
        let restRange = q.trailEnd..<max(q.trailEnd, c.clauseRange.upperBound)
        let rest = ScalarString(scope.document.view[restRange])
        let honourAfter = c.hits.contains {
            restRange.contains($0.range.lowerBound) && $0.subject(of: own) == V.Subject.honor.rawValue
        }
        // 授予…等55家单位为…先进集体; 评选表彰300个先进集体: the verb stands before the count.
        let granted = c.leadHas(V.grantVerbsList) && rest.contains("为")
        let verb =
            V.honourVerbs.first { rest.contains($0) } ?? (granted ? "为" : nil)
            ?? (c.clauseHas(commendationWords) && honourAfter ? "" : nil)
        let ranking = Self.isRanking(rest)
        let groups = q.unit == .persons || ["个", "家", "项", "支", "人次"].contains(q.unitText)
        let attending = attendingWords.occurs(in: rest) && !rest.contains("予以")
        if groups, !attending,
            honourAfter && (verb != nil || rest.contains("表扬") || rest.contains("表彰")) || ranking && verb != nil
        {
            let trailEnd = restRange.upperBound
            let at = verb.flatMap { rest.firstOffset(of: $0) }
            var start = q.trailEnd + (at.map { $0 + (verb?.unicodeScalars.count ?? 0) } ?? 0)
            let v = scope.document.view
            while start < trailEnd, Self.isDigit(v[start]) || v[start] == "年" || v[start] == "度" || v[start] == "第" {
                start += 1
            }
            // A commendation with no title (对…予以通报表扬) is named by its word; its tier is the commending body's.
            let titled = verb != nil && verb != "予以" && verb != "" && at.map({ $0 < 4 }) == true
            let named =
                titled
                ? scope.bodyText(start..<trailEnd)
                : c.hits.first {
                    restRange.contains($0.range.lowerBound) && $0.subject(of: own) == V.Subject.honor.rawValue
                }
                .map { scope.bodyText($0.range) } ?? ""
            let level =
                (titled ? Self.tier(of: ScalarString(v[start..<trailEnd])) : nil) ?? Self.commendingTier(c.before)
            return scope.observation(
                c,
                key: "awards.honors",
                unit: .count,
                level: level,
                subject: named.isEmpty ? nil : named
            )
        }
        // 荣获10余项个人荣誉表彰 / 获得表彰10项 / 共表彰先进单位56个.
        if let s = scope.subject(of: c), s.index == V.Subject.honor.rawValue, s.isLocal,
            c.leadHas(receivingWords) || c.beforeHas(commendingOrNamingWords) && !c.beforeHas(candidacyWords)
        {
            return scope.observation(c, key: "awards.honors", unit: .count)
        }
        // 13名科技特派员光荣上榜 after a commendation list is announced.
        if q.unit == .persons, c.trailHas(onListWords),
            c.before.contains("表扬") || c.before.contains("表彰")
                || previousSentence(c, scope).map({ $0.contains("表扬") || $0.contains("表彰") }) == true
        {
            return scope.observation(c, key: "awards.honors", unit: .count, level: previousLevel(c, scope))
        }
        return nil
    }

    private func previousSentence(_ c: Candidate, _ scope: ExtractionScope) -> ScalarString? {
        guard let si = scope.document.sentenceIndex(containing: c.quantity.start), si > 0 else { return nil }
        return ScalarString(scope.document.view[scope.document.sentences[si - 1].range])
    }

    private func previousLevel(_ c: Candidate, _ scope: ExtractionScope) -> Level? {
        guard let p = previousSentence(c, scope) else { return nil }
        return Self.tier(of: p)
    }

    /// The tier of the body that commends, named before the figure (省科技厅, 市政府, 县科技局, 科技部).
    static func commendingTier(_ s: ScalarString) -> Level? {
        let bodies: [(String, Level)] = [
            ("科技部", .national), ("国务院", .national), ("中国科协", .national), ("省科技厅", .provincial), ("省政府", .provincial),
            ("省委", .provincial), ("省人民政府", .provincial), ("科技厅", .provincial), ("市科技局", .city), ("市政府", .city),
            ("市委", .city), ("市人民政府", .city), ("县科技局", .county), ("县政府", .county), ("县委", .county),
            ("区科技局", .county), ("区政府", .county),
        ]
        var best: (Int, Level)?
        for (word, level) in bodies {
            if let at = s.lastOffset(of: word), best.map({ at > $0.0 }) ?? true { best = (at, level) }
        }
        return best?.1
    }

    /// `30强`, `百强`, `前十强`: a ranking.
    private static func isRanking(_ t: ScalarString) -> Bool {
        let s = t.unicodeScalars
        var k = s.startIndex
        while k + 1 < s.endIndex {
            if s[k + 1] == "强", isDigit(s[k]) || scalars1.contains(s[k]) { return true }
            k += 1
        }
        return false
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    /// The tier a title opens with or names first: 全国/国家 → national, 全省/省 → provincial, 全市/市 → city, 全县/区 → county.
    static func tier(of name: ScalarString) -> Level? {
        for (word, level) in [
            ("全国", Level.national), ("国家", .national), ("省", .provincial), ("市", .city), ("县", .county),
            ("区", .county),
        ] where name.contains(word) {
            return level
        }
        return nil
    }

    /// The prize or list name from its tier word to the end of its cue, years skipped.
    /// Words without which a sentence holds no prize nor honour of this plugin's (besides its cues).
    static let nearWords: WordList = ["奖", "表彰", "表扬", "荣誉", "先进", "称号", "成果", "榜", "获评", "评为", "优秀", "强", "入选", "授予"]

    /// True when `whole` may hold the grade `part`: a total, or the category the grade is of
    /// (国家科学技术进步奖 holds 国家科学技术进步奖一等奖, not 国家自然科学奖一等奖).
    private static func covers(_ whole: Prize, _ part: Prize) -> Bool {
        guard whole.kind == .category, let w = whole.observation.subject, let g = part.observation.subject else {
            return true
        }
        return g.hasPrefix(w) || w.hasPrefix(g)
    }

    static func name(_ scope: ExtractionScope, _ floor: Int, _ cue: CueHit, quotes: Bool = false) -> String {
        let v = scope.document.view
        var s = cue.range.lowerBound
        let lo = max(floor, 0)
        // extend left over a tier or place word (省, 全省, 国家, 澄川市)
        while s > lo {
            let c = v[s - 1]
            if quotes && (c == "“" || c == "”" || c == "\"") {
                s -= 1
                continue
            }
            if c == "," || c == "、" || c == "的" || c == "获" || c == "得" || c == "选" || c == "入" || c == "度" || c == "年"
                || c.value < 0x80 || c == "共" || c == "评" || c == "予" || c == "项" || c == "果" || c == "在" || c == "了"
            {
                break
            }
            s -= 1
        }
        var e = cue.range.upperBound
        if quotes, e < v.count, v[e] == "”" || v[e] == "\"" { e += 1 }
        return scope.bodyText(s..<e)
    }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet("十百千")

// MARK: - Word lists

// The word lists of the cue tests above, each built once: these tests run for every figure,
// and a literal list would be decoded word by word on each of them.

// prize(_:_:)
private let nominationWords: WordList = ["申报", "参评", "提名"]
private let winningWords: WordList = ["获奖", "获得奖励", "获得表彰", "获表彰", "获得了奖励"]
private let prizeTotalWords: WordList = ["总奖项数", "授奖总数", "奖项总数", "获奖总数"]
private let grantingWords: WordList = ["授予", "授奖", "颁发"]
private let prizeItemWords: WordList = ["奖项"]
private let wonPrizeWords: WordList = ["获奖"]
private let totallingWords: WordList = ["共评选出", "共授奖", "评选出", "共评出", "共有", "共颁发", "颁发"]
private let gradeLinkWords: WordList = ["为", "获"]

// achievement(_:_:)
private let listingWords: WordList = ["入选", "列入", "获评", "评为", "入围", "登上"]

// honour(_:_:)
private let quotaWords: WordList = ["名额", "每", "不超过", "推荐", "申报", "候选"]
private let commendationWords: WordList = ["表彰", "表扬"]
private let attendingWords: WordList = ["参加", "出席", "大会", "会议", "名单"]
private let receivingWords: WordList = ["荣获", "获得", "获"]
private let commendingOrNamingWords: WordList = ["表彰", "表扬", "命名"]
private let candidacyWords: WordList = ["推荐", "申报", "候选"]
private let onListWords: WordList = ["上榜", "入选"]
