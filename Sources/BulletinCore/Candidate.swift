/// A figure in context: everything a plugin rule looks at to decide whether it is an
/// observation of one of its keys. Built once per document and shared by all plugins.
public final class Candidate: Sendable {
    /// The figure.
    public let quantity: Quantity
    /// Text before the figure back to the previous figure or the start of its clause (matching view).
    public let lead: ScalarString
    /// Document offsets of `lead`.
    public let leadRange: Range<Int>
    /// Set for the figures of a 分别 list whose verb is a change (分别增长25%和18%).
    public let forcedChange: Bool
    /// Set when that verb is a decline (分别下降3%和5%): every value of the list is negative.
    public let forcedDecline: Bool
    /// Text after the figure up to the next figure or the end of its clause (matching view).
    public let trail: ScalarString
    /// The sentence up to the figure (matching view).
    public let before: ScalarString
    /// The clause up to the figure (matching view).
    public let clause: ScalarString
    /// Approximation and sign words written just before the number (近, 超过, 下降).
    public let prefixWords: ScalarString
    /// The whole sentence or table row (matching view).
    public let sentence: ScalarString
    /// The nearest topic cue before the figure in its sentence (or the table column's).
    public let topic: Topic?
    /// Where that cue is, in document offsets.
    public let topicRange: Range<Int>?
    /// True when the topic cue sits in `lead` (not carried from an earlier clause).
    public let topicIsLocal: Bool
    /// Topic cues in `trail`, in order.
    public let trailTopics: [(Range<Int>, Topic)]
    /// Actual or target.
    public let status: FigureStatus
    /// The year the figure describes.
    public let period: Int?
    /// A place the figure is about, other than the document's region (table rows, `青川市…`).
    public let region: String?
    /// True inside a `其中` clause (a breakdown of an earlier figure).
    public let inBreakdown: Bool
    /// True for a table cell.
    public let isTableCell: Bool
    /// The sentence (or table row) the evidence quotes, in document offsets.
    public let evidenceRange: Range<Int>

    public init(quantity: Quantity, lead: ScalarString, trail: ScalarString, before: ScalarString, clause: ScalarString,
                prefixWords: ScalarString, sentence: ScalarString, topic: Topic?,
                topicRange: Range<Int>?, topicIsLocal: Bool, trailTopics: [(Range<Int>, Topic)], status: FigureStatus,
                period: Int?, region: String?, inBreakdown: Bool, isTableCell: Bool, evidenceRange: Range<Int>,
                leadRange: Range<Int> = 0..<0, forcedChange: Bool = false, forcedDecline: Bool = false) {
        self.leadRange = leadRange
        self.forcedChange = forcedChange
        self.forcedDecline = forcedDecline
        self.quantity = quantity; self.lead = lead; self.trail = trail; self.before = before; self.clause = clause
        self.prefixWords = prefixWords; self.sentence = sentence
        self.topic = topic; self.topicRange = topicRange; self.topicIsLocal = topicIsLocal; self.trailTopics = trailTopics
        self.status = status; self.period = period; self.region = region; self.inBreakdown = inBreakdown
        self.isTableCell = isTableCell; self.evidenceRange = evidenceRange
    }

    /// True when the figure is a change: 增长, 增速, 同比, 比上年, 下降…
    public var isChange: Bool {
        if forcedChange { return true }
        if prefixWords.contains("下降") || prefixWords.contains("减少") || prefixWords.contains("降低") { return true }
        // 比上年的0.96亿元: last year's value, not a change
        if lead.hasSuffix("上年的") || lead.hasSuffix("去年的") || lead.hasSuffix("上年同期的") { return false }
        // 年均增长 is a multi-year average, not a year-on-year change.
        if lead.contains("年均") || lead.contains("年平均") { return false }
        // 增加值 is value added, not an increase
        let l = lead.removingAll("增加值")
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
