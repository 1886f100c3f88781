import BulletinCore
import BulletinPlugins
import Testing

/// Long texts are extracted in segments (DocumentSegments): memory follows the segment, and
/// the result must read as one document's.
@Suite("Segmented extraction")
struct SegmentedExtractionTests {
    /// A long report: a title and date, then sections each stating their own figures, with
    /// the same closing sentence repeated in every section.
    static let report: String = {
        var text = "某市科学技术局2023年工作总结\n发布时间:2024-01-15\n"
        for k in 0..<60 {
            text += "\(k + 1).第\(k + 1)片区科技工作。该片区全年新增高新技术企业\(100 + k)家。"
            text += "选派科技特派员\(200 + k)人,发放科技贷款\(k + 1)笔。\n"
            text += String(repeating: "围绕主导产业组织技术培训和项目对接,推动成果转化落地。", count: 3) + "\n"
            text += "全市技术合同成交额达到12.5亿元。\n"
        }
        return text
    }()

    static func segments(_ text: String, limit: Int) -> DocumentSegments {
        DocumentSegments(
            scalars: Array(text.unicodeScalars),
            encoding: "utf-8",
            sha256: String(repeating: "a", count: 64),
            byteSize: text.utf8.count,
            fileName: "report.txt",
            limit: limit
        )
    }

    @Test func aTextUnderTheLimitIsReadAsBefore() {
        let registry = PluginRegistry.builtIn
        let whole = registry.extract(Self.segments(Self.report, limit: 1 << 20), timing: nil)
        let document = Document(
            text: Self.report,
            encoding: "utf-8",
            sha256: String(repeating: "a", count: 64),
            byteSize: Self.report.utf8.count,
            fileName: "report.txt"
        )
        #expect(whole.segments == 1)
        #expect(whole.record == DocumentRecord(document))
        #expect(whole.observations == registry.extract(document))
    }

    @Test func segmentsReadAsOneDocument() throws {
        let registry = PluginRegistry.builtIn
        let whole = registry.extract(Self.segments(Self.report, limit: 1 << 20), timing: nil)
        let cut = registry.extract(Self.segments(Self.report, limit: 2048), timing: nil)
        #expect(cut.segments > 4)
        // Metadata comes from the first segment; the body is the segments' bodies joined.
        #expect(cut.record.title == whole.record.title)
        #expect(cut.record.published == whole.record.published)
        #expect(cut.record.body == whole.record.body)
        // Every figure of the whole is found, once, at the same offsets.
        #expect(cut.observations.map(\.identity) == whole.observations.map(\.identity))
        #expect(cut.observations.map(\.evidence) == whole.observations.map(\.evidence))
        #expect(Set(cut.observations.map(\.identity)).count == cut.observations.count)
        // Offsets point into the stored body.
        let body = Array(cut.record.body.unicodeScalars)
        for o in cut.observations {
            let figure = String(scalars: body[o.evidence.start..<o.evidence.end])
            #expect(o.evidence.text.contains(figure))
        }
        #expect(cut.observations.contains { $0.evidence.start > 2048 })
    }

    @Test func cutsFallAtLineEndsElseSentenceEnds() {
        let lines = Array(
            (String(repeating: "甲", count: 700) + "\n" + String(repeating: "乙", count: 700)).unicodeScalars
        )
        #expect(DocumentSegments.cut(lines, from: 0, limit: 1024) == 701)
        let sentences = Array(
            (String(repeating: "甲", count: 699) + "。" + String(repeating: "乙", count: 700)).unicodeScalars
        )
        #expect(DocumentSegments.cut(sentences, from: 0, limit: 1024) == 700)
        let run = Array(String(repeating: "甲", count: 3000).unicodeScalars)
        #expect(DocumentSegments.cut(run, from: 0, limit: 1024) == 1024)
        #expect(DocumentSegments.cut(run, from: 2048, limit: 1024) == 3000)
    }
}
