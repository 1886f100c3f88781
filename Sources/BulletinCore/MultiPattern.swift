/// Finds any of a fixed set of words in scalar text in one pass.
///
/// A table over the Basic Multilingual Plane maps a scalar to the words starting with it in one
/// load, with no hashing (scalars beyond the BMP use a dictionary). The words live in one flat
/// scalar pool, so matching touches no reference-counted storage.
public struct MultiPattern<Value: Sendable>: Sendable {
    /// One word: its scalars are `pool[start..<start + length]`.
    private struct Entry: Sendable {
        var start: Int32
        var length: Int32
        var value: Value
    }

    /// `slot[c]` is 1 + the index in `groups` of the words starting with `c`, or 0.
    private var slot = [UInt16](repeating: 0, count: 0x10000)
    /// Bit `c` set when some word starts with `c` (BMP): 8 KiB that stay in the nearest cache,
    /// where most scalars of a text are answered without loading from the 128 KiB `slot`.
    private var starts = [UInt64](repeating: 0, count: 0x400)
    /// Per first scalar, the range of `subgroups` holding its words.
    private var groups: [Range<Int>] = []
    /// Words sharing their first two scalars: the second scalar (``anySecond`` for the one-scalar
    /// word, sorted last) and the range of `entries` holding them, longest first. At common
    /// openings (科技…, 企业…) dozens of words share a first scalar: the walk visits one subgroup per
    /// distinct second scalar, not one entry per word.
    private var subgroups: [(second: UInt32, range: Range<Int32>)] = []
    private var entries: [Entry] = []
    /// Per entry, its word's third scalar (``anySecond`` for a shorter word): words sharing their
    /// first two scalars are told apart by the third without touching the pool.
    private var thirds: [UInt32] = []
    private var pool: [Unicode.Scalar] = []
    private var astral: [Unicode.Scalar: Int] = [:]

    /// A matcher for `words`.
    public init(_ words: [(String, Value)]) {
        var byFirst: [Unicode.Scalar: [([Unicode.Scalar], Value)]] = [:]
        for (w, v) in words {
            let s = Array(w.unicodeScalars)
            guard let f = s.first else { continue }
            byFirst[f, default: []].append((s, v))
        }
        for (f, list) in byFirst.sorted(by: { $0.key.value < $1.key.value }) {
            let lo = subgroups.count
            var bySecond: [UInt32: [([Unicode.Scalar], Value)]] = [:]
            for (w, v) in list { bySecond[w.count > 1 ? w[1].value : Self.anySecond, default: []].append((w, v)) }
            for (second, words) in bySecond.sorted(by: { $0.key < $1.key }) {
                let first = Int32(entries.count)
                for (w, v) in words.sorted(by: { $0.0.count > $1.0.count }) {
                    entries.append(Entry(start: Int32(pool.count), length: Int32(w.count), value: v))
                    thirds.append(w.count > 2 ? w[2].value : Self.anySecond)
                    pool.append(contentsOf: w)
                }
                subgroups.append((second, first..<Int32(entries.count)))
            }
            groups.append(lo..<subgroups.count)
            if f.value < 0x10000 {
                slot[Int(f.value)] = UInt16(groups.count)
                starts[Int(f.value >> 6)] |= 1 << UInt64(f.value & 63)
            } else {
                astral[f] = groups.count - 1
            }
        }
    }

    /// The longest word starting exactly at `k` (not running past `end`), and its length.
    @inline(__always)
    public func match<C: RandomAccessCollection>(_ text: C, at k: C.Index, end: C.Index) -> (Value, Int)?
    where C.Element == Unicode.Scalar, C.Index == Int {
        guard k < end else { return nil }
        let c = text[k]
        let group: Int
        if c.value < 0x10000 {
            if starts[Int(c.value >> 6)] & (1 << UInt64(c.value & 63)) == 0 { return nil }
            let s = slot[Int(c.value)]
            if s == 0 { return nil }
            group = Int(s) - 1
        } else {
            guard let a = astral[c] else { return nil }
            group = a
        }
        // No scalar has either value: `next` matches no second scalar when the text ends at `k + 1`.
        let next = k + 1 < end ? text[k + 1].value : Self.anySecond - 1
        for g in groups[group] {
            let sub = subgroups[g]
            if sub.second == Self.anySecond { return (entries[Int(sub.range.lowerBound)].value, 1) }
            if sub.second < next { continue }
            if sub.second > next {
                // Sorted by second scalar: only the one-scalar word, last, can still match.
                let last = subgroups[groups[group].upperBound - 1]
                if last.second == Self.anySecond { return (entries[Int(last.range.lowerBound)].value, 1) }
                return nil
            }
            let third = k + 2 < end ? text[k + 2].value : Self.anySecond - 1
            for e in Int(sub.range.lowerBound)..<Int(sub.range.upperBound) {
                let t = thirds[e]
                if t != third && t != Self.anySecond { continue }
                let entry = entries[e]
                let n = Int(entry.length)
                guard k + n <= end else { continue }
                let base = Int(entry.start)
                var j = 3
                while j < n && text[k + j] == pool[base + j] { j += 1 }
                if j >= n { return (entry.value, n) }
            }
        }
        return nil
    }

    /// The mark of a word too short to have a second (or third) scalar (beyond any scalar).
    private static var anySecond: UInt32 { 0xFFFF_FFFF }

    /// Every word in `range`, leftmost-longest and non-overlapping.
    public func all<C: RandomAccessCollection>(in text: C, _ range: Range<Int>) -> [(Range<Int>, Value)]
    where C.Element == Unicode.Scalar, C.Index == Int {
        var out: [(Range<Int>, Value)] = []
        var k = range.lowerBound
        while k < range.upperBound {
            if let (v, n) = match(text, at: k, end: range.upperBound) {
                out.append((k..<(k + n), v))
                k += n
            } else {
                k += 1
            }
        }
        return out
    }
}
