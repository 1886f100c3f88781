import BulletinCore

/// An extractor plugin's words and rules as data: the YAML file every plugin is written in.
///
/// A built-in plugin's pack holds its vocabulary and the named word lists its Swift code reads;
/// an operator's pack (or the `platforms` plugin) holds subjects that name their own keys, and
/// ``RulePackPlugin`` turns those into observations with the core's mechanisms alone. The
/// format is documented in the README ("Rule packs").
public struct RulePack: Sendable {
    /// The plugin name; every key starts with `NAME.`.
    public var name: String
    /// The pack's semantic version, stored with its observations.
    public var version: String
    /// One line on what the pack extracts.
    public var description: String
    /// Where the pack came from: `built-in` or the file's path.
    public var source: String
    /// Catalog keys the pack emits, with their units.
    public var keys: [MetricKey]
    /// What figures are about, in the order subject indices refer to.
    public var subjects: [Subject]
    /// Words that end a subject's reach (another thing's name).
    public var boundaries: [String]
    /// Words that make a figure a part of a larger whole (`规上`, `高校`).
    public var subsetModifiers: [String]
    /// Subset words that count only right before the cue (`企业R&D经费`).
    public var directSubsetModifiers: [String]
    /// Named word lists for a plugin's Swift code.
    public var words: [String: [String]]
    /// Test cases: a text and the observations it yields.
    public var fixtures: [Fixture]

    /// One subject: its cue words and, in a rules-only pack, the key it yields.
    public struct Subject: Sendable {
        public var name: String
        /// Cue words, already in the matching view (Simplified, ASCII punctuation).
        public var cues: [String]
        /// For rules-only packs: the key stem (`platforms.key_labs`) and how figures map to keys.
        public var rule: Rule?
    }

    /// How a rules-only subject's figures become observations.
    public struct Rule: Sendable {
        /// The key stem; a variant's key is `STEM.VARIANT`.
        public var key: String
        /// The unit of its level figures: count, persons or cny.
        public var unit: QuantityUnit
        /// Measure words a count must carry (`家`, `个`); empty for any.
        public var measureWords: [String]
        /// The variants the pack declares, with the qualifier words that pick them.
        public var variants: [Variant: [String]]
        /// Words that make a figure no observation of this subject (`申报`, `培育`).
        public var exclusions: [String]
        /// Whether the figure's tier (国家级, 省级…) is recorded.
        public var levels: Bool
        /// Whether the subject's own words are recorded as the observation's subject.
        public var recordsSubject: Bool
    }

    /// The variants a rules-only subject may yield.
    public enum Variant: String, Sendable, CaseIterable, Comparable {
        /// The stock: 共有重点实验室12家.
        case total
        /// Additions in the period: 新增重点实验室3家.
        case new
        /// An amount of money: 投入资金2亿元.
        case value
        /// A year-on-year change in percent: 同比增长12%.
        case growth
        /// A share in percent: 占…的35%.
        case share

        public static func < (a: Variant, b: Variant) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// A test case in the pack.
    public struct Fixture: Sendable {
        /// The line of the case in the file.
        public var line: Int
        /// The bulletin text.
        public var text: String
        /// The observations the text yields: key, value and the fields the case names.
        public var expect: [Expected]
    }

    /// One expected observation of a fixture; unnamed fields are not checked.
    public struct Expected: Sendable, Equatable {
        public var key: String
        public var value: String
        public var status: String?
        public var period: Int?
        public var level: String?
        public var region: String?
    }

    /// The pack's words as a plugin vocabulary.
    public var vocabulary: Vocabulary {
        Vocabulary(
            subjects: subjects.map { Vocabulary.Subject($0.name, cues: $0.cues) },
            boundaries: boundaries,
            subsetModifiers: subsetModifiers,
            directSubsetModifiers: directSubsetModifiers
        )
    }

    /// True when every subject names its key: the pack extracts without Swift code.
    public var isRulesOnly: Bool { !subjects.isEmpty && subjects.allSatisfy { $0.rule != nil } }

    /// The word list called `name`; a built-in pack that lacks one is a programming error its
    /// tests catch.
    public func words(_ name: String) -> [String] {
        guard let w = words[name] else { preconditionFailure("rule pack \(self.name) has no word list \(name)") }
        return w
    }
}
