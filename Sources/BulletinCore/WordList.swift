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

/// A 256-bit summary of the scalars of a text: a word whose first or second scalar's bit is
/// clear cannot occur in it. Plugins ask these questions thousands of times per document; most
/// words are absent, and the summary answers those without a scan. (64 bits of first scalars
/// alone were mostly set for a sentence's `before`: its scans were a tenth of all cue tests.)
public struct ScalarSummary: Sendable {
    private var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    public init(_ s: ScalarString) {
        for c in s.unicodeScalars { set(c.value) }
    }

    @inline(__always) private mutating func set(_ v: UInt32) {
        let bit: UInt64 = 1 << UInt64(v & 63)
        switch (v >> 6) & 3 {
        case 0: bits.0 |= bit
        case 1: bits.1 |= bit
        case 2: bits.2 |= bit
        default: bits.3 |= bit
        }
    }

    @inline(__always) func has(_ v: UInt32) -> Bool {
        let bit: UInt64 = 1 << UInt64(v & 63)
        switch (v >> 6) & 3 {
        case 0: return bits.0 & bit != 0
        case 1: return bits.1 & bit != 0
        case 2: return bits.2 & bit != 0
        default: return bits.3 & bit != 0
        }
    }

    /// False when `word` cannot occur in the text.
    @inline(__always) public func may(_ word: String) -> Bool {
        // The low eight bits of a scalar are read from the bytes of its UTF-8 encoding (at
        // most the last two bytes): no String decoding.
        var bytes = word.utf8.makeIterator()
        guard let first = Self.low8(&bytes) else { return true }
        guard has(first) else { return false }
        guard let second = Self.low8(&bytes) else { return true }
        return has(second)
    }

    /// The low eight bits of the next scalar of a UTF-8 stream.
    @inline(__always) static func low8(_ bytes: inout String.UTF8View.Iterator) -> UInt32? {
        guard let lead = bytes.next() else { return nil }
        if lead < 0x80 { return UInt32(lead) }
        let more = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
        var prev = UInt32(lead)
        var last = UInt32(lead)
        for _ in 0..<more {
            prev = last
            last = UInt32(bytes.next() ?? 0)
        }
        // Bits 0–5 from the last byte, bits 6–7 from the one before it.
        return (last & 0x3F) | (prev & 0x03) << 6
    }
}
