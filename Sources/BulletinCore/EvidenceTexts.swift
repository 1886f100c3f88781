import Synchronization

/// The evidence sentences of one document's observations, spelt out once each.
///
/// Every plugin quotes the sentence (or table row) of each figure it reports, and a sentence
/// often yields several observations, of one plugin or of several: encoding the same scalars to a
/// new `String` for each was ~1.8% of extraction. The strings are made on first use (most
/// sentences with figures yield no observation) and shared by the plugins of the document, which
/// may run on other threads: hence the lock (uncontended, it costs less than one encoding).
final class EvidenceTexts: Sendable {
    private let texts = Mutex<[Range<Int>: String]>([:])

    /// The body text of `range` of `document` (``Document/text(_:)``), made once per range.
    func text(_ range: Range<Int>, of document: Document) -> String {
        if let known = texts.withLock({ $0[range] }) { return known }
        let made = document.text(range)
        texts.withLock { $0[range] = made }
        return made
    }
}
