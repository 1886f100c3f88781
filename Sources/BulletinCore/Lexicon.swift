/// One occurrence of a vocabulary word in a document.
public struct CueHit: Sendable, Hashable {
    /// Where the word is, in document offsets.
    public var range: Range<Int>
    /// The plugin that owns the word as a subject cue (index in the lexicon), or -1 for a word
    /// that is only a boundary.
    public var owner: Int16
    /// The owner's subject index (into its ``Vocabulary/subjects``), or -1.
    public var subject: Int16
    /// Bit `i` set: plugin `i` declares the word a boundary.
    public var boundaryOf: UInt64
    /// True when the word is part of a name (a book title in 《》, 技术合同交易网, …管理办法):
    /// it names no subject of a figure.
    public var isName: Bool
    /// True when the word follows 占 in its clause (占规上工业增加值比重): it names a share's base,
    /// never a figure's subject.
    public var isShareBase = false

    /// True when the hit names a subject for plugin `p`: its own cue, another plugin's cue, or
    /// one of `p`'s boundaries.
    @inline(__always)
    public func isSubject(for p: Int) -> Bool {
        !isName && !isShareBase && (owner >= 0 || boundaryOf & (1 << UInt64(p)) != 0)
    }

    /// `p`'s subject index, when the hit is `p`'s own cue.
    @inline(__always)
    public func subject(of p: Int) -> Int? { owner == Int16(p) && !isName && !isShareBase ? Int(subject) : nil }
}

/// Why vocabularies could not be merged.
public struct LexiconError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The word two plugins claim.
    public var word: String
    /// The plugins claiming it.
    public var plugins: [String]
    public var description: String {
        "cue word \(word) is claimed by several plugins: \(plugins.joined(separator: ", "))"
    }
}

/// All plugins' vocabularies merged into one matcher, so a document is scanned once for every
/// plugin's words.
public struct Lexicon: Sendable {
    struct Entry: Sendable {
        var owner: Int16
        var subject: Int16
        var boundaryOf: UInt64
    }

    /// Plugin names, by index.
    public let plugins: [String]
    /// Each plugin's vocabulary, by index.
    public let vocabularies: [Vocabulary]
    private let matcher: MultiPattern<Entry>
    private let subsetMatchers: [MultiPattern<Bool>]
    /// A short digest of every word and its owner: changes whenever any vocabulary changes.
    public let fingerprint: String

    /// Suffixes that turn a cue into part of a name (技术合同交易网, 科技特派员管理办法).
    private static let nameSuffixes = MultiPattern(
        [
            "网", "办法", "条例", "规划", "方案", "意见", "通知", "制度", "细则",
            "培育库", "创新奖", "奖",
        ].map { ($0, true) }
    )

    /// Merges `vocabularies` (one per plugin, in registry order). A subject cue claimed by two
    /// plugins is refused; a plugin may list a word both as its cue and another's boundary.
    public init(plugins: [String], vocabularies: [Vocabulary]) throws(LexiconError) {
        precondition(plugins.count == vocabularies.count && plugins.count <= 64, "at most 64 plugins")
        var entries: [String: Entry] = [:]
        var claims: [String: [String]] = [:]
        for (p, vocab) in vocabularies.enumerated() {
            for (s, subject) in vocab.subjects.enumerated() {
                for w in subject.cues {
                    var e = entries[w] ?? Entry(owner: -1, subject: -1, boundaryOf: 0)
                    if e.owner >= 0 && e.owner != Int16(p) || e.owner == Int16(p) && e.subject != Int16(s) {
                        claims[w, default: [plugins[Int(e.owner)]]].append(plugins[p])
                    }
                    e.owner = Int16(p)
                    e.subject = Int16(s)
                    entries[w] = e
                }
            }
            for w in vocab.boundaries {
                var e = entries[w] ?? Entry(owner: -1, subject: -1, boundaryOf: 0)
                e.boundaryOf |= 1 << UInt64(p)
                entries[w] = e
            }
        }
        if let (w, who) = claims.sorted(by: { $0.key < $1.key }).first { throw LexiconError(word: w, plugins: who) }
        self.plugins = plugins
        self.vocabularies = vocabularies
        // Pages write R&D as r&d too: Latin letters match in either case.
        for (w, e) in entries where w.unicodeScalars.contains(where: { $0.properties.isUppercase && $0.isASCII }) {
            let lower = w.lowercased()
            if entries[lower] == nil { entries[lower] = e }
        }
        self.matcher = MultiPattern(entries.map { ($0.key, $0.value) })
        self.subsetMatchers = vocabularies.map { MultiPattern($0.subsetModifiers.map { ($0, true) }) }
        var digest = FNV1a()
        for (w, e) in entries.sorted(by: { $0.key < $1.key }) {
            digest.add(w)
            digest.add("\(e.owner).\(e.subject).\(e.boundaryOf)")
        }
        self.fingerprint = digest.hex8
    }

    /// Every vocabulary word in `range` of `view`, leftmost-longest and non-overlapping.
    public func hits(in view: [Unicode.Scalar], _ range: Range<Int>) -> [CueHit] {
        var out: [CueHit] = []
        let matcher = self.matcher
        let nameSuffixes = Self.nameSuffixes
        var k = range.lowerBound
        var inTitle = false
        // A hit is a share's or a comparison's base when 占 (not 占地), or a comparison (高于, 低于,
        // 快于…), stands between the start of its clause and it. Kept going forward, not searched
        // back from each hit: `share` tells whether such a word follows the last clause break
        // among the offsets before `scanned`.
        var scanned = range.lowerBound
        var share = false
        while k < range.upperBound {
            let c = view[k]
            if c == "《" { inTitle = true } else if c == "》" { inTitle = false }
            if let (e, n) = matcher.match(view, at: k, end: range.upperBound) {
                let end = k + n
                let named = inTitle || nameSuffixes.match(view, at: end, end: min(view.count, end + 4)) != nil
                var hit = CueHit(
                    range: k..<end,
                    owner: e.owner,
                    subject: e.subject,
                    boundaryOf: e.boundaryOf,
                    isName: named
                )
                while scanned < k {
                    if Clauses.isBreak(view, scanned) {
                        share = false
                    } else if Self.isShareWord(view, scanned) {
                        share = true
                    }
                    scanned += 1
                }
                hit.isShareBase = share
                out.append(hit)
                k = end
            } else {
                k += 1
            }
        }
        return out
    }

    /// True when 占 (not 占地) or the 于 of a comparison stands at `j`.
    @inline(__always)
    static func isShareWord(_ v: [Unicode.Scalar], _ j: Int) -> Bool {
        if v[j] == "占", j + 1 < v.count, v[j + 1] != "地" { return true }
        return v[j] == "于" && j >= 1 && scalars1.contains(v[j - 1])
    }

    /// True when one of plugin `p`'s subset modifiers ends exactly at `end` or occurs in `range`.
    public func hasSubsetModifier(_ p: Int, in view: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        let m = subsetMatchers[p]
        var k = range.lowerBound
        while k < range.upperBound {
            if m.match(view, at: k, end: range.upperBound) != nil { return true }
            k += 1
        }
        return false
    }
}

/// 64-bit FNV-1a, for short content digests (not for security).
struct FNV1a {
    private var h: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ s: String) {
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h = (h ^ 0xff) &* 0x100_0000_01b3
    }
    var hex8: String {
        let s = String(h >> 32, radix: 16)
        return String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet("高低快慢多少大小优")
