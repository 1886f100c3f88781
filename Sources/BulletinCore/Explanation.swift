/// A readable account of how a document was analysed, for people writing rules: every figure
/// with its status, period, region, flags, and what it is about for each plugin.
public enum Explanation {
    /// One line per candidate figure.
    public static func lines(_ context: ExtractionContext) -> [String] {
        let doc = context.document
        var out: [String] = []
        out.append(
            "document: title=\(doc.title ?? "-") published=\(doc.published?.description ?? "-") "
                + "issuer=\(doc.issuer ?? "-") region=\(doc.region ?? "-") report-year=\(doc.reportYear.map(String.init) ?? "-")"
        )
        out.append("region: \(doc.regionReasons)")
        for line in doc.lines where line.layout != .prose || line.columnHeader != nil {
            out.append(
                "line \(line.range) \(line.layout) \(line.kind) header=\(line.columnHeader ?? "-"): \(doc.text(line.range).prefix(40))"
            )
        }
        out.append("table cells: \(doc.tableCells.count)")
        for c in context.candidates {
            let q = c.quantity
            let view = c.header ?? doc.view
            var flags: [String] = []
            if c.isTableCell { flags.append("table") }
            if c.inBreakdown { flags.append("breakdown") }
            if c.isAttributive { flags.append("attributive") }
            if c.isSingleMonth { flags.append("single-month") }
            if c.isHeadline { flags.append("headline") }
            if c.isChange { flags.append("change") }
            if c.isShare { flags.append(c.isShareOfGDP ? "share-of-gdp" : "share") }
            var subjects: [String] = []
            for (p, name) in context.lexicon.plugins.enumerated() {
                guard let s = c.subject(for: p) else { continue }
                let word = String(scalars: view[s.hit.range])
                if let i = s.index {
                    let subject = context.lexicon.vocabularies[p].subjects[i].name
                    subjects.append(
                        "\(name).\(subject)«\(word)»\(s.isHeadNoun ? " head" : s.isLocal ? "" : " carried")"
                    )
                }
            }
            let figure = String(scalars: doc.bodyScalars[q.start..<min(q.end, doc.bodyScalars.count)])
            out.append(
                "\(q.start) \(figure) = \(q.value) \(q.unit.rawValue) \(c.status.rawValue) period=\(c.period.map(String.init) ?? "-") "
                    + "region=\(c.region ?? "-") [\(flags.joined(separator: ","))] → \(subjects.isEmpty ? "-" : subjects.joined(separator: " "))"
                    + "  lead«\(c.lead)»"
            )
        }
        return out
    }
}
