import BulletinCore
import BulletinRules

/// Science-and-technology commissioners (科技特派员): newly sent, total, service teams, bases.
public struct CommissionersPlugin: ExtractorPlugin {
    public var name: String { Self.pack.name }
    public var version: String { Self.pack.version }
    public var keys: [MetricKey] { Self.pack.keys }
    public var vocabulary: Vocabulary { Self.words }

    enum Subject: Int { case commissioner, serviceTeam, base }

    /// The plugin's rule pack, `commissioners.yaml`.
    static let pack: RulePack = {
        let p = BuiltInPack.load(PackageResources.commissioners_yaml, file: "Plugins/Commissioners/commissioners.yaml")
        BuiltInPack.check(p, subjects: ["commissioner", "service_team", "base"])
        return p
    }()
    private static let words = pack.vocabulary

    /// Verbs of a year's or a batch's intake (rule 2).
    private static let newVerbs = pack.words("new_verbs")
    /// Counts that are neither the intake nor the team (rule 2).
    private static let neither = WordList(pack.words("neither"))
    /// Words that make a selection a cumulative total: …以来共/累计/先后选派, 近年来选派.
    private static let cumulative = pack.words("cumulative")

    public init() {}

    public func extract(_ scope: ExtractionScope) -> [Observation] {
        var out: [Observation] = []
        for c in scope.candidates {
            if let o = observe(c, scope) { out.append(o) }
        }
        return out.subjectsOnlyWhenDistinct(forKey: "commissioners.bases")
    }

    private func observe(_ c: Candidate, _ scope: ExtractionScope) -> Observation? {
        let q = c.quantity
        // 255名科技人员选为市级科技特派员, 10人为2022年度市派科技特派员: people made commissioners.
        if q.unit == .persons, !c.inBreakdown, !c.leadHas(amongWords), let named = namedAs(c, scope) {
            return named
        }
        // 调整8名，其中：不再保留4名，新选派4名: the newly sent of a roster change are the year's intake.
        if q.unit == .persons, c.inBreakdown, c.leadHas(newlySentWords), c.sentence.contains("调整"),
            let s = scope.subject(of: c)
        {
            return scope.observation(
                c,
                key: "commissioners.new",
                unit: .persons,
                level: scope.level(before: s.hit.range.lowerBound, floor: s.hit.range.lowerBound - 6)
            )
        }
        guard !c.inBreakdown else { return nil }
        // Bases built somewhere: 在8个乡镇建设了科技特派员创业基地.
        if q.unit == .count, let base = builtBase(c, scope) {
            return scope.observation(c, key: "commissioners.bases", unit: .count, subject: base)
        }
        guard let s = scope.subject(of: c), let index = s.index, let subject = Subject(rawValue: index) else {
            return nil
        }
        if scope.isSubset(c, s) { return nil }
        switch subject {
        case .commissioner:
            let rest = ScalarString(scope.document.view[q.trailEnd..<max(q.trailEnd, c.clauseRange.upperBound)])
            guard q.unit == .persons, !c.isIncrement, !c.leadHas(Self.neither), !c.leadHas(amongWords),
                !["获评", "评为", "上榜", "表彰", "表扬", "优秀", "先进", "荣誉", "参加", "出席", "参会", "驻站", "牵头"]
                    .contains(where: { rest.contains($0) })
            else {
                return nil
            }
            // A count of persons must be about the commissioners themselves: named in its own
            // stretch of text, right after it, or taken up again as 人数/总数/队伍.
            // 共有336名入选 after 科技特派员选认结果: a selection's intake.
            let selected = rest.contains("入选") && c.beforeHas(selectionWords)
            guard s.isLocal || s.isHeadNoun || c.leadHas(headcountWords) || selected else {
                return nil
            }
            // 现有驻站科技特派员8人: one station's team.
            if c.clauseHas(oneStationWords) { return nil }
            let level =
                s.isHeadNoun
                ? headLevel(c, s, scope)
                : scope.level(before: s.hit.range.lowerBound, floor: s.hit.range.lowerBound - 6)
            let text =
                c.isTableCell ? c.clause : ScalarString(scope.document.view[c.clauseRange.lowerBound..<q.leadStart])
            let sentenceBefore = c.before
            let selectionAfter =
                s.isHeadNoun
                && ScalarString(
                    scope.document.view[
                        s.hit.range
                            .upperBound..<min(
                                scope.document.view.count,
                                s.hit.range.upperBound + 4
                            )
                    ]
                ).contains("选")
            if Self.newVerbs.contains(where: { text.contains($0) }) || selectionAfter || rest.contains("入选") || selected
            {
                // 此次共选派: this batch's intake, not a running total.
                let batch = c.clauseHas(batchWords) || Self.namesOneYear(c.before)
                if Self.cumulative.contains(where: { sentenceBefore.contains($0) }) || c.isMultiYear
                    || c.leadHas(totalSentWords) && !batch
                {
                    return scope.observation(c, key: "commissioners.total", unit: .persons, level: level)
                }
                // 每年选派800名: a yearly quota is a plan.
                let quota: FigureStatus? = c.leadHas(yearlyWords) ? .target : nil
                return scope.observation(c, key: "commissioners.new", unit: .persons, level: level, status: quota)
            }
            return scope.observation(c, key: "commissioners.total", unit: .persons, level: level)
        case .serviceTeam:
            guard q.unit == .count, ["个", "支", "家"].contains(q.unitText), !c.isIncrement, !c.countsPlaces,
                s.isLocal || s.isHeadNoun,
                c.sentence.contains("特派") || s.hit.range.count >= 3 && c.sentence.contains("科技")
            else { return nil }
            if s.hit.range.count == 2, ScalarString(scope.view(for: c)[s.hit.range]).description == "团队",
                !c.sentence.contains("特派")
            {
                return nil
            }
            return scope.observation(c, key: "commissioners.service_teams", unit: .count)
        case .base:
            guard q.unit == .count, !c.isIncrement, s.isLocal || s.isHeadNoun, let name = baseName(s.hit, scope) else {
                return nil
            }
            return scope.observation(c, key: "commissioners.bases", unit: .count, subject: name)
        }
    }

