/// A text held as an array of Unicode scalars, so that offsets are plain integers.
///
/// Offsets in bulletind (evidence start/end, quantity spans) count Unicode scalars, the same
/// unit as Python's `str` indices and PostgreSQL's character functions on UTF-8 text.
public struct ScalarText: Sendable, Hashable {
    /// The scalars.
    public let scalars: [Unicode.Scalar]

    /// Wraps a string.
    public init(_ string: String) { self.scalars = Array(string.unicodeScalars) }

    /// Wraps scalars.
    public init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    /// The number of scalars.
    public var count: Int { scalars.count }

    /// The text of `range` (clamped to the text).
    public func string(_ range: Range<Int>) -> String {
        let lo = Swift.max(0, Swift.min(range.lowerBound, scalars.count))
        let hi = Swift.max(lo, Swift.min(range.upperBound, scalars.count))
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[lo..<hi])
        return String(s)
    }

    /// The whole text as a string.
    public var string: String { string(0..<scalars.count) }

    /// True when `needle` occurs starting at `offset`.
    @inline(__always)
    public func matches(_ needle: [Unicode.Scalar], at offset: Int) -> Bool {
        guard offset >= 0, offset + needle.count <= scalars.count else { return false }
        var i = 0
        while i < needle.count {
            if scalars[offset + i] != needle[i] { return false }
            i += 1
        }
        return true
    }

    /// The first offset of `needle` in `range`, or `nil`.
    public func firstIndex(of needle: [Unicode.Scalar], in range: Range<Int>) -> Int? {
        guard !needle.isEmpty else { return range.lowerBound }
        let hi = Swift.min(range.upperBound, scalars.count) - needle.count
        guard range.lowerBound <= hi else { return nil }
        let head = needle[0]
        var i = Swift.max(0, range.lowerBound)
        while i <= hi {
            if scalars[i] == head && matches(needle, at: i) { return i }
            i += 1
        }
        return nil
    }

    /// The last offset of `needle` wholly inside `range`, or `nil`.
    public func lastIndex(of needle: [Unicode.Scalar], in range: Range<Int>) -> Int? {
        guard !needle.isEmpty else { return range.upperBound }
        let lo = Swift.max(0, range.lowerBound)
        var i = Swift.min(range.upperBound, scalars.count) - needle.count
        while i >= lo {
            if scalars[i] == needle[0] && matches(needle, at: i) { return i }
            i -= 1
        }
        return nil
    }

    /// True when `needle` occurs inside `range`.
    public func contains(_ needle: [Unicode.Scalar], in range: Range<Int>) -> Bool {
        firstIndex(of: needle, in: range) != nil
    }
}

extension String {
    /// The string's scalars, for matching against a ``ScalarText``.
    @inlinable public var scalarArray: [Unicode.Scalar] { Array(unicodeScalars) }
}
