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
            """
    )

    @Argument(help: "Texts to scan; stdin lines when none.")
    var texts: [String] = []

    func run() {
        if texts.isEmpty {
            while let line = readLine(strippingNewline: true) { print(Self.json(line)) }
        } else {
            for t in texts { print(Self.json(t)) }
        }
    }

    static func json(_ input: String) -> String {
        let body = Array(TextNormalizer.body(input).unicodeScalars)
        let view = TextNormalizer.matchingView(body)
        let original = Array(input.unicodeScalars)
        var w = JSONWriter()
        w.beginObject()
        w.field("input", input)
        w.key("quantities")
        w.beginArray()
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
        w.endArray()
        w.endObject()
        return w.output
    }
}
