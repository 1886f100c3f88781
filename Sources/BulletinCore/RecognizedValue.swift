/// A recognized number's value: exact when the text states it exactly (`1.7亿`, `三十四点四`),
/// a 15-significant-digit approximation when it is a fraction or a power (`三分之一`, `1.1^23`).
public enum RecognizedValue: Sendable, Hashable, CustomStringConvertible {
    /// An exact decimal.
    case exact(ExactDecimal)
    /// The result of a division or a power.
    case approximate(Double)

    /// The value as a `Double`, for arithmetic and comparison with tolerance.
    public var doubleValue: Double {
        switch self {
        case .exact(let d): return Double(d.description) ?? .nan
        case .approximate(let x): return x
        }
    }

    /// Decimal text: exact values in full, approximations to 15 significant digits.
    public var description: String {
        switch self {
        case .exact(let d): return d.description
        case .approximate(let x): return Self.rounded(x)?.description ?? "\(x)"
        }
    }

    /// `self × 10^p`.
    public func scaled(byPowerOfTen p: Int) -> RecognizedValue {
        switch self {
        case .exact(let d): return .exact(d.scaled(byPowerOfTen: p))
        case .approximate(let x): return .approximate(x * Self.power(10, p))
        }
    }

    /// `self × k`.
    public func multiplied(by k: ExactDecimal) -> RecognizedValue {
        switch self {
        case .exact(let d): if let r = d.multiplied(by: k) { return .exact(r) }
        case .approximate: break
        }
        return .approximate(doubleValue * RecognizedValue.exact(k).doubleValue)
    }

    /// The value with its sign flipped.
    public var negated: RecognizedValue {
        switch self {
        case .exact(let d): return .exact(d.negated)
        case .approximate(let x): return .approximate(-x)
        }
    }

    /// `self + other`, exact when both are.
    public func adding(_ other: RecognizedValue) -> RecognizedValue {
        if case .exact(let a) = self, case .exact(let b) = other, let r = a.adding(b) { return .exact(r) }
        return .approximate(doubleValue + other.doubleValue)
    }

    /// `numerator / denominator`; `nil` when the denominator is zero.
    public static func quotient(_ numerator: RecognizedValue, _ denominator: RecognizedValue) -> RecognizedValue? {
        let d = denominator.doubleValue
        guard d != 0, d.isFinite else { return nil }
        return .approximate(numerator.doubleValue / d)
    }

    /// `base ^ exponent` for an integer exponent.
    public static func power(_ base: Double, _ exponent: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(exponent) { r *= base }
        return exponent < 0 ? 1 / r : r
    }

    /// `x` rounded to 15 significant digits as an exact decimal.
    static func rounded(_ x: Double) -> ExactDecimal? {
        guard x.isFinite else { return nil }
        if x == 0 { return .zero }
        var m = abs(x)
        var e = 0
        while m >= 1e15 {
            m /= 10
            e += 1
        }
        while m < 1e14 {
            m *= 10
            e -= 1
        }
        let sig = Int64(m.rounded())
        return ExactDecimal(significand: x < 0 ? -sig : sig, exponent: e)
    }
}
