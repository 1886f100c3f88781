/// A filter over the first two scalars of a set of words: `mayStart` is false when no word
/// starts with the pair, and true for every pair some word starts with (and, rarely, a few
/// others: pairs are hashed into a bitmap of 2^12 bits).
///
/// ``Places/all(in:_:)`` asks the gazetteer's matcher at every Han scalar of a body's first 3,000;
/// its first-scalar table lets through about half of them (place names start with common
/// characters), while few pairs of running text open a known name. The bitmap is 512 bytes:
/// at 8 KiB its loads missed the nearest cache (a quarter of the scan's time).
struct PairFilter: Sendable {
    private var bits = [UInt64](repeating: 0, count: 1 << 6)
    /// False when some word is shorter than two scalars: every pair may then start one.
    private var usable = true

    /// A filter for `words` (as scalars).
    init(_ words: [[Unicode.Scalar]]) {
        for w in words {
            guard w.count >= 2 else {
                usable = false
                continue
            }
            let h = Self.hash(w[0], w[1])
            bits[h >> 6] |= 1 << UInt64(h & 63)
        }
    }

    /// False when no word starts with `first` then `second`.
    @inline(__always)
    func mayStart(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        let h = Self.hash(first, second)
        return !usable || bits[h >> 6] & (1 << UInt64(h & 63)) != 0
    }

    @inline(__always)
    private static func hash(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int {
        Int(((a.value &* 0x9E37_79B1) ^ (b.value &* 0x85EB_CA6B)) >> 20)
    }
}
