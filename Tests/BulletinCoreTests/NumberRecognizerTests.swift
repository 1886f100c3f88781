import Testing

@testable import BulletinCore

/// The general-purpose recognizer on cases written for this project (the peer suite is in
/// ``RecognizersTextConformanceTests``).
@Suite("Number recognizer")
struct NumberRecognizerTests {
    private func figures(_ text: String, _ model: NumberRecognizer.Model) -> [String] {
        let s = Array(text.unicodeScalars)
        return NumberRecognizer().recognize(text, model: model).map {
            "\(String(String.UnicodeScalarView(s[$0.start..<$0.end])))=\($0.value?.description ?? "null")"
        }
    }

    @Test(
        "numbers",
        arguments: [
            ("全市共有高新技术企业一百二十一家", ["一百二十一=121"]),
            ("三 千 五 百 万", ["三 千 五 百 万=35000000"]),
            ("6万3千零8", ["6万3千零8=63008"]),
            ("二十几万人", ["二十几万=200000"]),
            ("八兆二千亿", ["八兆二千亿=8200000000000"]),
            ("约占三分之二", ["三分之二=0.666666666666667"]),
            ("负五又四分之一", ["负五又四分之一=-5.25"]),
            ("1.5e3 和 2^10", ["1.5e3=1500", "2^10=1024"]),
            ("一切为了四川", []),
            ("他拾起两两成对的贝壳", []),
        ]
    )
    func numbers(text: String, expected: [String]) {
        #expect(figures(text, .number) == expected)
    }

    @Test(
        "percentages",
        arguments: [
            ("同比增长34.4%，提高二点五个百分点", ["34.4%=34.4", "二点五个百分点=2.5"]),
            ("占比百分之十二点五", ["百分之十二点五=12.5"]),
            ("千分之三", ["千分之三=0.3"]),
            ("八成企业享受八五折", ["八成=80", "八五折=85"]),
            ("四十分之三", []),
        ]
    )
    func percentages(text: String, expected: [String]) {
        #expect(figures(text, .percent) == expected)
    }

    @Test func kindsKeepPercentagePointsApart() {
        let kinds = NumberRecognizer().recognize("增长5%，提高2个百分点，七成，九折", model: .percent).map(\.kind)
        #expect(kinds == [.percent, .percentagePoints, .tenths, .discount])
    }

    @Test(
        "money",
        arguments: [
            ("贷款1.7亿元", ["1.7亿元=170000000"]),
            ("折合二十五万美元，另付3欧元", ["二十五万美元=250000", "3欧元=3"]),
            ("共计八元五角", ["八元五角=8.5"]),
            ("以人民币结算", ["人民币=null"]),
            ("订单号 A20240101 已付", []),
        ]
    )
    func money(text: String, expected: [String]) {
        #expect(figures(text, .currency) == expected)
    }

    @Test func currencyNamesAndCodes() {
        let m = NumberRecognizer().recognize("每股1.95港元", model: .currency)
        #expect(m.count == 1)
        #expect(m.first?.currency?.iso == "HKD")
        #expect(m.first?.currency?.name == "Hong Kong dollar")
    }

    @Test(
        "general numeral options",
        arguments: [
            ("五兆六十二亿", "5006200000000"), ("四万万", "400000000"), ("一百零十万", "1100000"),
            ("5亿1万4千6百", "500014600"), ("一百零几万", "1000000"), ("半百", "50"), ("五十打", "600"),
        ]
    )
    func generalOptions(text: String, expected: String) {
        let s = Array(text.unicodeScalars)
        let p = ChineseNumeral.parse(s, from: 0, options: .general)
        #expect(p?.value.description == expected)
        #expect(p?.length == s.count)
    }

    @Test func bulletinOptionsLeaveMegaAndPlaceholdersAlone() {
        #expect(ChineseNumeral.parse(Array("五兆瓦".unicodeScalars), from: 0)?.length == 1)
        #expect(ChineseNumeral.parse(Array("二十几万".unicodeScalars), from: 0)?.length == 2)
    }

    /// Every concatenation of three fragments that stress the tokenizer's edges (signs after a
    /// point, dotted groups, units without digits, tenths followed by digits, fractions without a
    /// numerator…) goes through all three models: spans inside the input, in order, never
    /// overlapping. (Two of these once sent the tokenizer into an endless loop.)
    @Test func fragmentSoupsGiveOrderedSpans() {
        let fragments = [
            "8.", "负2", "+6", "-", ".", "七成", "六%", "百分之", "分之", "又", "2^", "e-", "1,2", "万", "亿",
            "两两", "打", "对折", "http://a1", "美元", "五元三毛", "第", "3 ", "k", "点", "十", "零",
        ]
        let recognizer = NumberRecognizer()
        var checked = 0
        for a in fragments {
            for b in fragments {
                for c in fragments {
                    let input = a + b + c
                    let count = input.unicodeScalars.count
                    for model in NumberRecognizer.Model.allCases {
                        var last = 0
                        for m in recognizer.recognize(input, model: model) {
                            #expect(m.start >= last && m.start < m.end && m.end <= count, "\(model) \(input)")
                            last = m.end
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == fragments.count * fragments.count * fragments.count * 3)
        #expect(figures("8.负2", .number) == ["8=8", "负2=-2"])
    }
}
