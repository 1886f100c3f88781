/// A decoded, normalized bulletin, ready for the extractor plugins.
///
/// Everything plugins need is computed once here, in one pass each: the body and its matching
/// view, lines and their kinds, sentences, quantities, years, table cells and the document's
/// reporting year. Plugins are pure functions of a `Document`.
public struct Document: Sendable {
    /// Hex SHA-256 of the raw bytes: the idempotency key.
    public let sha256: String
    /// The file name as given.
    public let fileName: String
    /// Size of the raw bytes.
    public let byteSize: Int
    /// Detected encoding.
    public let encoding: String
    /// Title, issuer, region and publication date, when the document states them.
    public let title: String?
    public let issuer: String?
    public let region: String?
    public let published: DateParser.Day?
    /// The normalized text that evidence offsets refer to (built on demand from ``bodyScalars``).
    public var body: String { String(scalars: bodyScalars) }
    /// `body` as scalars (offsets index this array).
    public let bodyScalars: [Unicode.Scalar]
    /// The matching view: `bodyScalars` with Traditional characters simplified.
    public let view: [Unicode.Scalar]
    /// The body's lines.
    public let lines: [Line]
    /// Sentences (split at 。！？；and line ends).
    public let sentences: [Sentence]
    /// Quantities in article text (not in metadata lines or tables).
    public let quantities: [Quantity]
    /// Years named anywhere in the article text.
    public let years: [YearMention]
    /// Numeric table cells with their column headers and row labels.
    public let tableCells: [TableCell]
    /// The year that the document's reported results describe, when it can be told.
    public let reportYear: Int?
    /// The year its plans and targets are for, when no year is named.
    public let planYear: Int?

    /// One line of the body.
    public struct Line: Sendable, Hashable {
        public var range: Range<Int>
        public var kind: PageFurniture.Kind
        public var isTableRow: Bool
    }

    /// One sentence of the body.
    public struct Sentence: Sendable, Hashable {
        public var range: Range<Int>
        /// Index into ``Document/lines``.
        public var line: Int
    }

    /// Builds a document from raw bytes.
    public init(bytes: [UInt8], fileName: String) throws(DecodeError) {
        let decoded = try TextDecoder.decode(bytes)
        self.init(scalars: decoded.scalars, encoding: decoded.encoding, sha256: SHA256.hex(bytes), byteSize: bytes.count,
                  fileName: fileName, known: nil)
    }

    /// Metadata known from elsewhere (the database, when reprocessing a stored body).
    public struct KnownMetadata: Sendable {
        public var title: String?, published: DateParser.Day?, issuer: String?, region: String?
        public init(title: String?, published: DateParser.Day?, issuer: String?, region: String?) {
            self.title = title; self.published = published; self.issuer = issuer; self.region = region
        }
    }

    /// Builds a document from already-decoded text.
    public init(text raw: String, encoding: String, sha256: String, byteSize: Int, fileName: String, known: KnownMetadata? = nil) {
        self.init(scalars: Array(raw.unicodeScalars), encoding: encoding, sha256: sha256, byteSize: byteSize,
                  fileName: fileName, known: known)
    }

