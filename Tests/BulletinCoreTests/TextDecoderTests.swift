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
        let gbk: [UInt8] = [0xBF, 0xC6, 0xBC, 0xBC, 0xC6, 0xF3, 0xD2, 0xB5]  // 科技企业
        let d = try TextDecoder.decode(gbk)
        #expect(d.text == "科技企业")
        #expect(d.encoding == "gbk")
        let big5: [UInt8] = [0xAC, 0xEC, 0xA7, 0xDE, 0xA5, 0xF8, 0xB7, 0x7E]  // 科技企業
        let b = try TextDecoder.decode(big5)
        #expect(b.text == "科技企業")
        #expect(b.encoding == "big5")
    }

    @Test func htmlCharsetDeclarationIsHonoured() throws {
        let html =
            Array("<html><head><meta charset=\"gbk\"></head><body>".utf8) + [0xBF, 0xC6, 0xBC, 0xBC]
            + Array("</body></html>".utf8)
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

    /// The strict UTF-8 decoder accepts exactly what the standard library accepts, and decodes
    /// it to the same scalars: every sequence of up to four bytes drawn from the encoding's edges
    /// (lead and continuation boundaries, overlongs, surrogates, the U+10FFFF limit), each also
    /// after an ASCII letter and before a CJK character.
    @Test func utf8DecoderAgreesWithTheStandardLibrary() {
        let edges: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
            0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF,
        ]
        var accepted = 0
        var total = 0
        func check(_ core: [UInt8]) {
            for bytes in [core, [0x61] + core + Array("科".utf8)] {
                let ours = TextDecoder.utf8(bytes[...]).map { String(scalars: $0) }
                let std = String(validating: bytes, as: UTF8.self)
                #expect(ours == std, "\(bytes)")
                if std != nil { accepted += 1 }
                total += 1
            }
        }
        for a in edges {
            check([a])
            for b in edges {
                check([a, b])
                for c in edges {
                    check([a, b, c])
                    for d in [0x80, 0xBF, 0x41] as [UInt8] { check([a, b, c, d]) }
                }
            }
        }
        #expect(total > 50_000 && accepted > 1_000)
    }
}
