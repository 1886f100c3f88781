/// An exact decimal number: `significand × 10^exponent`, never binary floating point.
///
/// Bulletin figures are stored as PostgreSQL `numeric`; this type carries them from the text
/// to the database without rounding. `description` is the canonical form the output contract
/// asks for: no exponent, no trailing zeros after the point (`"170000000"`, `"34.4"`, `"-3.2"`).
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The digits, with sign.
    public private(set) var significand: Int64
    /// The power of ten applied to `significand`.
    public private(set) var exponent: Int

    /// Creates `significand × 10^exponent`, normalized so that equal values compare equal.
    public init(significand: Int64, exponent: Int = 0) {
        self.significand = significand
        self.exponent = exponent
        normalize()
    }

    /// An integer value.
    public init(_ value: Int) { self.init(significand: Int64(value), exponent: 0) }

    /// Parses a plain decimal string (`"-12.50"`, `"1,234.5"` with ASCII commas); `nil` if malformed or too long.
    public init?(_ text: some StringProtocol) {
        var sig: Int64 = 0
        var exp = 0
        var negative = false
        var seenDigit = false
        var seenPoint = false
        var first = true
        // Zeros of the integer part held back, so that 96887125816800000000 (its own description)
        // parses: trailing zeros go to the exponent instead of overflowing the significand.
        var zeros = 0
        func flush() -> Bool {
            while zeros > 0 {
                let (m, o) = sig.multipliedReportingOverflow(by: 10)
                if o { return false }
                sig = m
                zeros -= 1
            }
            return true
        }
        for ch in text.unicodeScalars {
            defer { first = false }
            switch ch {
            case "-" where first: negative = true
            case "+" where first: break
            case ",": continue
            case ".":
                if seenPoint || !flush() { return nil }
                seenPoint = true
            case "0" where !seenPoint:
                seenDigit = true
                zeros += 1
            case "0"..."9":
                seenDigit = true
                if !flush() { return nil }
                let d = Int64(ch.value - 48)
                let (m, o1) = sig.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(d)
                if o1 || o2 { return nil }
                sig = a
                if seenPoint { exp -= 1 }
            default: return nil
            }
        }
        guard seenDigit else { return nil }
        exp += zeros
        self.init(significand: negative ? -sig : sig, exponent: exp)
    }

    /// Zero.
    public static let zero = ExactDecimal(significand: 0)

    /// True when the value is an integer.
    public var isInteger: Bool { exponent >= 0 }

    /// The value as an `Int` when it is an integer that fits.
    public var intValue: Int? {
        guard exponent >= 0, exponent < 19 else { return significand == 0 ? 0 : nil }
        var v = significand
        for _ in 0..<exponent {
            let (m, o) = v.multipliedReportingOverflow(by: 10)
            if o { return nil }
            v = m
        }
        return Int(v)
    }

    /// Multiplies by `10^power` exactly.
    public func scaled(byPowerOfTen power: Int) -> ExactDecimal {
        ExactDecimal(significand: significand, exponent: exponent + power)
    }

    /// The value with its sign flipped.
    public var negated: ExactDecimal { ExactDecimal(significand: -significand, exponent: exponent) }

    /// Exact product, or `nil` on overflow.
    public func multiplied(by other: ExactDecimal) -> ExactDecimal? {
        let (m, o) = significand.multipliedReportingOverflow(by: other.significand)
        if o { return nil }
        return ExactDecimal(significand: m, exponent: exponent + other.exponent)
    }

    /// Exact sum, or `nil` on overflow.
    public func adding(_ other: ExactDecimal) -> ExactDecimal? {
        let e = Swift.min(exponent, other.exponent)
        guard let a = Self.raise(significand, exponent - e), let b = Self.raise(other.significand, other.exponent - e)
        else { return nil }
        let (s, o) = a.addingReportingOverflow(b)
        if o { return nil }
        return ExactDecimal(significand: s, exponent: e)
    }

    private static func raise(_ v: Int64, _ by: Int) -> Int64? {
        var r = v
        for _ in 0..<by {
            let (m, o) = r.multipliedReportingOverflow(by: 10)
            if o { return nil }
            r = m
        }
        return r
    }

    private mutating func normalize() {
        if significand == 0 {
            exponent = 0
            return
        }
        while significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        guard let d = lhs.adding(rhs.negated) else {
            return (lhs.significand < 0) && (rhs.significand >= 0)
        }
        return d.significand < 0
    }

    /// True when ``description`` parses back to this value (``init(_:)``), without spelling it out:
    /// the description's digits are the significand's, so only a significand whose magnitude no
    /// `Int64` holds (`Int64.min`) fails; far exponents take the long way.
    var spellsBack: Bool {
        if significand != .min && exponent.magnitude <= 64 { return true }
        return ExactDecimal(description) == self
    }

    /// Canonical decimal text: no exponent, no trailing zeros after the point.
    public var description: String {
        let negative = significand < 0
        let digits = String(significand.magnitude)
        var out = negative ? "-" : ""
        if exponent >= 0 {
            out += digits
            if significand != 0 { out += String(repeating: "0", count: exponent) }
        } else {
            let point = digits.count + exponent
            if point > 0 {
                let idx = digits.index(digits.startIndex, offsetBy: point)
                out += digits[..<idx] + "." + digits[idx...]
            } else {
                out += "0." + String(repeating: "0", count: -point) + digits
            }
        }
        return out
    }
}
