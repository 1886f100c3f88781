/// A set of scalars answered by one bit test: `Set<Unicode.Scalar>.contains` hashes every
/// probe, and `String.unicodeScalars.contains` decodes UTF-8 on every probe, both of which
/// showed at the top of extraction profiles. Scalars of the Basic Multilingual Plane live in
/// an 8 KiB bitmap; the rare others in a small sorted array.
public struct ScalarSet: Sendable, ExpressibleByStringLiteral {
    private var bits: [UInt64]
    private var astral: [UInt32]

    /// The set of `scalars`' members.
    public init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
        bits = Array(repeating: 0, count: 1024)
        astral = []
        for c in scalars {
            if c.value < 0x10000 {
                bits[Int(c.value >> 6)] |= 1 << UInt64(c.value & 63)
            } else if !astral.contains(c.value) {
                astral.append(c.value)
            }
        }
        astral.sort()
    }

    /// The set of the scalars of `string`.
    public init(_ string: String) { self.init(string.unicodeScalars) }
    public init(stringLiteral value: String) { self.init(value) }

    /// True when `c` is a member.
    @inlinable
    public func contains(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x10000 { return bitsContain(v) }
        return astralContains(v)
    }

    @usableFromInline
    func bitsContain(_ v: UInt32) -> Bool { bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 }

    @usableFromInline
    func astralContains(_ v: UInt32) -> Bool { astral.contains(v) }
}
