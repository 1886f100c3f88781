import BulletinCore

/// What extraction of one file gives: the record to store and every plugin's observations.
public struct Extraction: Sendable {
    /// The document as stored (metadata and the body that evidence offsets refer to).
    public var record: DocumentRecord
    /// Every plugin's observations, in evidence order.
    public var observations: [Observation]
    /// How many segments the text was read in (1 for any bulletin under 64 Ki characters).
    public var segments: Int

    /// `record` with `observations`, read in `segments` segments.
    public init(record: DocumentRecord, observations: [Observation], segments: Int) {
        self.record = record
        self.observations = observations
        self.segments = segments
    }
}

extension PluginRegistry {
    /// Runs every plugin (or only `only`) over each segment of a text in turn, so memory
    /// follows the segment, not the file (see ``DocumentSegments``).
    ///
    /// Evidence offsets are shifted into the joined body. A figure found in several segments
    /// with the same key, value, region and period is kept once, at its first evidence.
    public func extract(
        _ segments: DocumentSegments,
        only: String? = nil,
        timing: (@Sendable (String, Double) -> Void)?
    ) -> Extraction {
        var all: [Observation] = []
        var count = 0
        // Kept as each segment ends, not at the end: a long page repeating a table would
        // otherwise hold every repeat's observation (and evidence sentence) at once.
        var seen = Set<Observation.Identity>()
        let whole = segments.isWhole
        let record = segments.read { segment in
            count += 1
            let found = extract(segment.document, only: only, timing: timing)
            if whole {
                all = found
                return
            }
            for var o in found where seen.insert(o.identity).inserted {
                o.evidence.start += segment.base
                o.evidence.end += segment.base
                all.append(o)
            }
        }
        return Extraction(record: record, observations: all, segments: count)
    }

    /// Decodes `bytes` (whose SHA-256 is `sha256`) and extracts them in segments; the bytes
    /// are let go once decoded, and a saved page's scripts and styles before decoding.
    public func extract(
        bytes: consuming [UInt8],
        sha256: String,
        fileName: String,
        segmentLimit: Int = DocumentSegments.defaultLimit,
        timing: (@Sendable (String, Double) -> Void)?
    ) throws(DecodeError) -> Extraction {
        let byteSize = bytes.count
        var bytes = bytes
        if let smaller = HTMLRawText.droppingContent(bytes) { bytes = smaller }
        var decoded = try TextDecoder.decode(bytes)
        _ = consume bytes
        let segments = DocumentSegments(
            scalars: decoded.scalars,
            encoding: decoded.encoding,
            sha256: sha256,
            byteSize: byteSize,
            fileName: fileName,
            limit: segmentLimit
        )
        decoded.scalars = []  // a saved page's markup is not needed once its text is taken
        return extract(segments, timing: timing)
    }
}
