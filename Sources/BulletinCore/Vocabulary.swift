/// The words one plugin owns: the subjects it extracts figures for, and the words that name
/// subjects it does not extract but must not mistake for its own.
///
/// A plugin declares its vocabulary; the core knows no plugin's words. The registry merges all
/// vocabularies into one ``Lexicon`` (one pass over the text) and rejects a word that two plugins
/// both claim as a subject.
///
/// Words are written in the matching view: Simplified characters and ASCII punctuation
/// (Traditional text is simplified scalar for scalar before matching, see ``TextNormalizer``).
public struct Vocabulary: Sendable, Hashable {
    /// One subject of the plugin: a name for its rules and the cue words that name it.
    public struct Subject: Sendable, Hashable {
        /// The subject's name, unique within the plugin (e.g. `high_tech`).
        public var name: String
        /// Words that name the subject (e.g. 高新技术企业, 高企).
        public var cues: [String]
        public init(_ name: String, cues: [String]) {
            self.name = name
            self.cues = cues
        }
    }

    /// The plugin's subjects, in the order its rules number them.
    public var subjects: [Subject]
    /// Words naming other subjects (patents, investment, revenue…): a figure after one of them is
    /// not about an earlier cue of this plugin. They claim nothing, so several plugins may share one.
    public var boundaries: [String]
    /// Words that, written in a subject's clause before its cue, make it a subset of the subject
    /// (上市的, 高校, 规上): a figure about a subset is not the subject's figure.
    public var subsetModifiers: [String]
    /// Words that make a subset only when written right before the cue (企业 in 企业技术合同成交额,
    /// where 全市企业… elsewhere in the clause would not).
    public var directSubsetModifiers: [String]

    public init(
        subjects: [Subject],
        boundaries: [String] = [],
        subsetModifiers: [String] = [],
        directSubsetModifiers: [String] = []
    ) {
        self.subjects = subjects
        self.boundaries = boundaries
        self.subsetModifiers = subsetModifiers
        self.directSubsetModifiers = directSubsetModifiers
    }

    /// The index of the subject called `name`, if any.
    public func index(of name: String) -> Int? { subjects.firstIndex { $0.name == name } }
}
