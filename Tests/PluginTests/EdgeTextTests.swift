import BulletinCore
import BulletinPlugins
import Testing

/// Texts that once trapped the extractor: each must extract without a crash, and to the same
/// result twice.
@Suite("Edge texts")
struct EdgeTextTests {
    @Test(
        "no trap",
        arguments: [
            // A clause opening with 以来 (its wording checks once read before the clause's start).
            "数据显示。以来,全市新增高新技术企业5家,增长20%。",
            "以来新增科技型中小企业12家。",
            ";以来,技术合同成交额8.5亿元,同比增长9%。",
            // A number split by a blank and a percent sign apart from its number.
            "技术合同成交额为37 294.3亿元,占比 64.0 %。",
            // One-cell-per-line rows with nothing in them.
            "|\n|\n|\n地区 |\n|\n",
        ]
    )
    func noTrap(_ text: String) {
        let doc = Document(text: text, encoding: "utf-8", sha256: "t", byteSize: text.utf8.count, fileName: "t.txt")
        let a = PluginRegistry.builtIn.extract(doc)
        let b = PluginRegistry.builtIn.extract(doc)
        #expect(a == b)
    }
}
