/// Finds any of a fixed set of words in scalar text in one pass.
///
/// A bitmap over the first scalar of every word (low 16 bits) rejects most positions with one
/// load; only positions whose scalar starts some word look up that word list (longest first).
public struct MultiPattern<Value: Sendable>: Sendable {
    private var bitmap = [UInt64](repeating: 0, count: 1024)
    private var byFirst: [Unicode.Scalar: [([Unicode.Scalar], Value)]] = [:]

    /// A matcher for `words`.
    public init(_ words: [(String, Value)]) {
        for (w, v) in words {
            let s = Array(w.unicodeScalars)
            guard let f = s.first else { continue }
            let bit = Int(f.value & 0xFFFF)
            bitmap[bit >> 6] |= 1 << UInt64(bit & 63)
            byFirst[f, default: []].append((s, v))
        }
        for k in byFirst.keys { byFirst[k]!.sort { $0.0.count > $1.0.count } }
    }

    /// The longest word starting exactly at `k` (not running past `end`), and its length.
    @inline(__always)
    public func match<C: RandomAccessCollection>(_ text: C, at k: C.Index, end: C.Index) -> (Value, Int)?
    where C.Element == Unicode.Scalar, C.Index == Int {
        let c = text[k]
        let bit = Int(c.value & 0xFFFF)
        guard bitmap[bit >> 6] & (1 << UInt64(bit & 63)) != 0, let list = byFirst[c] else { return nil }
        for (w, v) in list where k + w.count <= end {
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
