/// What is stored of a document: its identity, metadata and normalized body, without the
/// analysis (lines, sentences, quantities, table cells) that extraction needed.
///
/// Extraction workers hand records, not ``Document``s, to the committers: a document's analysis
/// takes about seven times the memory of its body, and a record may wait in a batch while other
/// files are read.
public struct DocumentRecord: Sendable, Hashable {
    /// Hex SHA-256 of the raw bytes: the idempotency key.
    public var sha256: String
    /// The file name as given.
    public var fileName: String
    /// Size of the raw bytes.
    public var byteSize: Int
    /// Detected encoding.
    public var encoding: String
    /// Title, issuer, region and publication date, when the document states them.
    public var title: String?
    public var issuer: String?
    public var region: String?
    public var published: DateParser.Day?
    /// The normalized text that evidence offsets refer to (offsets count Unicode scalars).
    public var body: String

    /// A record of these fields.
    public init(
        sha256: String,
        fileName: String,
        byteSize: Int,
        encoding: String,
        title: String?,
        issuer: String?,
        region: String?,
        published: DateParser.Day?,
        body: String
    ) {
        self.sha256 = sha256
        self.fileName = fileName
        self.byteSize = byteSize
        self.encoding = encoding
        self.title = title
        self.issuer = issuer
        self.region = region
        self.published = published
        self.body = body
    }

    /// The record of `document`.
    public init(_ document: Document) {
        self.init(
            sha256: document.sha256,
            fileName: document.fileName,
            byteSize: document.byteSize,
            encoding: document.encoding,
            title: document.title,
            issuer: document.issuer,
            region: document.region,
            published: document.published,
            body: document.body
        )
    }
}
