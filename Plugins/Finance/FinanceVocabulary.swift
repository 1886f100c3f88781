import BulletinCore

/// The words of the finance plugin (matching view: Simplified, ASCII punctuation).
enum FinanceVocabulary {
    /// Subject indices, in the order of ``vocabulary``'s subjects.
    enum Subject: Int {
        case techLoans, loans, techContracts, contractTurnover, funding, rdExpenditure, rdIntensity, fiscal
    }

    static let vocabulary = Vocabulary(
        subjects: [
            .init("tech_loans", cues: ["科技贷", "科技信贷", "科技金融贷款", "知识价值信用贷款", "科技创新贷款", "科技担保贷款",
                                       "科技成果转化贷款", "科技型企业贷款"]),
            .init("loans", cues: ["贷款"]),
            .init("tech_contracts", cues: ["技术合同", "技术交易合同", "技术合同登记", "技术合同认定登记", "登记项数", "合同项数",
                                          "成交项数"]),
            .init("contract_turnover", cues: ["技术合同成交额", "技术合同交易额", "技术合同登记额", "技术交易额", "技术合同成交金额",
                                              "技术合同成交总额", "技术合同成交总金额", "技术市场交易额", "技术市场成交额",
                                              "技术合同登记交易额", "技术合同额", "成交额", "成交金额", "成交总额", "成交总金额",
                                              "交易额", "登记额", "合同成交额", "合同金额"]),
            .init("funding", cues: ["科技专项资金", "科技项目资金", "项目资金", "项目经费", "科技经费", "专项资金", "上级资金",
                                    "上级科技资金", "科技资金", "奖补资金", "政策资金", "无偿经费", "经费", "资金支持", "支持经费",
                                    "扶持资金", "引导资金", "争取投入", "争取上级资金"]),
            .init("rd_expenditure", cues: ["研发经费", "R&D经费", "研究与试验发展", "研发投入", "研发支出", "R&D支出", "R&D投入",
                                           "研发费用", "研发投入经费", "研究与开发经费", "科学研究与试验发展", "研发经费投入", "(R&D)经费", "(R&D)经费投入",
                                           "(R&D)经费支出", "R&D经费投入", "R&D经费支出"]),
            .init("rd_intensity", cues: ["研发投入强度", "研发经费投入强度", "R&D投入强度", "R&D经费投入强度", "投入强度",
                                         "研发强度", "R&D强度", "研发经费强度"]),
            .init("fiscal", cues: ["财政科技支出", "财政科技拨款", "财政科技投入", "科技财政支出", "地方财政科技", "财政科学技术支出",
                                   "财政科技经费", "财政科技资金", "财政安排科技经费", "财政安排科技资金", "财政安排科技", "财政投入科技", "财政对科技投入", "财政科技",
                                   "科学技术支出", "科技支出"]),
        ],
        boundaries: [
            "专利", "平台", "孵化器", "众创空间", "项目", "基金", "风险补偿", "补偿基金", "担保基金", "融资", "授信", "营业收入",
            "营收", "利润", "税金", "产值", "增加值", "投资", "固定资产投资", "财政收入", "一般预算", "预算支出", "财政支出",
            "外资", "进出口", "出口", "人才", "院士", "研发机构", "研发人员", "新产品", "高新技术企业", "科技型企业",
            "工业总产值", "拍卖", "收入", "人均收入", "可支配收入", "挂牌", "补助", "奖励", "税收", "减免", "加计扣除",
        ],
        subsetModifiers: ["规上", "规模以上", "规上工业企业", "工业企业", "大中型", "高校", "院所", "科研院所", "区县级", "县区级", "企业登记",
                          "企业研发"]
    )

    /// Verbs of money obtained (争取, 获批…).
    static let obtainVerbs = ["争取", "获得", "获批", "落实", "到位", "引进", "获", "立项", "拨付", "下达"]
    /// Money given out or only planned, not obtained.
    static let notObtained = ["设立", "给予", "每家", "奖励", "补助", "兑现", "安排", "预算", "每项", "每个", "最高", "出资"]
    /// Words that make a contract figure directed (rule 5).
    static let directions = ["吸纳", "输出", "流向", "输入", "引进技术", "输出技术", "吸纳技术"]
}
