import Testing

@testable import BulletinCore

@Suite("Chinese numerals")
struct ChineseNumeralTests {
    @Test(
        "values",
        arguments: [
            ("一百二十一", "121"), ("两千三百万", "23000000"), ("九千六百万", "96000000"), ("一百零八", "108"),
            ("二十六", "26"), ("十五", "15"), ("三十四点四", "34.4"), ("一万亿", "1000000000000"), ("千亿", "100000000000"),
            ("三亿五千万", "350000000"), ("廿三", "23"), ("壹仟贰佰", "1200"), ("二〇二三", "2023"), ("三千五", "3500"),
            ("一万五", "15000"), ("两百", "200"), ("一千零五十", "1050"), ("十", "10"), ("百", "100"),
        ]
    )
    func value(text: String, expected: String) {
        let s = Array(text.unicodeScalars)
        let parsed = ChineseNumeral.parse(s, from: 0)
        #expect(parsed?.value.description == expected)
        #expect(parsed?.length == s.count)
    }

    @Test func stopsAtNonNumerals() {
        let s = Array("二十余项".unicodeScalars)
        #expect(ChineseNumeral.parse(s, from: 0)?.length == 2)
        #expect(ChineseNumeral.parse(Array("万元".unicodeScalars), from: 0) == nil)
    }
}
