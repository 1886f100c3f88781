import BulletinCore

/// Science-and-technology finance and spending (科技金融与投入): 科技贷 loans, technology
/// contracts, funding obtained, R&D expenditure and intensity, fiscal S&T spending.
public struct FinancePlugin: ExtractorPlugin {
    public let name = "finance"
    public let version = "1.0.0"
    public let keys: [MetricKey] = [
        MetricKey("finance.tech_loans.count", .count), MetricKey("finance.tech_loans.amount", .cny),
        MetricKey("finance.tech_contracts.count", .count), MetricKey("finance.tech_contracts.turnover", .cny),
        MetricKey("finance.tech_contracts.growth", .percent), MetricKey("finance.funding.obtained", .cny),
        MetricKey("finance.funding.target_completion", .percent), MetricKey("finance.rd_expenditure", .cny),
        MetricKey("finance.rd_expenditure.growth", .percent), MetricKey("finance.rd_intensity", .percent),
        MetricKey("finance.fiscal_spending", .cny),
    ]

    public init() {}

    private static let obtainVerbs = ["争取", "获得", "获批", "落实", "到位", "引进", "获"]
    private static let notObtained = ["设立", "给予", "每家", "奖励", "补助", "兑现", "安排"]

    public func extract(from document: Document, context: ExtractionContext) -> [Observation] {
        var out: [Observation] = []
        for c in context.candidates where !c.inBreakdown {
            if let o = observe(c, context) { out.append(o) }
        }
        return out.deduplicated()
    }

    private func observe(_ c: Candidate, _ ctx: ExtractionContext) -> Observation? {
        let q = c.quantity
        guard let topic = c.topic else { return nil }
        switch topic {
        case .techLoans, .loans:
            if topic == .loans && !(c.sentence.contains("科技贷") || c.sentence.contains("科技信贷")) { return nil }
            if q.unit == .count, q.unitText == "笔" {
                return ctx.observation(c, plugin: self, key: "finance.tech_loans.count", unit: .count)
            }
            if q.isMoneyLike, !c.isChange {
                return ctx.observation(c, plugin: self, key: "finance.tech_loans.amount", unit: .cny)
            }
        case .techContracts:
            if q.unit == .count, ["项", "份", "个", "件"].contains(q.unitText), !c.isChange {
                return ctx.observation(c, plugin: self, key: "finance.tech_contracts.count", unit: .count)
            }
            if q.isMoneyLike, !c.isChange, c.leadHas(["金额", "合同额"]) {
                return ctx.observation(c, plugin: self, key: "finance.tech_contracts.turnover", unit: .cny)
            }
        case .contractTurnover:
            guard c.sentence.contains("技术") || c.isTableCell else { return nil }
            if q.isMoneyLike, !c.isChange {
                return ctx.observation(c, plugin: self, key: "finance.tech_contracts.turnover", unit: .cny)
            }
            if let g = Growth.percent(c), !c.leadHas(["占", "比重"]) {
                return ctx.observation(c, plugin: self, key: "finance.tech_contracts.growth", unit: .percent, value: g)
            }
        case .funding:
            if q.isMoneyLike, !c.isChange, c.beforeHas(Self.obtainVerbs), !c.leadHas(Self.notObtained) {
                return ctx.observation(c, plugin: self, key: "finance.funding.obtained", unit: .cny)
            }
        case .targetCompletion:
            if q.unit == .percent, c.topicIsLocal, c.leadHas(["完成"]) {
                var o = ctx.observation(c, plugin: self, key: "finance.funding.target_completion", unit: .percent)
                o.status = .actual
                return o
            }
        case .rdExpenditure:
            // R&D of large industrial firms only is a sub-count, not the key.
            if c.beforeHas(["规上工业企业研发", "规模以上工业企业研发", "企业研发经费"]) && !c.beforeHas(["全社会"]) { return nil }
            if q.isMoneyLike, !c.isChange, !c.leadHas(["加计扣除", "减免"]) {
                return ctx.observation(c, plugin: self, key: "finance.rd_expenditure", unit: .cny)
            }
            if let g = Growth.percent(c), !c.leadHas(["占", "比重"]) {
                return ctx.observation(c, plugin: self, key: "finance.rd_expenditure.growth", unit: .percent, value: g)
            }
            if q.unit == .percent, c.leadHas(["占GDP", "占地区生产总值", "与地区生产总值之比", "强度"]) {
                return ctx.observation(c, plugin: self, key: "finance.rd_intensity", unit: .percent)
            }
        case .rdIntensity:
            if q.unit == .percent, !c.isChange {
                return ctx.observation(c, plugin: self, key: "finance.rd_intensity", unit: .percent)
            }
        case .fiscal:
            if q.isMoneyLike, !c.isChange {
                return ctx.observation(c, plugin: self, key: "finance.fiscal_spending", unit: .cny)
            }
        default:
            return nil
        }
        return nil
    }
}