    /// Builds a document from decoded scalars.
    public init(scalars raw: [Unicode.Scalar], encoding: String, sha256: String, byteSize: Int, fileName: String,
                known: KnownMetadata?) {
        self.sha256 = sha256
        self.fileName = fileName
        self.byteSize = byteSize
        self.encoding = encoding
        var text = raw
        var html: HTMLText?
        if HTMLText.looksLikeHTML(raw) {
            let h = HTMLText(scalars: raw)
            html = h
            text = h.textScalars
        }
        // Body: full-width forms to ASCII, line ends to \n, furniture lines removed. The matching
        // view is computed once for the whole text and sliced alongside the body.
        let normalized = TextNormalizer.bodyScalars(text)
        let normalizedView = TextNormalizer.matchingView(normalized)
        var kept: [Unicode.Scalar] = []
        var keptView: [Unicode.Scalar] = []
        kept.reserveCapacity(normalized.count)
        keptView.reserveCapacity(normalized.count)
        var lines: [Line] = []
        var firstLines: [DocumentMetadata.Line] = []   // for metadata, furniture included
        var k = 0
        while k <= normalized.count {
            var e = k
            while e < normalized.count, normalized[e] != "\n", normalized[e] != "\r" { e += 1 }
            var lo = k, hi = e
            while hi > lo, normalized[hi - 1] == " " || normalized[hi - 1] == "\t" || normalized[hi - 1] == "\u{3000}" { hi -= 1 }
            while lo < hi, normalized[lo] == " " || normalized[lo] == "\t" || normalized[lo] == "\u{3000}" { lo += 1 }
            let kind = PageFurniture.classify(ScalarString(normalizedView[lo..<hi]))
            if firstLines.count < 16, lo < hi { firstLines.append((normalized[lo..<hi], kind)) }
            if kind != .furniture {
                if !kept.isEmpty { kept.append("\n"); keptView.append("\n") }
                let start = kept.count
                kept.append(contentsOf: normalized[lo..<hi])
                keptView.append(contentsOf: normalizedView[lo..<hi])
                // A "row" holding sentences is a page laid out with tables (old government sites): prose.
                let isTableRow = lo < hi && normalized[lo] == "|" && !normalizedView[lo..<hi].contains("。")
                lines.append(Line(range: start..<kept.count, kind: kind, isTableRow: isTableRow))
            }
            if e < normalized.count, normalized[e] == "\r", e + 1 < normalized.count, normalized[e + 1] == "\n" { e += 1 }
            k = e + 1
        }
        self.bodyScalars = kept
        self.view = keptView
        self.lines = lines

        var meta = DocumentMetadata(lines: firstLines, html: html)
        if let known {
            meta.title = known.title; meta.published = known.published; meta.issuer = known.issuer; meta.region = known.region
        }
        self.title = meta.title
        self.published = meta.published
        self.issuer = meta.issuer
        self.region = meta.region

        // Sentences, quantities and years over article lines only.
        var sentences: [Sentence] = []
        var quantities: [Quantity] = []
        var years: [YearMention] = []
        let scanner = QuantityScanner()
        for (index, line) in lines.enumerated() where line.kind == .text && !line.isTableRow {
            var s = line.range.lowerBound
            var j = s
            while j < line.range.upperBound {
                let c = view[j]
                if c == "。" || c == "!" || c == "?" || c == ";" || c == "！" || c == "？" || c == "；" {
                    sentences.append(Sentence(range: s..<(j + 1), line: index)); s = j + 1
                }
                j += 1
            }
            if s < line.range.upperBound { sentences.append(Sentence(range: s..<line.range.upperBound, line: index)) }
            let found = scanner.scan(Array(view[line.range]))
            let base = line.range.lowerBound
            for var q in found.quantities {
                q.start += base; q.end += base; q.numberEnd += base; q.leadStart += base; q.trailEnd += base
                quantities.append(q)
            }
            for var y in found.years { y.start += base; y.end += base; years.append(y) }
        }
        self.sentences = sentences
        self.quantities = quantities
        self.years = years
        self.tableCells = TableCell.cells(in: lines, view: view)
        let reporting = ReportingYear(title: meta.title, published: meta.published, view: view, years: years)
        self.reportYear = reporting.report
        self.planYear = reporting.plan
    }

    /// The body text of `range`.
    public func text(_ range: Range<Int>) -> String {
        let lo = max(0, min(range.lowerBound, bodyScalars.count))
        let hi = max(lo, min(range.upperBound, bodyScalars.count))
        return String(scalars: bodyScalars[lo..<hi])
    }

    /// The sentence holding offset `k`, if any.
    public func sentenceIndex(containing k: Int) -> Int? {
        var lo = 0, hi = sentences.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = sentences[mid].range
            if k < r.lowerBound { hi = mid - 1 } else if k >= r.upperBound { lo = mid + 1 } else { return mid }
        }
        return nil
    }
}
