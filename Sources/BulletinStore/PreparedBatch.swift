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
    /// The parameters of the statement the batch is stored with: the one-document statement's
    /// for a batch of one, else the batch statement's for `distinct`.
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
        var parameters: PGParameters
        if batch.documents.count == 1 {
            parameters = DocumentWriter.parameters(batch.documents[0], versions: batch.pluginVersions)
        } else {
            parameters = Self.batchParameters(distinct)
            parameters.append(PluginVersion.jsonObject(batch.pluginVersions))
        }
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
        p.reserveCapacity(estimatedBytes(documents))
        // By index: `for x in documents` would copy every document (and retain its strings) per column.
        let all = documents.indices
        p.appendTextArray { a in for i in all { a.text(documents[i].document.sha256) } }
        p.appendTextArray { a in for i in all { a.text(documents[i].document.fileName) } }
        p.appendArray { a in for i in all { a.element(documents[i].document.byteSize) } }
        p.appendTextArray { a in for i in all { a.text(documents[i].document.encoding) } }
        p.appendTextArray { a in for i in all { a.text(documents[i].document.title) } }
        p.appendTextArray { a in for i in all { a.text(documents[i].document.issuer) } }
        p.appendTextArray { a in for i in all { a.text(documents[i].document.region) } }
        p.appendArray { a in for i in all { a.element(documents[i].document.published?.description) } }
        p.appendTextArray { a in for i in all { a.text(documents[i].document.body) } }
        p.appendArray { a in
            for i in all {
                for _ in documents[i].observations { a.element(i + 1) }
            }
        }
        let observations = documents.flatMap(\.observations)
        p.appendTextArray { a in for i in observations.indices { a.text(observations[i].plugin) } }
        p.appendTextArray { a in for i in observations.indices { a.text(observations[i].pluginVersion) } }
        ObservationColumns.append(observations, to: &p)
        return p
    }

    /// About the bytes the parameters of `documents` take: their bodies and evidence, with
    /// room for the other columns and for escapes.
    static func estimatedBytes(_ documents: [ExtractedDocument]) -> Int {
        var total = 1024
        for d in documents {
            total += d.document.body.utf8.count + d.document.body.utf8.count / 64 + 512
            for o in d.observations { total += o.evidence.text.utf8.count + 256 }
        }
        return total
    }
}
