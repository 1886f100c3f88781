/// A zero-copy slice of a document's matching view with scalar-level search.
///
/// `String.contains` compares grapheme clusters with Unicode canonical equivalence, which is
/// correct for prose and far too slow for cue matching over every figure of every bulletin.
/// Cue words and the matching view are both plain scalars, so scalar comparison is exact here.
public struct ScalarString: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The scalars.
    public let unicodeScalars: ArraySlice<Unicode.Scalar>

    public init(_ slice: ArraySlice<Unicode.Scalar>) { unicodeScalars = slice }
    public init(_ string: String) { unicodeScalars = ArraySlice(Array(string.unicodeScalars)) }
    public init(stringLiteral value: String) { self.init(value) }

    public var isEmpty: Bool { unicodeScalars.isEmpty }
    public var count: Int { unicodeScalars.count }
    public var description: String { String(scalars: unicodeScalars) }

    /// True when any of `needles` occurs.
    public func containsAny(_ needles: [String]) -> Bool { needles.contains { contains($0) } }

    /// True when `needle` occurs (scalar for scalar).
    public func contains(_ needle: String) -> Bool { firstOffset(of: needle) != nil }

    /// Offset (from the slice's start) of the first occurrence of `needle`.
    public func firstOffset(of needle: String) -> Int? {
        // The needle's first two scalars are decoded once; the rest only on a two-scalar match.
        // The haystack is read through its buffer: this loop runs for every cue test of every
        // figure, and bounds checks were a third of its time.
        var it = needle.unicodeScalars.makeIterator()
        guard let first = it.next() else { return 0 }
        let second = it.next()
        return unicodeScalars.withUnsafeBufferPointer { hay -> Int? in
            let count = hay.count
            let last = count - (second == nil ? 1 : 2)
            var i = 0
            while i <= last {
                if hay[i] == first {
                    guard let second else { return i }
                    if hay[i + 1] == second {
                        var j = i + 2
                        var ok = true
                        var rest = it
                        while let c = rest.next() {
                            if j >= count { return nil }  // the needle runs past the end: no later match either
                            if hay[j] != c {
                                ok = false
                                break
                            }
                            j += 1
                        }
                        if ok { return i }
                    }
                }
                i += 1
            }
            return nil
        }
    }

    /// Offset (from the slice's start) of the last occurrence of `needle`.
    public func lastOffset(of needle: String) -> Int? {
        let n = Array(needle.unicodeScalars)
        guard !n.isEmpty, n.count <= count else { return nil }
        let hay = unicodeScalars
        var i = hay.endIndex - n.count
        while i >= hay.startIndex {
            if hay[i..<(i + n.count)].elementsEqual(n) { return i - hay.startIndex }
            i -= 1
        }
        return nil
    }

    /// True when the slice starts with `prefix`.
    public func hasPrefix(_ prefix: String) -> Bool {
        var i = unicodeScalars.startIndex
        for c in prefix.unicodeScalars {
            guard i < unicodeScalars.endIndex, unicodeScalars[i] == c else { return false }
            i += 1
        }
        return true
    }

    /// True when the slice ends with `suffix`.
    public func hasSuffix(_ suffix: String) -> Bool {
        // Walked from the end: counting a String's scalars would decode it twice.
        var i = unicodeScalars.endIndex
        for c in suffix.unicodeScalars.reversed() {
            guard i > unicodeScalars.startIndex else { return false }
            i -= 1
            if unicodeScalars[i] != c { return false }
        }
        return true
    }

    /// The slice without every occurrence of `word` (for small checks such as 增加值 vs 增加).
    public func removingAll(_ word: String) -> ScalarString {
        guard !word.isEmpty, contains(word) else { return self }
        let w = Array(word.unicodeScalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(unicodeScalars.count)
        var i = unicodeScalars.startIndex
        while i < unicodeScalars.endIndex {
            if i + w.count <= unicodeScalars.endIndex, unicodeScalars[i..<(i + w.count)].elementsEqual(w) {
                i += w.count
                continue
            }
            out.append(unicodeScalars[i])
            i += 1
        }
        return ScalarString(out[...])
    }
}

/// Scalar-level search over a whole array.
extension Array where Element == Unicode.Scalar {
    /// True when `word` occurs at offset `k` (no allocation).
    @inlinable
    public func hasScalars(_ word: [Unicode.Scalar], at k: Int) -> Bool {
        guard k >= 0, k + word.count <= count else { return false }
        for t in 0..<word.count where self[k + t] != word[t] { return false }
        return true
    }

    /// True when `needle` occurs in `range` (scalar for scalar).
    @inlinable
    public func containsScalars(_ needle: [Unicode.Scalar], in range: Range<Int>) -> Bool {
        guard let first = needle.first else { return true }
        var i = range.lowerBound
        let end = range.upperBound - needle.count
        while i <= end {
            if self[i] == first {
                var k = 1
                while k < needle.count && self[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}

extension String {
    /// A string from scalars, encoded to UTF-8 in one buffer (much faster than appending to a
    /// `UnicodeScalarView` one scalar at a time).
    public init<C: Collection>(scalars: C) where C.Element == Unicode.Scalar {
        // Encoded straight into the string's own storage: no intermediate byte array.
        self.init(unsafeUninitializedCapacity: scalars.count * 4) { buffer in
            var n = 0
            for s in scalars { n += s.writeUTF8(to: buffer, at: n) }
            return n
        }
    }
}

extension Unicode.Scalar {
    /// Writes the scalar's UTF-8 encoding to `buffer` at offset `i` (room for four bytes is the
    /// caller's); returns the number of bytes written.
    @inlinable
    public func writeUTF8(to buffer: UnsafeMutableBufferPointer<UInt8>, at i: Int) -> Int {
        let v = value
        switch v {
        case 0..<0x80:
            buffer[i] = UInt8(v)
            return 1
        case 0x80..<0x800:
            buffer[i] = UInt8(0xC0 | (v >> 6))
            buffer[i + 1] = UInt8(0x80 | (v & 0x3F))
            return 2
        case 0x800..<0x10000:
            buffer[i] = UInt8(0xE0 | (v >> 12))
            buffer[i + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
            buffer[i + 2] = UInt8(0x80 | (v & 0x3F))
            return 3
        default:
            buffer[i] = UInt8(0xF0 | (v >> 18))
            buffer[i + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
            buffer[i + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
            buffer[i + 3] = UInt8(0x80 | (v & 0x3F))
            return 4
        }
    }

    /// Appends the scalar's UTF-8 encoding to `bytes`.
    @inlinable
    public func appendUTF8(to bytes: inout [UInt8]) {
        let v = value
        switch v {
        case 0..<0x80:
            bytes.append(UInt8(v))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | (v >> 6)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | (v >> 12)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        default:
            bytes.append(UInt8(0xF0 | (v >> 18)))
            bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}

extension Array where Element == Unicode.Scalar {
    /// True when `needle` occurs anywhere (scalar for scalar, contiguous).
    public func containsSubsequence(_ needle: [Unicode.Scalar]) -> Bool { containsScalars(needle, in: 0..<count) }
}
