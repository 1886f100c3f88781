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
}
