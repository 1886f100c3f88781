import Testing
@testable import BulletinCore

@Suite("Text decoder")
struct TextDecoderTests {
    // 科技 in the encodings the inbox receives.
    @Test func utf8WithAndWithoutBOM() throws {
        #expect(try TextDecoder.decode(Array("科技局".utf8)).encoding == "utf-8")
        let d = try TextDecoder.decode([0xEF, 0xBB, 0xBF] + Array("科技".utf8))
        #expect(d.text == "科技")
    }

    @Test func utf16WithBOM() throws {
        let le: [UInt8] = [0xFF, 0xFE, 0xD1, 0x79, 0x80, 0x62]
        let d = try TextDecoder.decode(le)
        #expect(d.text == "科技")
        #expect(d.encoding == "utf-16le")
        let be: [UInt8] = [0xFE, 0xFF, 0x79, 0xD1, 0x62, 0x80]
        #expect(try TextDecoder.decode(be).text == "科技")
    }

    @Test func gbkAndBig5() throws {
        let gbk: [UInt8] = [0xBF, 0xC6, 0xBC, 0xBC, 0xC6, 0xF3, 0xD2, 0xB5]        // 科技企业
        let d = try TextDecoder.decode(gbk)
        #expect(d.text == "科技企业")
        #expect(d.encoding == "gbk")
        let big5: [UInt8] = [0xAC, 0xEC, 0xA7, 0xDE, 0xA5, 0xF8, 0xB7, 0x7E]       // 科技企業
        let b = try TextDecoder.decode(big5)
        #expect(b.text == "科技企業")
        #expect(b.encoding == "big5")
    }

    @Test func htmlCharsetDeclarationIsHonoured() throws {
        let html = Array("<html><head><meta charset=\"gbk\"></head><body>".utf8) + [0xBF, 0xC6, 0xBC, 0xBC] + Array("</body></html>".utf8)
        let d = try TextDecoder.decode(html)
        #expect(d.encoding == "gbk")
        #expect(d.text.contains("科技"))
    }

    @Test func gb18030OnlyCharacters() throws {
        // 陈䶮: 䶮 (U+4DAE) is in GB18030 but not in GBK
        let bytes: [UInt8] = [0xB3, 0xC2, 0xFE, 0x9F]
        let d = try TextDecoder.decode(bytes)
        #expect(d.encoding == "gb18030")
        #expect(d.text.unicodeScalars.last?.value == 0x4DAE)
    }

    @Test func emptyAndBinaryAreRejected() {
        #expect(throws: DecodeError.self) { try TextDecoder.decode([]) }
        #expect {
            try TextDecoder.decode([0, 1, 2, 3, 0xFF, 0xFE, 0x00, 0x00, 7, 8, 0, 0, 1, 0x80, 0x81, 0x82])
        } throws: { error in
            guard let e = error as? DecodeError else { return false }
            return e.code == .binary || e.code == .undecodable
        }
    }
}
