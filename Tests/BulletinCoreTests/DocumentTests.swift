import Testing

@testable import BulletinCore

@Suite("Document model")
struct DocumentTests {
    let text = """
        某某县人民政府门户网站
        首页 | 政务公开 | 新闻中心
        当前位置：首页 > 新闻中心
        某某县召开2024年全县科技工作会议
        发布时间：2024-02-27 09:42　　来源：某某县科学技术局　　浏览次数：1268
        会议指出，２０２３年全县高新技术企业总数达到１２３家。
        上一篇：某某县开展活动
        陵ICP备13029871号-1
        """

    @Test func metadataFromHeaderLines() throws {
        let d = Document(
            text: text,
            encoding: "utf-8",
            sha256: String(repeating: "0", count: 64),
            byteSize: 1,
            fileName: "x"
        )
        #expect(d.title == "某某县召开2024年全县科技工作会议")
        #expect(d.published?.description == "2024-02-27")
        #expect(d.issuer == "某某县科学技术局")
        #expect(d.region == "某某县")
        #expect(d.reportYear == 2023)
        #expect(d.planYear == 2024)
    }

    @Test func furnitureIsRemovedAndFullWidthNormalized() {
        let d = Document(text: text, encoding: "utf-8", sha256: "", byteSize: 1, fileName: "x")
        #expect(!d.body.contains("ICP"))
        #expect(!d.body.contains("上一篇"))
        #expect(!d.body.contains("首页 |"))
        #expect(d.body.contains("2023年全县高新技术企业总数达到123家"))
    }

    @Test func evidenceOffsetsPointIntoTheBody() {
        let d = Document(text: text, encoding: "utf-8", sha256: "", byteSize: 1, fileName: "x")
        let q = d.quantities.first { $0.value.description == "123" }
        #expect(q != nil)
        if let q { #expect(d.text(q.start..<q.end) == "123家") }
        #expect(!d.quantities.contains { $0.value.description == "1268" }, "the view counter is metadata")
    }

    @Test func traditionalMatchingViewKeepsOffsets() {
        let d = Document(text: "雲溪市科學技術局\n全市科技特派員總數達到1,086人。", encoding: "big5", sha256: "", byteSize: 1, fileName: "x")
        #expect(d.view.count == d.bodyScalars.count)
        #expect(d.body.contains("科技特派員"))
        #expect(String(String.UnicodeScalarView(d.view)).contains("科技特派员总数"))
    }

    @Test func conferenceAndSummaryYears() {
        func doc(_ t: String, _ pub: String) -> Document {
            Document(text: "\(t)\n发布日期：\(pub)\n正文。", encoding: "utf-8", sha256: "", byteSize: 1, fileName: "x")
        }
        #expect(doc("某市召开2023年全市科技工作会议", "2023-02-21").reportYear == 2022)
        #expect(doc("某市2023年科技创新工作总结", "2024-01-30").reportYear == 2023)
        #expect(doc("某市上半年科技创新主要指标", "2024-07-18").reportYear == 2024)
    }

    /// A text about one province throughout, comparing it with the nation twice, is the
    /// province's (a sentence-like title naming it does not count as a title place).
    @Test func aPlaceNamedThroughoutOutweighsTwoNationalComparisons() {
        var lines = ["成果转化成效明显,江西省技术市场持续活跃——2023年江西省技术合同成交额创新高"]
        lines.append("江西省科技厅")
        for i in 1...8 { lines.append("江西省第\(i)项工作取得进展,江西省有关单位积极参与。") }
        lines.append("全国技术市场保持活跃。")
        lines.append("全国技术转移大会在江西省召开。")
        let d = Document(text: lines.joined(separator: "\n"), encoding: "utf-8", sha256: "", byteSize: 1, fileName: "x")
        #expect(d.region == "江西省")
    }

    /// A county named right after its city (桂林恭城县, inside a firm's name) is still a place: a
    /// text speaking as 我县 is that county's.
    @Test func aCountyChainedToItsCityIsFound() {
        let text = """
            我县3家企业入选科技型中小企业名单
            近日,我县甲乙食品有限公司、广西桂林恭城县丙丁农业有限公司等3家企业入库,我县科技工作再上台阶。
            """
        let d = Document(text: text, encoding: "utf-8", sha256: "", byteSize: 1, fileName: "x")
        #expect(d.region == "恭城县")
    }

    /// A text speaking from a district (全区) and its city (全市) equally often is the district's,
    /// every time: the choice once followed the order of a dictionary, which changes from run
    /// to run (the same bulletin got the city in some runs and the district in others).
    @Test func equalSelfReferencesGoToTheSmallerPlaceEveryTime() {
        let text = """
            企业培育工作取得新成效
            深圳市宝安区今年新增高新技术企业120家,全区总数达到900家。深圳市科技部门表示,全市将继续加大支持。
            """
        for _ in 0..<8 {
            let d = Document(text: text, encoding: "utf-8", sha256: "", byteSize: 1, fileName: "x")
            #expect(d.region == "宝安区")
        }
    }

    /// Signature dates in Chinese numerals with a Latin O or a digit 0 for zero, on the line
    /// under the signing body (a federation too), with distribution notes after them.
    @Test func signatureDatesWithOtherZeros() {
        func published(_ text: String) -> String? {
            Document(text: text, encoding: "utf-8", sha256: "", byteSize: 1, fileName: "x").published?.description
        }
        #expect(published("关于表彰的决定\n正文。\n某市某某联合会\n二O一五年二月十三日\n抄报:某办公室\n抄送:各区县\n") == "2015-02-13")
        #expect(published("通报\n正文。\n某市科学技术局\n二00九年一月十二日\n") == "2009-01-12")
        // A date line printed day first, with its time.
        #expect(published("某省出台科技扶贫方案\n\n26.06.2014  09:40\n\n正文。") == "2014-06-26")
        #expect(published("某省出台科技扶贫方案\n\n31.02.2014  09:40\n\n正文。") == nil)
    }
}
