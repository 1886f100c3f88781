import BulletinCore
import BulletinRules

/// The words of the finance plugin, from its rule pack `finance.yaml` (matching view:
/// Simplified, ASCII punctuation).
enum FinanceVocabulary {
    /// Subject indices, in the order of the pack's subjects.
    enum Subject: Int {
        case techLoans, loans, techContracts, contractTurnover, funding, rdExpenditure, rdIntensity, fiscal
    }

    static let pack: RulePack = {
        let p = BuiltInPack.load(PackageResources.finance_yaml, file: "Plugins/Finance/finance.yaml")
        BuiltInPack.check(
            p,
            subjects: [
                "tech_loans", "loans", "tech_contracts", "contract_turnover", "funding", "rd_expenditure",
                "rd_intensity", "fiscal",
            ]
        )
        return p
    }()

    static let vocabulary = pack.vocabulary

    /// Verbs of money obtained (争取, 获批…).
    static let obtainVerbs = pack.words("obtain_verbs")
    /// Money given out or only planned, not obtained.
    static let notObtained = pack.words("not_obtained")
    /// Words that make a contract figure directed (rule 5).
    static let directions = pack.words("directions")

    // Compiled once for the cue tests (`Candidate.leadHas` and the like).
    static let obtainVerbsList = WordList(obtainVerbs)
}
