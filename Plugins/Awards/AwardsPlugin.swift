import BulletinCore

/// Science-and-technology awards and honours (科技奖励与荣誉).
public struct AwardsPlugin: ExtractorPlugin {
    public let name = "awards"
    public let version = "1.0.0"
    public let keys: [MetricKey] = [
        MetricKey("awards.sci_tech_prizes", .count), MetricKey("awards.major_achievements", .count),
        MetricKey("awards.honors", .count),
    ]

    public init() {}

    private static let winVerbs = ["获得", "荣获", "获", "摘得", "斩获"]
    private static let totalVerbs = ["授奖", "获奖", "表彰", "奖励", "获得", "荣获", "获", "共"]
    private static let grades = ["特等奖", "一等奖", "二等奖", "三等奖"]

    public func extract(from document: Document, context: ExtractionContext) -> [Observation] {
        var out: [Observation] = []
        var sentencesWithTotal = Set<ScalarString>()
        var grades: [(Candidate, Observation)] = []
        for c in context.candidates {
            let q = c.quantity
            guard q.unit == .count || q.unit == .persons else { continue }
            // Prizes named after the count: 7项科研成果获得2022年度省科技进步奖; 授予28项成果…奖
            if q.unit == .count, !c.inBreakdown, let prize = c.trailTopics.first(where: { $0.1 == .prize }),
               Self.winVerbs.contains(where: { c.trail.contains($0) }) || c.leadHas(["授予", "颁发", "表彰", "授奖"]),
               !c.trail.contains("其中") {
                let level = context.level(before: prize.0.lowerBound, floor: q.trailEnd)
                out.append(context.observation(c, plugin: self, key: "awards.sci_tech_prizes", unit: .count, level: level,
                                               subject: Self.name(context, q.trailEnd, prize.0)))
                sentencesWithTotal.insert(c.sentence)
                continue
            }
            // 在省科学技术奖评审中,我市12个项目获奖: the prize named earlier in the sentence.
            if q.unit == .count, !c.inBreakdown, c.trail.hasPrefix("项目获奖") || c.trail.hasPrefix("获奖") || c.trail.hasPrefix("成果获奖"),
               let prize = context.topics(in: c.evidenceRange.lowerBound..<q.leadStart).last(where: { $0.1 == .prize }) {
                let level = context.level(before: prize.0.lowerBound, floor: c.evidenceRange.lowerBound)
                out.append(context.observation(c, plugin: self, key: "awards.sci_tech_prizes", unit: .count, level: level,
                                               subject: Self.name(context, c.evidenceRange.lowerBound, prize.0)))
                sentencesWithTotal.insert(c.sentence)
                continue
            }
            // Prizes named before the count: 省科学技术奖共授奖238项; grades: 一等奖3项;
            // 申报省科技奖,获奖项目8项 (the prize named in the clause before).
            if q.unit == .count, c.topic == .prize, let cue = c.topicRange,
               (c.topicIsLocal && (c.leadHas(Self.totalVerbs) || c.leadHas(Self.grades))) || (!c.inBreakdown && c.lead.hasPrefix("获奖")) {
                let level = context.level(before: cue.lowerBound, floor: cue.lowerBound - 8)
                if let grade = Self.grades.first(where: { c.lead.contains($0) }) {
                    let o = context.observation(c, plugin: self, key: "awards.sci_tech_prizes", unit: .count, level: level,
                                                subject: Self.name(context, cue.lowerBound - 8, cue) + grade)
                    grades.append((c, o))
                } else if !c.inBreakdown {
                    out.append(context.observation(c, plugin: self, key: "awards.sci_tech_prizes", unit: .count, level: level,
                                                   subject: Self.name(context, cue.lowerBound - 8, cue)))
                    sentencesWithTotal.insert(c.sentence)
                }
                continue
            }
            if c.inBreakdown || !c.topicIsLocal, c.topic == .prize, q.unit == .count, Self.grades.contains(where: { c.lead.contains($0) }) {
                // 其中一等奖1项: a breakdown, counted only when no total is given.
                let cue = c.topicRange!
                let level = context.level(before: cue.lowerBound, floor: cue.lowerBound - 8)
                let grade = Self.grades.first { c.lead.contains($0) }!
                grades.append((c, context.observation(c, plugin: self, key: "awards.sci_tech_prizes", unit: .count,
                                                      level: level, subject: Self.name(context, cue.lowerBound - 8, cue) + grade)))
                continue
            }
            // 1项成果入选全省十大科技创新成果
            if q.unit == .count, let list = c.trailTopics.first(where: { $0.1 == .majorAchievement }),
               c.trail.contains("入选") || c.trail.contains("列入") || c.trail.contains("获评") {
                let level = context.level(before: list.0.lowerBound, floor: q.trailEnd)
                out.append(context.observation(c, plugin: self, key: "awards.major_achievements", unit: .count, level: level,
                                               subject: Self.name(context, q.trailEnd, list.0)))
                continue
            }
            // Honours: 荣获10余项个人荣誉表彰; 3名科技特派员获评全省优秀科技特派员
            let honourAfter = c.trailTopics.contains { $0.1 == .honor }
            let honourBefore = c.topic == .honor && c.topicIsLocal && c.leadHas(["荣获", "获得", "获"])
            if honourAfter || honourBefore {
                out.append(context.observation(c, plugin: self, key: "awards.honors", unit: .count))
                continue
            }
            if q.unit == .persons, c.trail.contains("获评") || c.trail.contains("评为"),
               c.trail.contains("优秀") || c.trail.contains("先进") || c.trail.contains("标兵") {
                let verb = c.trail.contains("获评") ? "获评" : "评为"
                let trailCount = c.trail.count
                var start = q.trailEnd + (c.trail.firstOffset(of: verb).map { $0 + 2 } ?? 0)
                let v = context.document.view
                while start < q.trailEnd + trailCount, v[start].value >= 48 && v[start].value <= 57 || v[start] == "年" || v[start] == "度" { start += 1 }
                let honourWord = c.trail.firstOffset(of: "优秀") ?? c.trail.firstOffset(of: "先进")
                let level = honourWord.flatMap { context.level(before: q.trailEnd + $0, floor: start) }
                    ?? Self.tier(of: ScalarString(context.document.view[start..<(q.trailEnd + trailCount)]))
                out.append(context.observation(c, plugin: self, key: "awards.honors", unit: .count, level: level,
                                               subject: context.bodyText(start..<(q.trailEnd + trailCount))))
            }
        }
        for (c, o) in grades where !sentencesWithTotal.contains(c.sentence) { out.append(o) }
        let gradeSubjects = Set(grades.compactMap { $0.1.subject })
        return out.deduplicated().subjectsOnlyWhenDistinct(forKey: "awards.sci_tech_prizes") { gradeSubjects.contains($0.subject ?? "") }
    }

