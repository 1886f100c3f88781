import Testing

@testable import BulletinCore

@Suite("Raw-text elements of saved pages")
struct HTMLRawTextTests {
    /// A page whose script holds markup in strings: closing tags in a script are not tags.
    let page = """
        <html><head><title>某区科技局</title><style>p{color:red}</style></head><body>
        <script type="text/javascript">var s = "</body><p>全市专利授权999件</p>"; if (a<b) {}</script>
        <!-- <script> in a comment stays a comment --><div class="article"><p>高新技术企业达到47家。</p></div>
        <SCRIPT src="x.js"/><p>新增科技特派员12人。</p><Script>x="<div>"</sCrIpT >
        </body></html>
        """

    @Test func scriptContentIsNeverMarkupOrText() {
        let h = HTMLText(html: page)
        #expect(!h.text.contains("999"))
        #expect(!h.text.contains("color"))
        #expect(h.text.contains("高新技术企业达到47家"))
        #expect(h.text.contains("新增科技特派员12人"))
        #expect(h.headTitle == "某区科技局")
    }

    @Test func droppingContentBeforeDecodingGivesTheSameText() throws {
        let bytes = Array(page.utf8)
        let smaller = try #require(HTMLRawText.droppingContent(bytes))
        #expect(smaller.count < bytes.count)
        let text = String(decoding: smaller, as: UTF8.self)
        #expect(!text.contains("999"))
        #expect(text.contains("<script type=\"text/javascript\"></script>"))
        #expect(text.contains("<!-- <script> in a comment stays a comment -->"))
        #expect(text.contains("<SCRIPT src=\"x.js\"/><p>新增科技特派员12人。</p>"))
        #expect(HTMLText(html: text).text == HTMLText(html: page).text)
    }

    @Test func gbkBytesKeepTheirCharacters() throws {
        // GBK trail bytes run from 0x40: letters, never `<`, `/` or `>`. 科 is 0xBF 0xC6, 技 0xBC 0xBC,
        // and 0xB1 0x53 has an ASCII `S` as its trail byte.
        let head = Array("<html><body><p>".utf8) + [0xBF, 0xC6, 0xBC, 0xBC, 0xB1, 0x53]
        let script = Array("<script>".utf8) + [0xBF, 0xC6] + Array("</script>".utf8)
        let tail = Array("</p></body></html>".utf8)
        let smaller = try #require(HTMLRawText.droppingContent(head + script + tail))
        #expect(smaller == head + Array("<script></script>".utf8) + tail)
    }

    @Test func plainTextAndPagesWithoutScriptsAreLeftAlone() {
        #expect(HTMLRawText.droppingContent(Array("某市科技局:全市高新技术企业<script>47家".utf8)) == nil)
        #expect(HTMLRawText.droppingContent(Array("<html><body><p>47家</p></body></html>".utf8)) == nil)
        // UTF-16 is not ASCII-compatible: never touched.
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in "<html><script>x</script>".utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(HTMLRawText.droppingContent(utf16) == nil)
    }

    @Test func anUnclosedScriptRunsToTheEnd() throws {
        let smaller = try #require(HTMLRawText.droppingContent(Array("<html><body><p>47家</p><script>var a=1;".utf8)))
        #expect(String(decoding: smaller, as: UTF8.self) == "<html><body><p>47家</p><script>")
        #expect(HTMLText(html: "<html><body><p>47家</p><script>var a=\"<p>1</p>\";").text == "47家")
    }
}
