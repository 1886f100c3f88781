import BulletinCore

/// The words of the enterprises plugin (matching view: Simplified, ASCII punctuation).
enum EnterprisesVocabulary {
    /// Subject indices, in the order of ``vocabulary``'s subjects.
    enum Subject: Int {
        case highTech, techSME, recognized, rdCoverage, highTechIndustry
    }

    static let vocabulary = Vocabulary(
        subjects: [
            .init("high_tech", cues: ["高新技术企业", "高企", "高新企业", "高新技术企业数", "高新技术企业数量", "高新技术企业总数"]),
            .init("tech_sme", cues: ["科技型中小企业", "科技型中小微企业", "科技型中小企", "国家科技型中小企业"]),
            .init("recognized", cues: ["创新龙头企业", "龙头企业", "瞪羚", "专精特新", "小巨人", "独角兽", "科技领军企业", "领军企业",
                                       "单项冠军", "头雁企业", "头雁", "雏鹰企业", "隐形冠军", "创新型领军企业", "科技小巨人"]),
            .init("rd_coverage", cues: ["研发活动覆盖率", "研发机构覆盖率", "覆盖率"]),
            .init("high_tech_industry", cues: ["高新技术产业", "高新产业", "高新产值", "高新技术产值", "高新技术产品产值"]),
        ],
        boundaries: [
            // Other measures of the same firms, and look-alike subjects (rule 7).
            "高新技术企业营收", "高新技术企业营业收入", "高新技术企业收入", "营业收入", "营收", "主营业务收入", "利润", "利润总额",
            "税金", "税收", "高新技术产业投资", "投资", "固定资产投资", "高新技术产品销售收入", "销售收入", "技术先进型服务企业",
            "高新技术产业企业", "高新技术产业单位", "高技术产业", "高技术制造业", "高技术工业", "新产品", "科技型企业", "专利",
            "平台", "研发中心", "研究中心", "实验室", "孵化器", "众创空间", "星创天地", "研发机构", "院士", "人才", "项目",
            "园区", "高新区", "规上工业", "规模以上工业", "规模工业", "企业研究院", "企业技术中心",
            "在孵企业", "创新平台", "上市公司", "融资", "授信", "出口", "行业", "领域", "新产品产值",
            "战略性新兴产业", "数字经济",
        ],
        subsetModifiers: ["上市", "规上", "规模以上", "高校", "民营", "外资", "国有", "大中型", "亿元以上", "产业链", "涉农"]
    )

    /// Words that make a count of enterprises something other than a stock or an addition (rule 2).
    static let notACount = ["申报", "拟认定", "公示", "推荐", "后备", "培育库", "每家", "奖励", "补助", "给予", "兑现", "申请",
                            "注册", "复审", "通过评审", "评审", "组织", "备案核查", "参加", "辅导", "走访", "帮助", "服务", "上市",
                            "挂牌", "融资", "提供", "惠及", "筛选", "重点培育", "支持", "获贷", "参与评价", "参与"]
    /// Words that make a count an addition (`.new`).
    static let additions = ["新增", "新认定", "净增", "新培育", "新通过", "通过认定", "认定通过", "新获批", "新晋", "新备案", "新入库"]
    /// Verbs that put enterprises on a list (`7家企业入选…`).
    static let listVerbs = ["入选", "认定为", "评为", "获评", "列入", "纳入", "成为", "获批", "获认定", "被认定", "上榜", "晋级"]
    /// Words that read a count as the stock of a list (`…企业达到42家`).
    static let stockWords = ["新增", "达到", "达", "总数", "累计", "共有", "有", "共", "发展到", "已培育", "培育"]
}
