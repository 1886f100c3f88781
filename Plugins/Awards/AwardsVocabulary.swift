import BulletinCore

/// The words of the awards plugin (matching view: Simplified, ASCII punctuation).
enum AwardsVocabulary {
    /// Subject indices, in the order of ``vocabulary``'s subjects.
    enum Subject: Int {
        /// A prize system as a whole (科学技术奖, 科技奖励).
        case prize
        /// One category of a prize system (科技进步奖, 技术发明奖…).
        case category
        case majorAchievement
        case honor
    }

    static let vocabulary = Vocabulary(
        subjects: [
            .init("prize", cues: ["科学技术奖", "科技奖", "科技奖励", "科学技术奖励", "三大奖", "优秀学术成果", "科技成果奖",
                                  "科学技术成果奖"]),
            .init("category", cues: ["科技进步奖", "科学技术进步奖", "技术发明奖", "自然科学奖", "科技成果推广奖", "成果推广奖",
                                     "企业技术创新奖", "国际科学技术合作奖", "科学技术合作奖", "突出贡献奖", "最高科学技术奖",
                                     "科技创新奖", "成果转化奖", "科技进步", "技术发明", "科学技术进步", "科技重大成就奖",
                                     "科技创新特别奖", "国际科技合作奖", "科技合作奖", "重大科技成就奖", "科技成就奖"]),
            .init("major_achievement", cues: ["十大科技创新成果", "十大科技成果", "重大科技成果", "科技创新成果榜", "十大创新成果",
                                              "十大科技进展", "十大科技新闻", "十大科技创新"]),
            .init("honor", cues: ["荣誉", "表彰", "表扬", "通报表扬", "通报表彰", "奖章", "奖牌", "奖状", "先进集体", "先进个人",
                                  "先进单位", "标兵", "劳动模范", "荣誉称号", "百强", "优秀"]),
        ],
        boundaries: ["专利", "专利奖", "专利金奖", "专利优秀奖", "创新产品", "十大创新产品", "大赛", "竞赛", "创新创业大赛", "名额",
                     "提名", "申报", "推荐", "参评", "受理"],
        subsetModifiers: []
    )

    /// Verbs of winning, written between a count and its prize (7项成果获得省科技进步奖).
    static let winVerbs = ["获得", "荣获", "获", "摘得", "斩获", "分获", "夺得", "捧得", "被授予", "授予"]
    /// Words of a total before the count (省科学技术奖共授奖238项).
    static let totalVerbs = ["授奖", "获奖", "表彰", "奖励", "获得", "荣获", "获", "共", "评选出", "评出", "授予", "共评选",
                             "总奖项数", "授奖总数", "奖项总数", "获奖总数"]
    /// Counts that are applications, nominations or rules, not prizes.
    static let notPrizes = ["申报", "参评", "提名", "推荐", "受理", "每届", "名额", "每项", "符合", "评审的成果", "报名", "牵头", "系统"]
    static let grades = ["特等奖", "一等奖", "二等奖", "三等奖"]
    /// Verbs of a body granting a prize or title (授于 is a frequent miswriting of 授予).
    static let grantVerbs = ["授予", "授于", "颁发", "授奖"]
    /// Verbs that put people or groups on an honour roll.
    static let honourVerbs = ["获评", "评为", "被评为", "授予", "荣获", "获得", "获", "上榜", "入选", "命名为", "被命名为", "成为",
                              "予以"]
}
