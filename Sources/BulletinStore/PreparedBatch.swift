import BulletinCore

/// A batch ready to send: its statement parameters, built off the database thread (they are
/// the bulk of the work of a write), with documents whose hash repeats within the batch left out.
struct PreparedBatch: Sendable {
    /// Every document of the batch, in order.
    let documents: [ExtractedDocument]
    /// For each document, its position among the distinct ones; nil for a repeated hash.
    let position: [Int?]
    /// The documents with distinct hashes, first occurrences only.
    let distinct: [ExtractedDocument]
    /// The batch statement's parameters for `distinct`.
    let parameters: PGParameters
    /// The plugins that processed the documents.
    let versions: [PluginVersion]

    /// Builds the parameters of `batch`.
    init(_ batch: DocumentBatch) {
        var seen = Set<String>()
        var distinct: [ExtractedDocument] = []
        var position: [Int?] = []
        for extracted in batch.documents {
            if seen.insert(extracted.document.sha256).inserted {
                position.append(distinct.count)
                distinct.append(extracted)
            } else {
                position.append(nil)
            }
        }
        var parameters = Self.batchParameters(distinct)
        parameters.append(PluginVersion.jsonObject(batch.pluginVersions))
        self.documents = batch.documents
        self.position = position
        self.distinct = distinct
        self.parameters = parameters
        self.versions = batch.pluginVersions
    }

    /// The batch statement's document and observation arrays, written straight into the
    /// parameter buffer (no String per value or per array).
    static func batchParameters(_ documents: [ExtractedDocument]) -> PGParameters {
        var p = PGParameters()
        // By index: `for x in documents` would copy every document (and retain its strings) per column.
        let all = documents.indices
        p.appendArray { a in for i in all { a.element(documents[i].document.sha256) } }
        p.appendArray { a in for i in all { a.element(documents[i].document.fileName) } }
        p.appendArray { a in for i in all { a.element(documents[i].document.byteSize) } }
        p.appendArray { a in for i in all { a.element(documents[i].document.encoding) } }
        p.appendArray { a in for i in all { a.element(documents[i].document.title) } }
        p.appendArray { a in for i in all { a.element(documents[i].document.issuer) } }
        p.appendArray { a in for i in all { a.element(documents[i].document.region) } }
        p.appendArray { a in for i in all { a.element(documents[i].document.published?.description) } }
        p.appendArray { a in for i in all { a.element(scalars: documents[i].document.bodyScalars) } }
        p.appendArray { a in
            for i in all {
                for _ in documents[i].observations { a.element(i + 1) }
            }
        }
        let observations = documents.flatMap(\.observations)
        p.appendArray { a in for i in observations.indices { a.element(observations[i].plugin) } }
        p.appendArray { a in for i in observations.indices { a.element(observations[i].pluginVersion) } }
        ObservationColumns.append(observations, to: &p)
        return p
    }
}
