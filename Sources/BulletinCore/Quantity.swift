/// The unit a quantity is stated in, as the metric catalog names units.
public enum QuantityUnit: String, Sendable, Hashable, Codable {
    /// Things counted with a measure word (家, 项, 个, 笔, 份…).
    case count
    /// People (人, 名, 位).
    case persons
    /// Money in yuan (元, 万元, 亿元).
    case cny
    /// A percentage (34.4%, 百分之三十四点四).
    case percent
    /// A change in percentage points (个百分点).
    case percentagePoints = "percentage_points"
    /// A multiple (1.5倍).
    case times
    /// A bare number, possibly with a magnitude word (7.44亿).
    case none
    /// Some other measure (亩, 吨, 场次 of time…), not used by the catalog.
    case other
}

/// How exact a stated figure is.
public enum Approximation: String, Sendable, Hashable, Codable {
    /// As stated.
    case exact
    /// 余, 多, 超, 超过, 逾, 以上, 突破.
    case atLeast = "at_least"
    /// 约, 近, 左右, 大约.
    case about
    /// 不到, 不足, 以内.
    case atMost = "at_most"
}

/// One figure found in a text: a number with its magnitude, unit and approximation words.
public struct Quantity: Sendable, Hashable {
    /// Offset of the first scalar of the number (approximation words before it are not included).
    public var start: Int
    /// Offset just past the unit (or the number when there is no unit).
    public var end: Int
    /// Offset just past the number and its magnitude words (`3128.4万` in `3128.4万元`).
    public var numberEnd: Int
    /// The value, magnitude applied and sign included: `1.7亿元` → 170000000.
    public var value: ExactDecimal
    /// The upper bound of a range (`5至10家`); `nil` for a single figure.
    public var high: ExactDecimal?
    /// The unit class.
    public var unit: QuantityUnit
    /// The measure word as written (`家`, `项`, `元`, `%`), empty when none.
    public var unitText: String
    /// Approximation.
    public var approx: Approximation
    /// The power of ten applied by magnitude words (万 = 4, 亿 = 8).
    public var magnitude: Int
    /// Offset where approximation or sign words before the number begin (== start when none).
    public var leadStart: Int
    /// Offset just past trailing approximation words (以上, 左右), or `end`.
    public var trailEnd: Int
    /// True when written in Chinese numerals.
    public var isChineseNumeral: Bool

    /// True for money: 元 after the number, or a magnitude word (万/亿) with no unit.
    public var isMoneyLike: Bool { unit == .cny || (unit == .none && magnitude >= 4) }

    /// True when the measure word is written `text`, compared byte by byte. `==` on String tests
    /// canonical equivalence, through a slow path for non-ASCII text (~0.4% of extraction in
    /// `categoryClause` and the finance plugin). Bytes give the same answer: `unitText` is always
    /// empty, `%`, a table label's 亿元/万元/元, or a word of ``UnitLexicon`` copied scalar for
    /// scalar (matched by scalars, so never a compatibility ideograph such as U+FAAE or U+2F8EF,
    /// which decompose to 类 and 次), and none of those words has another canonical form.
    @inlinable public func unitIs(_ text: String) -> Bool {
        unitText.utf8.elementsEqual(text.utf8)
    }
}

/// A year named in the text (`2022年`, `2023年度`, `二〇二三年`).
public struct YearMention: Sendable, Hashable {
    /// Offset of the first digit.
    public var start: Int
    /// Offset past 年 / 年度.
    public var end: Int
    /// The year.
    public var year: Int
}
