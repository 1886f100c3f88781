/// Finds any of a fixed set of words in scalar text in one pass.
///
/// A table over the Basic Multilingual Plane maps a scalar to the list of words starting with
/// it (longest first) in one load, with no hashing; scalars beyond the BMP use a dictionary.
public struct MultiPattern<Value: Sendable>: Sendable {
    /// `slot[c]` is 1 + the index in `lists` of the words starting with `c`, or 0.
    private var slot = [UInt16](repeating: 0, count: 0x10000)
    private var lists: [[([Unicode.Scalar], Value)]] = []
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
            lists.append(list.sorted { $0.0.count > $1.0.count })
            if f.value < 0x10000 { slot[Int(f.value)] = UInt16(lists.count) } else { astral[f] = lists.count - 1 }
        }
    }

    /// The longest word starting exactly at `k` (not running past `end`), and its length.
    @inline(__always)
    public func match<C: RandomAccessCollection>(_ text: C, at k: C.Index, end: C.Index) -> (Value, Int)?
    where C.Element == Unicode.Scalar, C.Index == Int {
        let c = text[k]
        let index: Int
        if c.value < 0x10000 {
            let s = slot[Int(c.value)]
            if s == 0 { return nil }
            index = Int(s) - 1
        } else {
            guard let a = astral[c] else { return nil }
            index = a
        }
        for (w, v) in lists[index] where k + w.count <= end {
            var j = 1
            while j < w.count && text[k + j] == w[j] { j += 1 }
            if j == w.count { return (v, w.count) }
        }
        return nil
    }

    /// The first word found in `range`, with its offset.
    public func first<C: RandomAccessCollection>(in text: C, _ range: Range<Int>) -> (Value, Int)?
    where C.Element == Unicode.Scalar, C.Index == Int {
        var k = range.lowerBound
        while k < range.upperBound {
            if let (v, _) = match(text, at: k, end: range.upperBound) { return (v, k) }
            k += 1
        }
        return nil
    }

    /// Every word in `range`, leftmost-longest and non-overlapping.
    public func all<C: RandomAccessCollection>(in text: C, _ range: Range<Int>) -> [(Range<Int>, Value)]
    where C.Element == Unicode.Scalar, C.Index == Int {
        var out: [(Range<Int>, Value)] = []
        var k = range.lowerBound
        while k < range.upperBound {
            if let (v, n) = match(text, at: k, end: range.upperBound) {
                out.append((k..<(k + n), v)); k += n
            } else {
                k += 1
            }
        }
        return out
    }
}
