import BulletinCore
import BulletinRules

/// The words of the awards plugin, from its rule pack `awards.yaml` (matching view:
/// Simplified, ASCII punctuation).
enum AwardsVocabulary {
    /// Subject indices, in the order of the pack's subjects.
    enum Subject: Int {
        /// A prize system as a whole (科学技术奖, 科技奖励).
        case prize
        /// One category of a prize system (科技进步奖, 技术发明奖…).
        case category
        case majorAchievement
        case honor
    }

    static let pack: RulePack = {
        let p = BuiltInPack.load(PackageResources.awards_yaml, file: "Plugins/Awards/awards.yaml")
        BuiltInPack.check(p, subjects: ["prize", "category", "major_achievement", "honor"])
        return p
    }()

    static let vocabulary = pack.vocabulary

    /// Verbs of winning, written between a count and its prize (7项成果获得省科技进步奖).
    static let winVerbs = pack.words("win_verbs")
    /// Words of a total before the count (省科学技术奖共授奖238项).
    static let totalVerbs = pack.words("total_verbs")
    /// Counts that are applications, nominations or rules, not prizes.
    static let notPrizes = pack.words("not_prizes")
    /// Prize grades.
    static let grades = pack.words("grades")
    /// Verbs of a body granting a prize or title (授于 is a frequent miswriting of 授予).
    static let grantVerbs = pack.words("grant_verbs")
    /// ``grantVerbs`` and 表彰.
    static let grantOrHonourVerbs = grantVerbs + ["表彰"]
    /// Verbs that put people or groups on an honour roll.
    static let honourVerbs = pack.words("honour_verbs")

    // Compiled once for the cue tests (`Candidate.leadHas` and the like).
    static let grantVerbsList = WordList(grantVerbs)
    static let gradesList = WordList(grades)
    static let grantOrHonourVerbsList = WordList(grantOrHonourVerbs)
    static let totalVerbsList = WordList(totalVerbs)
}
