import ArgumentParser
import BulletinCore

/// `bulletind quantities [TEXT…]`: the quantity scanner's view of a text, for debugging
/// extractors and running other projects' number suites.
struct QuantitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantities",
        abstract: "Print the quantities found in each TEXT (or each line of stdin) as JSON Lines.",
        discussion: """
            Each line: {"input": TEXT, "quantities": [{"text", "start", "end", "value", "unit", "approx"}]}. \
            start/end are character offsets (end exclusive); value is an exact decimal string; unit is one of \
            count, persons, cny, percent, percentage_points, times, none, other. A range adds "high".

            --model bulletin (the default) is the scanner the extractor plugins use: figures with a \
            measure word, no dates, ordinals or bare numerals. --model number|percent|currency is the \
            general-purpose recognizer, following the Recognizers-Text models of those names (every numeral, \
            fractions and powers; 成 and 折 as percentages; amounts in any currency); it adds "kind" and, for \
            money, "currency" and "iso".
            """
    )

    @Argument(help: "Texts to scan; stdin lines when none.")
    var texts: [String] = []

    @Option(help: "bulletin, number, percent or currency.")
    var model: String = "bulletin"

    func validate() throws {
        guard model == "bulletin" || NumberRecognizer.Model(rawValue: model) != nil else {
            throw ValidationError("--model must be bulletin, number, percent or currency")
        }
    }

    func run() {
        if texts.isEmpty {
            while let line = readLine(strippingNewline: true) { print(json(line)) }
        } else {
            for t in texts { print(json(t)) }
        }
    }

    private func json(_ input: String) -> String {
        guard let m = NumberRecognizer.Model(rawValue: model) else { return Self.json(input) }
        return Self.json(input, model: m)
    }

    /// One line for the general-purpose recognizer.
    static func json(_ input: String, model: NumberRecognizer.Model) -> String {
        line(input) { w, original in
            for m in NumberRecognizer().recognize(input, model: model) {
                w.beginObject()
                w.field("text", String(scalars: original[m.start..<m.end]))
                w.field("start", m.start)
                w.field("end", m.end)
                w.field("value", m.value?.description)
                w.field("unit", unitName(m))
                w.field("kind", m.kind.rawValue)
                w.field("approx", m.approximate ? Approximation.atLeast.rawValue : Approximation.exact.rawValue)
                if let c = m.currency {
                    w.field("currency", c.name)
                    if let iso = c.iso { w.field("iso", iso) }
                }
                w.endObject()
            }
        }
    }

    /// `{"input": …, "quantities": [ … ]}` with the items written by `items`.
    private static func line(_ input: String, _ items: (inout JSONWriter, [Unicode.Scalar]) -> Void) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("input", input)
        w.key("quantities")
        w.beginArray()
        items(&w, Array(input.unicodeScalars))
        w.endArray()
        w.endObject()
        return w.output
    }

    private static func unitName(_ m: NumberRecognizer.Match) -> String {
        switch m.kind {
        case .number: return QuantityUnit.none.rawValue
        case .percent, .tenths, .discount: return QuantityUnit.percent.rawValue
        case .percentagePoints: return QuantityUnit.percentagePoints.rawValue
        case .currency: return m.currency?.iso == "CNY" ? QuantityUnit.cny.rawValue : QuantityUnit.other.rawValue
        }
    }

    static func json(_ input: String) -> String {
        let view = TextNormalizer.matchingView(TextNormalizer.bodyScalars(input))
        return line(input) { w, original in
            for q in QuantityScanner().scan(view).quantities {
                w.beginObject()
                w.field("text", String(scalars: original[q.start..<q.end]))
                w.field("start", q.start)
                w.field("end", q.end)
                w.field("value", q.value.description)
                if let h = q.high { w.field("high", h.description) }
                w.field("unit", q.unit.rawValue)
                w.field("unit_text", q.unitText)
                w.field("approx", q.approx.rawValue)
                w.endObject()
            }
        }
    }
}
