/// A long text read as consecutive documents of bounded size ("segments"), so that the
/// memory extraction takes follows the segment, not the file.
///
/// A document's analysis (scalar views, lines, sentences, quantities, every figure's
/// candidate) takes about 28 bytes per byte of Chinese text: a 16 MiB page would need over
/// 400 MB at once. Texts of at most ``defaultLimit`` scalars (the longest real bulletin we
/// have is a twentieth of that) are one segment and are read exactly as before. Longer
/// texts are cut at line ends into segments of at most `limit` scalars:
/// - the first segment is read as the start of a document (title, date, issuer, region, and
///   a saved page's `<title>` and `<meta>` tags);
/// - later segments are read with that metadata as known, so their figures take the same
///   document defaults (region, reporting year, plan or results);
/// - the stored body is the segments' bodies joined by line ends, and ``Segment/base`` shifts
///   each segment's evidence offsets into it.
///
/// What a segment cannot see is the text of the others: a sentence is never cut (cuts fall at
/// line ends), but a table or list running across a cut is read as two.
public struct DocumentSegments {
    /// Longest text, in Unicode scalars, read as one document: 64 Ki scalars (192 KiB of
    /// Chinese in UTF-8). Measured with `bulletind-bench large`: peak RSS 121 MiB with this
    /// limit, 136 MiB with 256 Ki.
    public static let defaultLimit = 1 << 16

    /// One segment: a document of part of the text, and where its body starts in the whole.
    public struct Segment {
        /// The segment as a document (offsets relative to its own body).
        public var document: Document
        /// Offset, in scalars, of this segment's body in the joined body.
        public var base: Int
    }

    private let text: [Unicode.Scalar]
    private let html: HTMLText?
    private let encoding: String
    private let sha256: String
    private let byteSize: Int
    private let fileName: String
    private let limit: Int

    /// The segments of decoded `scalars` (a saved page is first turned into its text).
    public init(
        scalars raw: [Unicode.Scalar],
        encoding: String,
        sha256: String,
        byteSize: Int,
        fileName: String,
        limit: Int = Self.defaultLimit
    ) {
        let html = HTMLText.looksLikeHTML(raw) ? HTMLText(scalars: raw) : nil
        self.text = html?.textScalars ?? raw
        self.html = html
        self.encoding = encoding
        self.sha256 = sha256
        self.byteSize = byteSize
        self.fileName = fileName
        self.limit = max(1024, limit)
    }

    /// True when the text is read as one document.
    public var isWhole: Bool { text.count <= limit }

    /// Reads the segments one after another (only one segment's analysis is alive at a time),
    /// calling `visit` with each, and returns the record of the whole document.
    public func read(_ visit: (Segment) -> Void) -> DocumentRecord {
        var known: Document.KnownMetadata?
        var body = ""
        if !isWhole {
            // The body is at most the text's UTF-8 (normalizing only drops or narrows characters).
            var utf8 = 0
            for c in text { utf8 += c.value < 0x80 ? 1 : c.value < 0x800 ? 2 : c.value < 0x10000 ? 3 : 4 }
            body.reserveCapacity(utf8)
        }
        var bodyCount = 0
        var start = 0
        repeat {
            let end = Self.cut(text, from: start, limit: limit)
            let document = Document(
                text: start == 0 && end == text.count ? text : Array(text[start..<end]),  // a whole text: no copy
                html: start == 0 ? html : nil,
                encoding: encoding,
                sha256: sha256,
                byteSize: byteSize,
                fileName: fileName,
                known: known
            )
            if start == 0 {
                known = Document.KnownMetadata(
                    title: document.title,
                    published: document.published,
                    issuer: document.issuer,
                    region: document.region
                )
            }
            let piece = document.bodyScalars
            if !piece.isEmpty && bodyCount > 0 {
                body += "\n"
                bodyCount += 1
            }
            visit(Segment(document: document, base: bodyCount))
            // The segment's body as the document made it (UnicodeScalarView's append went scalar
            // by scalar: 7 % of the daemon's time; encoding it again here, 1.7 % of extraction).
            body += document.body
            bodyCount += piece.count
            start = end
        } while start < text.count
        return DocumentRecord(
            sha256: sha256,
            fileName: fileName,
            byteSize: byteSize,
            encoding: encoding,
            title: known?.title,
            issuer: known?.issuer,
            region: known?.region,
            published: known?.published,
            body: body
        )
    }

    /// Where the segment starting at `start` ends: after the last line end within `limit`
    /// scalars, else after the last sentence end, else at the limit.
    public static func cut(_ text: [Unicode.Scalar], from start: Int, limit: Int) -> Int {
        let hardEnd = min(text.count, start + limit)
        guard hardEnd < text.count else { return hardEnd }
        let floor = start + limit / 2
        for terminators: [Unicode.Scalar] in [["\n", "\r"], ["。", "！", "？", "；"]] {
            var k = hardEnd
            while k > floor {
                if terminators.contains(text[k - 1]) { return k }
                k -= 1
            }
        }
        return hardEnd
    }
}
