/// What a figure is about, as the cue words before it say: the shared vocabulary of all plugins.
///
/// Every candidate figure is given the topic of the nearest cue before it in its sentence
/// (`高新技术企业总量达121家` → `.highTech`; `,同比增长34.4%` carries `.highTech` from the
/// clause before). Topics no plugin extracts (`.other`: patents, platforms, projects…) still
/// matter: they stop a figure from being claimed by an earlier, unrelated cue.
public enum Topic: String, Sendable, Hashable {
    case highTech, highTechIndustry, techSME, recognizedList, rdCoverage
    case techLoans, loans, techContracts, contractTurnover, funding, targetCompletion
    case rdExpenditure, rdIntensity, fiscal
    case commissioner, serviceTeam, commissionerBase
    case prize, majorAchievement, honor
    case other

    /// Cue words (matching view: simplified, ASCII punctuation) and their topics.
    static let cues: [(String, Topic)] = [
        ("高新技术企业", .highTech), ("高企", .highTech), ("高新企业", .highTech),
        ("高新技术产业", .highTechIndustry), ("高新技术产品", .highTechIndustry),
        ("科技型中小企业", .techSME), ("科技型中小微企业", .techSME),
        ("创新龙头企业", .recognizedList), ("龙头企业", .recognizedList), ("瞪羚", .recognizedList), ("专精特新", .recognizedList),
        ("小巨人", .recognizedList), ("独角兽", .recognizedList), ("科技领军企业", .recognizedList), ("领军企业", .recognizedList),
        ("单项冠军", .recognizedList),
        ("研发活动覆盖率", .rdCoverage), ("覆盖率", .rdCoverage),
        ("科技贷", .techLoans), ("科技信贷", .techLoans), ("贷款", .loans),
        ("技术合同成交额", .contractTurnover), ("技术合同交易额", .contractTurnover), ("技术合同登记额", .contractTurnover),
        ("技术交易额", .contractTurnover), ("技术合同成交金额", .contractTurnover), ("成交额", .contractTurnover), ("技术合同", .techContracts),
        ("科技专项资金", .funding), ("科技项目资金", .funding), ("科技资金", .funding), ("项目资金", .funding),
        ("科技经费", .funding), ("专项资金", .funding), ("上级资金", .funding),
        ("目标任务", .targetCompletion), ("年度目标", .targetCompletion), ("全年目标", .targetCompletion),
        ("研发经费", .rdExpenditure), ("R&D经费", .rdExpenditure), ("研究与试验发展", .rdExpenditure), ("研发投入", .rdExpenditure),
        ("研究与开发经费", .rdExpenditure),
        ("研发投入强度", .rdIntensity), ("研发经费投入强度", .rdIntensity), ("R&D投入强度", .rdIntensity), ("R&D经费投入强度", .rdIntensity),
        ("与地区生产总值之比", .rdIntensity), ("占地区生产总值", .rdIntensity), ("占GDP", .rdIntensity), ("投入强度", .rdIntensity),
        ("财政科技支出", .fiscal), ("财政科技拨款", .fiscal), ("财政科技投入", .fiscal), ("科技财政支出", .fiscal),
        ("地方财政科技", .fiscal), ("财政科学技术支出", .fiscal), ("财政科技经费", .fiscal), ("财政科技资金", .fiscal),
        ("财政安排科技", .fiscal), ("财政投入科技", .fiscal),
        ("科技特派员", .commissioner), ("特派员", .commissioner),
        ("服务团", .serviceTeam), ("服务队", .serviceTeam),
        ("示范基地", .commissionerBase), ("工作站", .commissionerBase), ("服务站", .commissionerBase),
        ("创新创业基地", .commissionerBase), ("创业基地", .commissionerBase), ("服务基地", .commissionerBase),
        ("科技进步奖", .prize), ("科学技术进步奖", .prize), ("科学技术奖", .prize), ("科技奖", .prize), ("科技成果奖", .prize),
        ("技术发明奖", .prize), ("自然科学奖", .prize),
        ("十大科技创新成果", .majorAchievement), ("十大科技成果", .majorAchievement), ("重大科技成果", .majorAchievement),
        ("科技创新成果榜", .majorAchievement), ("十大创新成果", .majorAchievement),
        ("荣誉", .honor), ("表彰", .honor),
        // Topics of no v1 key: they end the reach of an earlier cue.
        ("专利", .other), ("平台", .other), ("研发中心", .other), ("研究中心", .other), ("实验室", .other), ("星创天地", .other),
        ("院士", .other), ("项目", .other), ("党员", .other), ("孵化器", .other), ("众创空间", .other), ("研发机构", .other),
        ("人才", .other), ("培训", .other), ("乡镇", .other), ("行政村", .other), ("中试基地", .other), ("园区", .other),
        ("融资", .other), ("农户", .other), ("新品种", .other), ("新技术", .other), ("活动", .other), ("对接", .other),
        ("成果转化", .other),
        ("投资", .other), ("营业收入", .other), ("营收", .other), ("建筑面积", .other), ("占地", .other), ("产值", .other),
        ("参会", .other), ("参加", .other), ("申报", .other), ("后备", .other), ("培育库", .other),
    ]

    static let matcher = MultiPattern(cues)

    /// Every cue occurrence in `range` of `view`, leftmost-longest.
    static func occurrences(in view: [Unicode.Scalar], _ range: Range<Int>) -> [(Range<Int>, Topic)] {
        var out = matcher.all(in: view, range)
        // 获奖项目 names what a prize went to, not another topic.
        out.removeAll { $0.1 == .other && $0.0.lowerBound >= 1 && view[$0.0.lowerBound - 1] == "奖" }
        // 增加值 after 高新技术产业 belongs to it: drop `.other` cues that extend a topic cue directly.
        var cleaned: [(Range<Int>, Topic)] = []
        for o in out {
            if o.1 == .other, let last = cleaned.last, last.1 != .other, o.0.lowerBound - last.0.upperBound <= 1 { continue }
            cleaned.append(o)
        }
        return cleaned
    }
}
