import Testing

@testable import BulletinCore

@Suite("HTML to text")
struct HTMLTextTests {
    let page = """
        <!DOCTYPE html><html><head><title>某市科技工作会议_某市科学技术局</title>
        <meta name="description" content="技术合同成交额23.7亿元">
        <meta name="PubDate" content="2024-07-18 16:05"><style>.a{}</style></head>
        <body><ul class="nav"><li>首页</li><li>政务公开</li></ul>
        <div class="crumb">当前位置：首页 &gt; 动态</div>
        <div class="article"><h1>某市科技工作会议</h1>
        <p>全市高新技术企业总数达到&nbsp;96家，&ldquo;瞪羚&rdquo;企业3家。</p>
        <table><tr><td>地区</td><td>数量</td></tr><tr><td>甲县</td><td>12</td></tr></table></div>
        <div class="side"><h3>相关新闻</h3><li>我市32家企业通过认定</li></div>
        <div class="footer">陵ICP备09012345号-1</div><script>var hits=3561;</script></body></html>
        """

    @Test func keepsArticleDropsFurniture() {
        let h = HTMLText(html: page)
        #expect(h.text.contains("全市高新技术企业总数达到 96家,") || h.text.contains("全市高新技术企业总数达到 96家，"))
        #expect(h.text.contains("“瞪羚”企业3家"))
        #expect(!h.text.contains("首页"))
        #expect(!h.text.contains("32家"))
        #expect(!h.text.contains("ICP"))
        #expect(!h.text.contains("3561"))
        #expect(!h.text.contains("23.7亿元"))
        #expect(h.text.contains("| 甲县 | 12 |"))
        #expect(h.heading == "某市科技工作会议")
        #expect(h.headTitle == "某市科技工作会议_某市科学技术局")
        #expect(h.metaDate == "2024-07-18 16:05")
    }

    @Test func detectsHTML() {
        #expect(HTMLText.looksLikeHTML(page))
        #expect(!HTMLText.looksLikeHTML("鹤壁市召开2023年全市科技工作会议"))
    }

    @Test func linkedListItemsAreHeadlinesNotText() {
        let h = HTMLText(
            html:
                "<div class='r'><ul><li><a href='/1'>我市高新技术企业突破500家</a></li></ul></div><p>正文12家。</p><ul><li>列表项3家</li></ul>"
        )
        #expect(!h.text.contains("500家"))
        #expect(h.text.contains("正文12家"))
        #expect(h.text.contains("列表项3家"))
    }

    @Test func numericEntities() {
        #expect(HTMLText(html: "<p>&#31185;&#x6280;</p>").text == "科技")
    }
}
