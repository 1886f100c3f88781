/// A figure in context: everything a plugin rule looks at to decide whether it is an
/// observation of one of its keys. Built once per document and shared by all plugins.
public struct Candidate: Sendable {
    /// The figure.
    public var quantity: Quantity
    /// Text before the figure back to the previous figure or the start of its clause (matching view).
    public var lead: String
    /// Document offsets of `lead`.
    public var leadRange: Range<Int> = 0..<0
    /// Text after the figure up to the next figure or the end of its clause (matching view).
    public var trail: String
    /// The sentence up to the figure (matching view).
    public var before: String
    /// The clause up to the figure (matching view).
    public var clause: String
    /// Approximation and sign words written just before the number (近, 超过, 下降).
    public var prefixWords: String
    /// The whole sentence or table row (matching view).
    public var sentence: String
    /// The nearest topic cue before the figure in its sentence (or the table column's).
    public var topic: Topic?
    /// Where that cue is, in document offsets.
    public var topicRange: Range<Int>?
    /// True when the topic cue sits in `lead` (not carried from an earlier clause).
    public var topicIsLocal: Bool
    /// Topic cues in `trail`, in order.
    public var trailTopics: [(Range<Int>, Topic)]
    /// Actual or target.
    public var status: FigureStatus
    /// The year the figure describes.
    public var period: Int?
    /// A place the figure is about, other than the document's region (table rows, `青川市…`).
    public var region: String?
    /// True inside a `其中` clause (a breakdown of an earlier figure).
    public var inBreakdown: Bool
    /// True for a table cell.
    public var isTableCell: Bool
    /// The evidence for an observation made from this candidate.
    public var evidence: Evidence

    public init(quantity: Quantity, lead: String, trail: String, before: String, clause: String, prefixWords: String,
                sentence: String, topic: Topic?,
                topicRange: Range<Int>?, topicIsLocal: Bool, trailTopics: [(Range<Int>, Topic)], status: FigureStatus,
                period: Int?, region: String?, inBreakdown: Bool, isTableCell: Bool, evidence: Evidence) {
        self.quantity = quantity; self.lead = lead; self.trail = trail; self.before = before; self.clause = clause
        self.prefixWords = prefixWords; self.sentence = sentence
        self.topic = topic; self.topicRange = topicRange; self.topicIsLocal = topicIsLocal; self.trailTopics = trailTopics
        self.status = status; self.period = period; self.region = region; self.inBreakdown = inBreakdown
        self.isTableCell = isTableCell; self.evidence = evidence
    }

    /// True when the figure is a change: 增长, 增速, 同比, 比上年, 下降…
    public var isChange: Bool {
        if prefixWords.contains("下降") || prefixWords.contains("减少") || prefixWords.contains("降低") { return true }
        // 比上年的0.96亿元: last year's value, not a change
        if lead.hasSuffix("上年的") || lead.hasSuffix("去年的") || lead.hasSuffix("上年同期的") { return false }
        // 增加值 is value added, not an increase
        let l = lead.replacingAll("增加值", with: "")
        return ["增长", "增速", "增幅", "同比", "比上年", "较上年", "上升", "增加", "提高", "提升", "下降", "减少", "降低", "分别"]
            .contains { l.contains($0) }
    }

    /// True when `lead` contains any of `words`.
    public func leadHas(_ words: [String]) -> Bool { words.contains { lead.contains($0) } }
    /// True when `trail` contains any of `words`.
    public func trailHas(_ words: [String]) -> Bool { words.contains { trail.contains($0) } }
    /// True when the clause before the figure contains any of `words`.
    public func clauseHas(_ words: [String]) -> Bool { words.contains { clause.contains($0) } }
    /// True when the sentence before the figure contains any of `words`.
    public func beforeHas(_ words: [String]) -> Bool { words.contains { before.contains($0) } }
}

extension String {
    /// `self` with every occurrence of `target` replaced.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