    /// True when the sentence opens with one year (`2023年，我省共选派…`), not a span (2014年至2020年, 以来).
    private static func namesOneYear(_ before: ScalarString) -> Bool {
        let s = before.unicodeScalars.drop { $0 == "“" || $0 == "\"" || $0 == " " || $0 == "「" }
        guard s.count >= 5, (0..<4).allSatisfy({ isDigit(s[s.startIndex + $0]) }), s[s.startIndex + 4] == "年" else {
            return false
        }
        return !spanWords.occurs(in: before)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    /// People made commissioners by a verb after the count (选为, 认定为, 确定为, 聘为, 为).
    private func namedAs(_ c: Candidate, _ scope: ExtractionScope) -> Observation? {
        let own = scope.index
        guard let hit = c.trailHits.first(where: { $0.subject(of: own) == Subject.commissioner.rawValue }) else {
            return nil
        }
        let between = ScalarString(scope.document.view[c.quantity.trailEnd..<hit.range.lowerBound])
        guard namingVerbs.occurs(in: between),
            !honourWords.occurs(in: between)
        else { return nil }
        let level = scope.level(before: hit.range.lowerBound, floor: c.quantity.trailEnd)
        return scope.observation(c, key: "commissioners.new", unit: .persons, level: level)
    }

    /// The tier written between a figure and its noun: 40名市级科技特派员.
    private func headLevel(_ c: Candidate, _ s: Candidate.Subject, _ scope: ExtractionScope) -> Level? {
        scope.level(before: s.hit.range.lowerBound, floor: c.quantity.trailEnd)
    }

    /// Only bases of commissioners: 科技特派员(创新创业示范)基地/工作站, 科特派工作样板点, not 院士专家工作站.
    private func baseName(_ hit: CueHit, _ scope: ExtractionScope) -> String? {
        let v = scope.document.view
        var k = hit.range.lowerBound - 1
        let floor = max(0, hit.range.lowerBound - 12)
        while k >= floor {
            // 科技特派员…, 特派员…, 科特派… (the short form).
            if v[k] == "特", k + 1 < v.count, v[k + 1] == "派" {
                let start = k >= 2 && v[k - 2] == "科" && v[k - 1] == "技" ? k - 2 : k >= 1 && v[k - 1] == "科" ? k - 1 : k
                return scope.bodyText(start..<hit.range.upperBound)
            }
            if v[k] == "," || v[k] == "、" || v[k] == ";" || v[k] == "。" { break }
            k -= 1
        }
        return nil
    }

    /// `在8个乡镇建设了科技特派员创业基地`: a count of places that each got a commissioners' base.
    private func builtBase(_ c: Candidate, _ scope: ExtractionScope) -> String? {
        guard c.quantity.unitText == "个", c.trailHas(buildingWords) else { return nil }
        guard let head = c.headNoun, head.subject(of: scope.index) == nil else { return nil }
        for h in c.trailHits where h.subject(of: scope.index) == Subject.base.rawValue {
            if let name = baseName(h, scope) { return name }
        }
        return nil
    }
}

// MARK: - Word lists

// The word lists of the cue tests above, each built once: these tests run for every figure,
// and a literal list would be decoded word by word on each of them.

// observe(_:_:)
private let amongWords: WordList = ["中有", "其中有"]
private let newlySentWords: WordList = ["新选派", "新增选派", "新选认"]
private let selectionWords: WordList = ["选认", "选派", "选聘", "认定"]
private let headcountWords: WordList = ["人数", "总数", "总量", "队伍", "规模"]
private let oneStationWords: WordList = ["驻站", "站内", "每个", "每支"]
private let batchWords: WordList = ["此次", "本次", "本批", "今年", "本年度"]
private let totalSentWords: WordList = ["共选派", "共计选派"]
private let yearlyWords: WordList = ["每年"]

// namesOneYear(_:)
private let spanWords: WordList = ["至", "到", "以来", "-", "~"]

// namedAs(_:_:)
private let namingVerbs: WordList = ["选为", "选认为", "认定为", "确定为", "聘为", "聘任为", "为"]
private let honourWords: WordList = ["优秀", "先进", "表彰", "表扬", "评为", "获评"]

// builtBase(_:_:)
private let buildingWords: WordList = ["建设", "建立", "建成", "设立", "创建"]
