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
    /// Per first scalar, the range of `entries` holding its words, longest first.
    private var groups: [Range<Int>] = []
    private var entries: [Entry] = []
    /// Per entry, its word's second scalar (``anySecond`` for a one-scalar word): most words
    /// sharing a first scalar are told apart by the second without touching the entry or the pool.
    private var seconds: [UInt32] = []
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
            let lo = entries.count
            for (w, v) in list.sorted(by: { $0.0.count > $1.0.count }) {
                entries.append(Entry(start: Int32(pool.count), length: Int32(w.count), value: v))
                seconds.append(w.count > 1 ? w[1].value : Self.anySecond)
                pool.append(contentsOf: w)
            }
            groups.append(lo..<entries.count)
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
        for e in groups[group] {
            let second = seconds[e]
            if second != next && second != Self.anySecond { continue }
            let entry = entries[e]
            let n = Int(entry.length)
            guard k + n <= end else { continue }
            let base = Int(entry.start)
            var j = 1
            while j < n && text[k + j] == pool[base + j] { j += 1 }
            if j == n { return (entry.value, n) }
        }
        return nil
    }

    /// The ``seconds`` mark of a one-scalar word (beyond any scalar).
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
