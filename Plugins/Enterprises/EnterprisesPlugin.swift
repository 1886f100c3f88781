import BulletinCore

/// Innovation entities (创新主体): high-tech enterprises, tech SMEs, recognized lists,
/// R&D coverage and the high-tech industry.
public struct EnterprisesPlugin: ExtractorPlugin {
    public let name = "enterprises"
    public let version = "1.0.0"
    public let keys: [MetricKey] = [
        MetricKey("enterprises.high_tech.total", .count), MetricKey("enterprises.high_tech.new", .count),
        MetricKey("enterprises.high_tech.growth", .percent), MetricKey("enterprises.tech_sme.total", .count),
        MetricKey("enterprises.tech_sme.growth", .percent), MetricKey("enterprises.recognized", .count),
        MetricKey("enterprises.rd_coverage", .percent), MetricKey("enterprises.high_tech_industry.value", .cny),
        MetricKey("enterprises.high_tech_industry.share", .percent),
        MetricKey("enterprises.high_tech_industry.growth", .percent),
    ]

    public init() {}

    /// Words that make a count of enterprises something other than a stock or an addition.
    private static let notAStock = ["申报", "拟认定", "公示", "推荐", "后备", "培育库", "每家", "奖励", "补助", "给予", "兑现"]
    private static let additions = ["新增", "新认定", "净增", "新培育", "新通过", "通过认定", "新获批", "新晋"]
    private static let listVerbs = ["入选", "认定为", "评为", "获评", "列入", "成为", "获批", "获认定", "被认定"]
    private static let stockWords = ["新增", "达到", "达", "总数", "累计", "共有", "有"]

    /// `“专精特新”企业达到` → `“专精特新”企业`: the list without the verb of its count.
    static func trimStock(_ s: String) -> String {
        var t = s
        var changed = true
        while changed {
            changed = false
            for w in ["达到", "总数", "总量", "数量", "累计", "共有", "达", "有", "名单", "榜单", "名录", ",", "，", " "] where t.hasSuffix(w) {
                t.removeLast(w.count); changed = true
            }
        }
        return t
    }

    /// Where a list name starts when no verb precedes it: after 全市/全省/我市 or the clause start.
    static func listStart(_ ctx: ExtractionContext, before k: Int, floor: Int) -> Int {
        ctx.end(ofFirst: ["全市", "全省", "全县", "全区", "我市", "我省", "我县", "我区"], in: floor..<k) ?? floor
    }

    public func extract(from document: Document, context: ExtractionContext) -> [Observation] {
        var out: [Observation] = []
        for c in context.candidates where !c.inBreakdown {
            if let o = observe(c, context) { out.append(o) }
        }
        return out.deduplicated()
    }

