/// A fixed list of words tested against a text in one pass: `words.contains { text.contains($0) }`
/// scans the text once per word, and such tests run for every figure of every bulletin (16 change
/// words alone were a tenth of extraction time). The first scalars of the words are a
/// ``ScalarSet``; only at a position whose scalar starts some word are the words compared.
public struct WordList: Sendable, ExpressibleByArrayLiteral {
    /// The words as scalars, in the order given.
    public let words: [[Unicode.Scalar]]
    /// Per word, the low eight bits of its first scalar and of its second (the first again for a
    /// one-scalar word), for ``occurs(in:summary:)``.
    private let openings: [(UInt32, UInt32)]
    private let firsts: ScalarSet
    private let lasts: ScalarSet

    /// The list of `words` (empty words are dropped).
    public init(_ words: [String]) {
        self.words = words.map { Array($0.unicodeScalars) }.filter { !$0.isEmpty }
        firsts = ScalarSet(self.words.map { $0[0] })
        lasts = ScalarSet(self.words.map { $0[$0.count - 1] })
        openings = self.words.map { ($0[0].value & 0xFF, $0[$0.count > 1 ? 1 : 0].value & 0xFF) }
    }

    public init(arrayLiteral elements: String...) { self.init(elements) }

    /// True when some word occurs in `text`.
    public func occurs(in text: ScalarString) -> Bool {
        text.unicodeScalars.withUnsafeBufferPointer { hay in
            var i = 0
            while i < hay.count {
                if firsts.contains(hay[i]) {
                    for word in words where word[0] == hay[i] && Self.matches(word, hay, at: i) { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// True when some word occurs in `text`, whose summary is `summary`. Words are tried one by
    /// one, most ruled out by the summary without a scan: for the short lists of a plugin's cue
    /// tests (``Candidate/leadHas(_:)-(WordList)``), where a scan of the text per list costs more.
    public func occurs(in text: ScalarString, summary: ScalarSummary) -> Bool {
        text.unicodeScalars.withUnsafeBufferPointer { hay in
            for (k, word) in words.enumerated() {
                let (a, b) = openings[k]
                guard summary.has(a), summary.has(b), word.count <= hay.count else { continue }
                let first = word[0]
                var i = 0
                while i <= hay.count - word.count {
                    if hay[i] == first && Self.matches(word, hay, at: i) { return true }
                    i += 1
                }
            }
            return false
        }
    }

    /// True when `text` ends with some word.
    public func isSuffix(of text: ScalarString) -> Bool {
        text.unicodeScalars.withUnsafeBufferPointer { hay in
            guard let last = hay.last, lasts.contains(last) else { return false }
            return words.contains { $0.count <= hay.count && Self.matches($0, hay, at: hay.count - $0.count) }
        }
    }

    /// True when `text` starts with some word.
    public func isPrefix(of text: ScalarString) -> Bool {
        text.unicodeScalars.withUnsafeBufferPointer { hay in
            guard let first = hay.first, firsts.contains(first) else { return false }
            return words.contains { Self.matches($0, hay, at: 0) }
        }
    }

    @inline(__always)
    private static func matches(_ word: [Unicode.Scalar], _ hay: UnsafeBufferPointer<Unicode.Scalar>, at i: Int) -> Bool
    {
        guard i + word.count <= hay.count else { return false }
        var j = 0
        while j < word.count {
            if hay[i + j] != word[j] { return false }
            j += 1
        }
        return true
    }
}
