/// A general-purpose recognizer of numbers, percentages and amounts of money in Chinese text.
///
/// Where ``QuantityScanner`` reads bulletins (and so ignores bare numerals, dates and ordinals),
/// this recognizer reports every number the way general-purpose libraries do, following the
/// models of Microsoft Recognizers-Text: `number` (every numeral: `答案是四不是五`, fractions
/// `三分之一`, powers `2^5`, `40k`), `percent` (`34.4%`, `百分之五`, `千分之一`, and, as that
/// suite does, `六个百分点`, `七成`, `9.9折`) and `currency` (`36.57亿元`, `$20`, `1.95港元`).
/// Both share ``ChineseNumeral`` and ``ArabicNumber``. It is what `bulletind quantities
/// --model` prints and what the conformance test runs against the peer suite.
public struct NumberRecognizer: Sendable {
    /// Which kind of figure to report.
    public enum Model: String, Sendable, CaseIterable {
        /// Every number.
        case number
        /// Percentages and their relatives.
        case percent
        /// Amounts of money and currency names.
        case currency
    }

    /// What a match is.
    public enum Kind: String, Sendable {
        /// A number.
        case number
        /// A percentage: `34.4%`, `百分之五`, `千分之一` (value in percent).
        case percent
        /// `六个百分点`: a change in percentage points (value in points).
        case percentagePoints = "percentage_points"
        /// `七成`: tenths, value given in percent.
        case tenths
        /// `9.9折`: a discount, value given as the percent of the price paid.
        case discount
        /// An amount of money, or a currency named without an amount.
        case currency
    }

    /// One recognized figure.
    public struct Match: Sendable, Hashable {
        /// Input offset (Unicode scalars) of the first scalar.
        public var start: Int
        /// Input offset just past the last scalar.
        public var end: Int
        /// The value; `nil` for a currency named without an amount.
        public var value: RecognizedValue?
        /// What it is.
        public var kind: Kind
        /// The currency, for ``Kind/currency``.
        public var currency: CurrencyName?
        /// True when a placeholder (几, 余, 多) made it approximate.
        public var approximate: Bool
    }

    /// Creates a recognizer.
    public init() {}

    /// The figures `model` reports in `input`, in text order.
    public func recognize(_ input: String, model: Model) -> [Match] {
        let text = RecognizerText(input)
        let tokens = NumeralTokenizer(s: text.s).tokens()
        switch model {
        case .number: return numbers(tokens, text)
        case .percent: return PercentReader(s: text.s, tokens: tokens).read().map { $0.located(in: text) }
        case .currency: return CurrencyReader(s: text.s, tokens: tokens).read().map { $0.located(in: text) }
        }
    }

    private func numbers(_ tokens: [NumeralToken], _ text: RecognizerText) -> [Match] {
        let s = text.s
        var out: [Match] = []
        for t in tokens {
            if t.isWordPart(in: s) { continue }
            // A figure that belongs to another model is not a bare number here (一美元, 一折, 二％).
            if t.end < s.count, s[t.end] == "%" || s[t.end] == "折" { continue }
            if CurrencyName.match(s, at: t.end)?.0.isForeign == true { continue }
            if t.bareDenominator != nil, let num = t.numerator {
                // 百分之五十五: the number model reports the numerator (the percent model the percentage)
                let (a, b) = text.span(t.numeratorStart, t.end)
                out.append(Match(start: a, end: b, value: num, kind: .number, currency: nil, approximate: false))
                continue
            }
            let (a, b) = text.span(t.start, t.end)
            out.append(
                Match(start: a, end: b, value: t.value, kind: .number, currency: nil, approximate: t.approximate)
            )
        }
        return out
    }
}

/// A match over the compacted text, before its offsets are mapped back to the input.
struct CompactMatch {
    var start: Int
    var end: Int
    var value: RecognizedValue?
    var kind: NumberRecognizer.Kind
    var currency: CurrencyName? = nil
    var approximate = false

    func located(in text: RecognizerText) -> NumberRecognizer.Match {
        let (a, b) = text.span(start, end)
        return NumberRecognizer.Match(
            start: a,
            end: b,
            value: value,
            kind: kind,
            currency: currency,
            approximate: approximate
        )
    }
}
