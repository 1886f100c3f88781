extension RandomAccessCollection {
    /// The first index whose element satisfies `isAfter`, found by bisection; `endIndex` when
    /// none does. The collection must be partitioned by `isAfter`: every element that fails it
    /// comes before every element that satisfies it (offsets in text order, `start >= k`).
    @inlinable
    public func partitionIndex(where isAfter: (Element) -> Bool) -> Index {
        var lo = startIndex
        var n = count
        while n > 0 {
            let half = n / 2
            let mid = index(lo, offsetBy: half)
            if isAfter(self[mid]) {
                n = half
            } else {
                lo = index(after: mid)
                n -= half + 1
            }
        }
        return lo
    }
}