    private func observe(_ c: Candidate, _ ctx: ExtractionContext) -> Observation? {
        let q = c.quantity
        // Recognized lists, written after the count: 7家企业入选省创新龙头企业、"瞪羚"企业.
        if q.unit == .count, q.unitText == "家", !c.trail.isEmpty,
           let list = c.trailTopics.first(where: { $0.1 == .recognizedList }),
           let verb = Self.listVerbs.first(where: { c.trail.contains($0) }) {
            let subject = Self.subject(after: verb, in: c, ctx)
            let verbEnd = q.trailEnd + (c.trail.firstOffset(of: verb).map { $0 + verb.unicodeScalars.count } ?? 0)
            let level = ctx.level(before: list.0.lowerBound, floor: verbEnd)
            return ctx.observation(c, plugin: self, key: "enterprises.recognized", unit: .count, level: level, subject: subject)
        }
        guard let topic = c.topic else { return nil }
        switch topic {
        case .highTech:
            if q.unit == .count, q.unitText == "家" || q.unitText == "个" {
                if c.leadHas(Self.notAStock) || c.clauseHas(["申报"]) { return nil }
                // 较去年增加23家: a net addition, like 净增
                // (增加到/增至N家 is the new total, not an addition)
                let reachesTotal = c.leadHas(["增加到", "增加至", "增至", "增长到", "增长至", "提高到", "达到"])
                let netIncrease = c.lead.removingAll("增加值").contains("增加") && !c.topicIsLocal && !reachesTotal
                if netIncrease || c.leadHas(Self.additions) || c.clauseHas(Self.additions.filter { $0 != "通过认定" }) && c.topicIsLocal {
                    return ctx.observation(c, plugin: self, key: "enterprises.high_tech.new", unit: .count)
                }
                return ctx.observation(c, plugin: self, key: "enterprises.high_tech.total", unit: .count)
            }
            if let g = Growth.percent(c), !c.leadHas(["占", "比重"]) {
                return ctx.observation(c, plugin: self, key: "enterprises.high_tech.growth", unit: .percent, value: g)
            }
        case .techSME:
            // 新增…入库128家 is an addition, not the stock (the catalog has no key for it).
            if q.unit == .count, q.unitText == "家" || q.unitText == "个", !c.leadHas(Self.notAStock), !c.leadHas(Self.additions) {
                return ctx.observation(c, plugin: self, key: "enterprises.tech_sme.total", unit: .count)
            }
            if let g = Growth.percent(c), !c.leadHas(["占", "比重"]) {
                return ctx.observation(c, plugin: self, key: "enterprises.tech_sme.growth", unit: .percent, value: g)
            }
        case .recognizedList:
            // 入选省"瞪羚"企业5家
            // 入选省"瞪羚"企业5家; 全市"专精特新"企业达到42家 (the number on a list)
            if q.unit == .count, q.unitText == "家", c.topicIsLocal, c.leadHas(Self.listVerbs + Self.stockWords),
               let first = ctx.topics(in: c.leadRange).first(where: { $0.1 == .recognizedList }) {
                let verbEnd = ctx.end(ofFirst: Self.listVerbs + ["新增"], in: c.leadRange)
                    ?? Self.listStart(ctx, before: first.0.lowerBound, floor: c.leadRange.lowerBound)
                let level = ctx.level(before: first.0.lowerBound, floor: verbEnd)
                let subject = Self.trimStock(ctx.bodyText(min(verbEnd, first.0.lowerBound)..<c.quantity.leadStart))
                return ctx.observation(c, plugin: self, key: "enterprises.recognized", unit: .count, level: level,
                                       subject: subject.isEmpty ? nil : subject)
            }
        case .rdCoverage:
            if q.unit == .percent, !c.isChange, c.sentence.contains("研发") {
                return ctx.observation(c, plugin: self, key: "enterprises.rd_coverage", unit: .percent)
            }
        case .highTechIndustry:
            if q.isMoneyLike, !c.isChange {
                return ctx.observation(c, plugin: self, key: "enterprises.high_tech_industry.value", unit: .cny)
            }
            if q.unit == .percent, c.leadHas(["比重", "占"]) {
                return ctx.observation(c, plugin: self, key: "enterprises.high_tech_industry.share", unit: .percent)
            }
            if let g = Growth.percent(c) {
                return ctx.observation(c, plugin: self, key: "enterprises.high_tech_industry.growth", unit: .percent, value: g)
            }
        default:
            return nil
        }
        return nil
    }

    /// The list named after the verb, in the document's own script: `省创新龙头企业、"瞪羚"企业`.
    static func subject(after verb: String, in c: Candidate, _ ctx: ExtractionContext) -> String? {
        guard let at = c.trail.firstOffset(of: verb) else { return nil }
        var start = c.quantity.trailEnd + at + verb.unicodeScalars.count
        let end = c.quantity.trailEnd + c.trail.count
        // skip a year: 入选2023年度…
        let v = ctx.document.view
        while start < end, v[start].value >= 48 && v[start].value <= 57 || v[start] == "年" || v[start] == "度" { start += 1 }
        let s = trimStock(ctx.bodyText(start..<end))
        return s.isEmpty ? nil : s
    }
}