    /// The tier a title opens with: 全国/国家 → national, 全省/省 → provincial, 全市/市 → city, 全县/区 → county.
    static func tier(of name: ScalarString) -> Level? {
        if name.hasPrefix("全国") || name.hasPrefix("国家") { return .national }
        if name.hasPrefix("全省") || name.hasPrefix("省") { return .provincial }
        if name.hasPrefix("全市") || name.hasPrefix("市") { return .city }
        if name.hasPrefix("全县") || name.hasPrefix("全区") || name.hasPrefix("县") || name.hasPrefix("区") { return .county }
        return nil
    }

    /// The prize or list name from its tier word to the end of its cue, years skipped.
    static func name(_ ctx: ExtractionContext, _ floor: Int, _ cue: Range<Int>) -> String {
        let v = ctx.document.view
        var s = cue.lowerBound
        let lo = max(floor, 0)
        // extend left over a tier or place word (省, 全省, 国家, 澄川市)
        while s > lo {
            let c = v[s - 1]
            if c == "," || c == "、" || c == "的" || c == "获" || c == "得" || c == "选" || c == "入" || c == "度" || c == "年" || c.value < 0x80 || c == "共" || c == "评" { break }
            s -= 1
        }
        return ctx.bodyText(s..<cue.upperBound)
    }
}
