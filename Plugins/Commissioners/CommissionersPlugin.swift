import BulletinCore

/// Science-and-technology commissioners (科技特派员): newly sent, total, service teams, bases.
public struct CommissionersPlugin: ExtractorPlugin {
    public let name = "commissioners"
    public let version = "1.0.0"
    public let keys: [MetricKey] = [
        MetricKey("commissioners.new", .persons), MetricKey("commissioners.total", .persons),
        MetricKey("commissioners.service_teams", .count), MetricKey("commissioners.bases", .count),
    ]

    public init() {}

    private static let newVerbs = ["新选派", "选派", "新增", "新选聘", "新选认", "新派驻", "新认定", "新聘", "选聘"]
    private static let notTotal = ["培训", "服务", "带动", "参加", "联系", "对接", "获评", "表彰", "优秀"]

    public func extract(from document: Document, context: ExtractionContext) -> [Observation] {
        var out: [Observation] = []
        for c in context.candidates where !c.inBreakdown {
            if let o = observe(c, context) { out.append(o) }
        }
        return out.deduplicated().subjectsOnlyWhenDistinct(forKey: "commissioners.bases")
    }

    private func observe(_ c: Candidate, _ ctx: ExtractionContext) -> Observation? {
        let q = c.quantity
        guard let topic = c.topic, let cue = c.topicRange else { return nil }
        switch topic {
        case .commissioner:
            guard q.unit == .persons else { return nil }
            // 累计选派N名 is the cumulative total, not the year's new ones.
            if c.clauseHas(Self.newVerbs) && !c.leadHas(["累计", "总数", "总量"]) {
                let level = ctx.level(before: cue.lowerBound, floor: cue.lowerBound - 4)
                return ctx.observation(c, plugin: self, key: "commissioners.new", unit: .persons, level: level)
            }
            if c.leadHas(Self.notTotal) { return nil }
            return ctx.observation(c, plugin: self, key: "commissioners.total", unit: .persons)
        case .serviceTeam:
            guard q.unit == .count, c.sentence.contains("特派员") || c.sentence.contains("科技") else { return nil }
            return ctx.observation(c, plugin: self, key: "commissioners.service_teams", unit: .count)
        case .commissionerBase:
            guard q.unit == .count, c.topicIsLocal else { return nil }
            // Only bases of commissioners: 科技特派员(创新创业示范)基地/工作站, not 院士专家工作站.
            let v = ctx.document.view
            var k = cue.lowerBound - 1
            let floor = max(0, cue.lowerBound - 12)
            var start: Int?
            while k >= floor {
                if v[k] == "特", k + 2 < v.count, v[k + 1] == "派", v[k + 2] == "员" {
                    start = k >= 2 && v[k - 2] == "科" && v[k - 1] == "技" ? k - 2 : k
                    break
                }
                if v[k] == "," || v[k] == "、" || v[k] == ";" { break }
                k -= 1
            }
            guard let s = start else { return nil }
            return ctx.observation(c, plugin: self, key: "commissioners.bases", unit: .count,
                                   subject: ctx.bodyText(s..<cue.upperBound))
        default:
            return nil
        }
    }
}
