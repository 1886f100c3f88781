import Testing

@testable import BulletinCore

@Suite("Quantity scanner")
struct QuantityScannerTests {
    func scan(_ text: String) -> [Quantity] {
        QuantityScanner().scan(TextNormalizer.matchingView(Array(TextNormalizer.body(text).unicodeScalars))).quantities
    }

    func one(_ text: String) -> Quantity? {
        let q = scan(text)
        return q.count == 1 ? q[0] : nil
    }

    @Test(
        "value, unit and approximation",
        arguments: [
            ("高新技术企业总量达121家", "121", QuantityUnit.count, Approximation.exact),
            ("共计1.7亿元", "170000000", .cny, .exact),
            ("专项资金3128.4万元", "31284000", .cny, .exact),
            ("同比增长34.4%", "34.4", .percent, .exact),
            ("提高6.3个百分点", "6.3", .percentagePoints, .exact),
            ("增长1.5倍", "1.5", .times, .exact),
            ("评价入库近百家", "100", .count, .about),
            ("荣获10余项个人荣誉", "10", .count, .atLeast),
            ("各类荣誉表彰二十余项", "20", .count, .atLeast),
            ("突破千亿元", "100000000000", .cny, .atLeast),
            ("新增20家以上", "20", .count, .atLeast),
            ("成交额7.44亿,同比", "744000000", .none, .exact),
            ("总数达到1,086人", "1086", .persons, .exact),
            ("总数达1.26万人", "12600", .persons, .exact),
            ("同比下降3.2%", "-3.2", .percent, .exact),
            ("百分之三十四点四", "34.4", .percent, .exact),
            ("不足50家", "50", .count, .atMost),
            ("约3亿元", "300000000", .cny, .about),
            ("１８７４家", "1874", .count, .exact),
            ("500余万元", "5000000", .cny, .atLeast),
            ("九千六百万元", "96000000", .cny, .exact),
            ("逾200人", "200", .persons, .atLeast),
            ("左右", nil, .none, .exact),
        ] as [(String, String?, QuantityUnit, Approximation)]
    )
    func figure(text: String, value: String?, unit: QuantityUnit, approx: Approximation) {
        guard let value else {
            #expect(scan(text).isEmpty)
            return
        }
        let q = one(text)
        #expect(q?.value.description == value)
        #expect(q?.unit == unit)
        #expect(q?.approx == approx)
    }

    @Test func rangesKeepBothEnds() {
        let q = one("新建5至10家")
        #expect(q?.value.description == "5")
        #expect(q?.high?.description == "10")
        #expect(one("5-10家")?.high?.description == "10")
    }

    @Test(
        "no figure from dates, times, phones, ordinals, idioms and codes",
        arguments: [
            "2023年2月20日上午", "发布时间:2024-02-27 09:42", "联系电话:0578-5126306", "第五批省级星创天地", "第四届",
            "全省十大科技创新成果", "党的二十大精神", "四梁八柱", "一盘棋", "陵ICP备13029871号-1", "“十四五”规划", "一次性奖励",
            "t20240711_8821.html",
        ]
    )
    func noFigure(text: String) {
        #expect(scan(text).isEmpty, "found \(scan(text).map { $0.value.description })")
    }

    @Test func yearsAreRecordedNotCounted() {
        let r = QuantityScanner().scan(Array("截至2023年底,2022-2024年,二〇二三年".unicodeScalars))
        #expect(r.quantities.isEmpty)
        #expect(r.years.map(\.year) == [2023, 2022, 2024, 2023])
    }

    @Test func spansCoverNumberAndUnit() {
        let text = "发放科技贷贷款29笔共计1.7亿元"
        let q = scan(text)
        #expect(q.count == 2)
        let s = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(s[q[0].start..<q[0].end])) == "29笔")
        #expect(String(String.UnicodeScalarView(s[q[1].start..<q[1].end])) == "1.7亿元")
    }

    @Test func traditionalCharactersMeanTheSame() {
        #expect(one("總數達到1,086人")?.value.description == "1086")
        #expect(one("3,000萬元")?.value.description == "30000000")
        #expect(one("1,200餘場次")?.approx == .atLeast)
    }
}
