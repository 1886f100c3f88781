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
    /// `region`'s matching view, made once (region rules compare places with it for every figure).
    let regionView: [Unicode.Scalar]?
    /// The normalized text that evidence offsets refer to.
    public var body: String { bodyText.string }
    /// `body`, made once, and what copies ranges out of it.
    private let bodyText: DocumentBody
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
    /// True when the title names a plan (`2022年度工作计划`): figures are goals unless their
    /// clause speaks of the past.
    public let isPlan: Bool
    /// What 我省/全省, 我市… and 全国 stand for in this text, by tier.
    let selfPlaces: [Gazetteer.Tier: String]
    /// How the document's region was chosen (self-references and scored places), for explanations.
    let regionReasons: RegionReasons
    /// The tier of the document's own place (a city's report: `.city`), when known.
    public let regionLevel: Level?
    /// The reported year when the title or the publication date tells it (not guessed from the text).
    let datedReportYear: Int?

    /// One line of the body.
    public struct Line: Sendable, Hashable {
        /// How a line is laid out.
        public enum Layout: Sendable, Hashable {
            /// Running text.
            case prose
            /// A row of a `|`-separated table.
            case barRow
            /// A row of a table whose cells are separated by blanks (`年度 1999 2000 2001`).
            case blankRow
        }
        public var range: Range<Int>
        public var kind: PageFurniture.Kind
        public var layout: Layout
        /// True for a line repeating the document's title (the headline, 原标题…).
        public var isHeadline: Bool
        /// For a table cell that sits on its own line, its column's header.
        public var columnHeader: String?
        /// True for a row of a `|`-separated table.
        public var isTableRow: Bool { layout == .barRow }
    }

    /// One sentence of the body.
    public struct Sentence: Sendable, Hashable {
        public var range: Range<Int>
        /// Index into ``Document/lines`` of the line the sentence starts on.
        public var line: Int
    }

    /// Builds a document from raw bytes.
    public init(bytes: [UInt8], fileName: String) throws(DecodeError) {
        let decoded = try TextDecoder.decode(bytes)
        self.init(
            scalars: decoded.scalars,
            encoding: decoded.encoding,
            sha256: SHA256.hex(bytes),
            byteSize: bytes.count,
            fileName: fileName,
            known: nil
        )
    }

    /// Metadata known from elsewhere (the database, when reprocessing a stored body).
    public struct KnownMetadata: Sendable {
        public var title: String?, published: DateParser.Day?, issuer: String?, region: String?
        public init(title: String?, published: DateParser.Day?, issuer: String?, region: String?) {
            self.title = title
            self.published = published
            self.issuer = issuer
            self.region = region
        }
    }

    /// Builds a document from already-decoded text.
    public init(
        text raw: String,
        encoding: String,
        sha256: String,
        byteSize: Int,
        fileName: String,
        known: KnownMetadata? = nil
    ) {
        self.init(
            scalars: Array(raw.unicodeScalars),
            encoding: encoding,
            sha256: sha256,
            byteSize: byteSize,
            fileName: fileName,
            known: known
        )
    }

    /// Builds a document from decoded scalars.
    public init(
        scalars raw: [Unicode.Scalar],
        encoding: String,
        sha256: String,
        byteSize: Int,
        fileName: String,
        known: KnownMetadata?
    ) {
        let html = HTMLText.looksLikeHTML(raw) ? HTMLText(scalars: raw) : nil
        self.init(
            text: html?.textScalars ?? raw,
            html: html,
            encoding: encoding,
            sha256: sha256,
            byteSize: byteSize,
            fileName: fileName,
            known: known
        )
    }

    /// Builds a document from text (a page's text when `html` is its markup, for metadata).
    init(
        text: [Unicode.Scalar],
        html: HTMLText?,
        encoding: String,
        sha256: String,
        byteSize: Int,
        fileName: String,
        known: KnownMetadata?
    ) {
        self.sha256 = sha256
        self.fileName = fileName
        self.byteSize = byteSize
        self.encoding = encoding
        // Body: full-width forms to ASCII, pinyin glosses dropped, line ends to \n, spaces between
        // Chinese words removed, furniture lines removed. Offsets index the body from here on.
        let normalized = TextNormalizer.strippingGlosses(TextNormalizer.bodyScalars(text))
        var built = DocumentLines(normalized)
        // Metadata reads the lines as they came (the title must not be joined with what follows it).
        var firstLines: [DocumentMetadata.Line] = []  // for metadata, furniture included
        for r in built.raw where !r.original.isEmpty && firstLines.count < 16 {
            firstLines.append((r.original, r.kind))
        }
        // The title is read once (metadata reads it too) and its matching view made once (the
        // headlines are marked with it too).
        let ownTitle = DocumentMetadata.title(lines: firstLines, html: html)
        let title = known?.title ?? ownTitle
        let titleView = title.map(Self.titleView)
        built.mergeSoftWraps(title: titleView)
        var kept: [Unicode.Scalar] = []
        var keptView: [Unicode.Scalar] = []
        kept.reserveCapacity(normalized.count)
        keptView.reserveCapacity(normalized.count)
        var lines: [Line] = []
        for r in built.raw {
            guard r.kind != .furniture else { continue }
            if !kept.isEmpty {
                kept.append("\n")
                keptView.append("\n")
            }
            let start = kept.count
            kept.append(contentsOf: r.scalars)
            keptView.append(contentsOf: r.view)
            lines.append(
                Line(
                    range: start..<kept.count,
                    kind: r.kind,
                    layout: r.layout,
                    isHeadline: false,
                    columnHeader: r.columnHeader
                )
            )
        }
        self.bodyScalars = kept
        self.bodyText = DocumentBody(kept)
        self.view = keptView

        var meta = DocumentMetadata(lines: firstLines, html: html, title: ownTitle, body: kept, view: keptView)
        if let known {
            meta.title = known.title
            meta.published = known.published
            meta.issuer = known.issuer
            meta.region = known.region
        }
        self.title = meta.title
        self.published = meta.published
        self.issuer = meta.issuer
        self.region = meta.region
        self.regionView = meta.region.map { TextNormalizer.matchingView(Array($0.unicodeScalars)) }
        self.selfPlaces = meta.selfPlaces
        self.regionReasons = meta.regionReasons
        switch meta.regionTier {
        case .nation?: regionLevel = .national
        case .province?: regionLevel = .provincial
        case .city?: regionLevel = .city
        case .county?: regionLevel = .county
        default: regionLevel = nil
        }
        // The metadata's title, when it has one, is `title` (the known one, or the one read here):
        // its view is made already.
        if meta.title != nil, let titleView { Self.markHeadlines(&lines, view: keptView, title: titleView) }
        self.lines = lines

        // Sentences, quantities and years over article lines only.
        self.sentences = Self.sentences(lines, view: keptView)
        var quantities: [Quantity] = []
        var years: [YearMention] = []
        let scanner = QuantityScanner()
        for line in lines where line.kind == .text && line.layout == .prose {
            let found = scanner.scan(Array(keptView[line.range]))
            let base = line.range.lowerBound
            for var q in found.quantities {
                q.start += base
                q.end += base
                q.numberEnd += base
                q.leadStart += base
                q.trailEnd += base
                quantities.append(q)
            }
            for var y in found.years {
                y.start += base
                y.end += base
                years.append(y)
            }
        }
        self.quantities = quantities
        self.years = years
        self.tableCells = TableCell.cells(in: lines, view: keptView) + BlankTable.cells(in: lines, view: keptView)
        let reporting = ReportingYear(title: meta.title, published: meta.published, view: keptView, years: years)
        self.reportYear = reporting.report
        self.planYear = reporting.plan
        self.datedReportYear = reporting.isDated ? reporting.report : nil
        self.isPlan = reporting.isPlan
    }

    /// Splits text lines into sentences at 。！？； and at line ends (lines wrapped mid-sentence
    /// were joined when the lines were built).
    static func sentences(_ lines: [Line], view: [Unicode.Scalar]) -> [Sentence] {
        var out: [Sentence] = []
        // Through the buffer, ASCII tested apart: this reads every scalar of the article text.
        view.withUnsafeBufferPointer { v in
            for (index, line) in lines.enumerated() where line.kind == .text && line.layout == .prose {
                var s = line.range.lowerBound
                var j = line.range.lowerBound
                while j < line.range.upperBound {
                    let c = v[j]
                    if c.value < 0x80
                        ? (c == "!" || c == "?" || c == ";") : (c == "。" || c == "！" || c == "？" || c == "；")
                    {
                        out.append(Sentence(range: s..<(j + 1), line: index))
                        s = j + 1
                    }
                    j += 1
                }
                if s < line.range.upperBound { out.append(Sentence(range: s..<line.range.upperBound, line: index)) }
            }
        }
        return out
    }

    /// A title as lines are compared with it: its matching view, spaces removed.
    private static func titleView(_ title: String) -> [Unicode.Scalar] {
        TextNormalizer.matchingView(TextNormalizer.compactingSpaces(TextNormalizer.bodyScalars(title)[...]))
    }

    /// Marks lines that repeat the title (the headline itself, `原标题：…`, `【…】`), given as
    /// ``titleView(_:)``.
    static func markHeadlines(_ lines: inout [Line], view: [Unicode.Scalar], title t: [Unicode.Scalar]) {
        guard t.count >= 6 else { return }
        for i in lines.indices where lines[i].kind == .text && lines[i].layout == .prose {
            // Tested on the slice: most lines are long paragraphs, never copied now.
            let line = view[lines[i].range]
            guard line.count <= 90, !line.contains("。") || line.count <= t.count + 4 else { continue }
            var v = Array(line)
            for prefix in headlinePrefixes where v.starts(with: prefix) {
                v.removeFirst(prefix.count)
            }
            while let l = v.last, l == "】" || l == " " { v.removeLast() }
            let same =
                v == t || (v.count >= 8 && t.containsSubsequence(v))
                || (v.count <= t.count + 12 && v.containsSubsequence(t))
            if same { lines[i].isHeadline = true }
        }
    }

    /// What may open a line repeating the title, as scalars (in the order they are removed).
    private static let headlinePrefixes: [[Unicode.Scalar]] = ["原标题:", "原题目:", "标题:", "原标题", "【"].map {
        Array($0.unicodeScalars)
    }

    /// The body text of `range`.
    public func text(_ range: Range<Int>) -> String {
        let lo = max(0, min(range.lowerBound, bodyScalars.count))
        let hi = max(lo, min(range.upperBound, bodyScalars.count))
        return bodyText.text(lo, hi, in: bodyScalars)
    }

    /// The sentence holding offset `k`, if any.
    public func sentenceIndex(containing k: Int) -> Int? {
        var lo = 0
        var hi = sentences.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = sentences[mid].range
            if k < r.lowerBound { hi = mid - 1 } else if k >= r.upperBound { lo = mid + 1 } else { return mid }
        }
        return nil
    }
}
