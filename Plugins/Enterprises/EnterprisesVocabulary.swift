import BulletinCore
import BulletinRules

/// The words of the enterprises plugin, from its rule pack `enterprises.yaml` (matching view:
/// Simplified, ASCII punctuation).
enum EnterprisesVocabulary {
    /// Subject indices, in the order of the pack's subjects.
    enum Subject: Int, CaseIterable {
        case highTech, techSME, recognized, rdCoverage, highTechIndustry
    }

    static let pack: RulePack = {
        let p = BuiltInPack.load(PackageResources.enterprises_yaml, file: "Plugins/Enterprises/enterprises.yaml")
        BuiltInPack.check(p, subjects: ["high_tech", "tech_sme", "recognized", "rd_coverage", "high_tech_industry"])
        return p
    }()

    static let vocabulary = pack.vocabulary

    /// Words that make a count of enterprises something other than a stock or an addition (rule 2).
    static let notACount = pack.words("not_a_count")
    /// Words that make a count an addition (`.new`).
    static let additions = pack.words("additions")
    /// Verbs that put enterprises on a list (`7家企业入选…`).
    static let listVerbs = pack.words("list_verbs")
    /// Words that read a count as the stock of a list (`…企业达到42家`).
    static let stockWords = pack.words("stock_words")
    /// ``stockWords`` but 新增 (which reads as an addition after a tier).
    static let stockWordsButNew = stockWords.filter { $0 != "新增" }
    /// ``additions`` but 通过认定.
    static let additionsButCertified = additions.filter { $0 != "通过认定" }
    /// Words that make a count the stock or an addition, or say it is none (a level reached, last year's).
    static let countWords =
        stockWords + additions + [
            "入库", "认定", "备案", "数量", "增加到", "增至", "增长到", "扩大到", "提高到",
            "上年的", "去年的", "上年为", "去年为",
        ]

    // Compiled once for the cue tests (`Candidate.leadHas` and the like).
    static let additionsList = WordList(additions)
    static let listVerbsList = WordList(listVerbs)
    static let stockWordsButNewList = WordList(stockWordsButNew)
    static let additionsButCertifiedList = WordList(additionsButCertified)
    static let notACountList = WordList(notACount)
    static let countWordsList = WordList(countWords)
}
