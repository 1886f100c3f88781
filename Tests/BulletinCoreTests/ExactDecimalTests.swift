import Testing

@testable import BulletinCore

@Suite("ExactDecimal")
struct ExactDecimalTests {
    @Test(
        "canonical text has no exponent and no trailing zeros",
        arguments: [
            ("170000000", "170000000"), ("34.40", "34.4"), ("-3.2", "-3.2"), ("0.05", "0.05"), ("1,086", "1086"),
            ("0", "0"),
        ]
    )
    func canonical(input: String, expected: String) {
        #expect(ExactDecimal(input)?.description == expected)
    }

    @Test func scalingIsExact() {
        #expect(ExactDecimal("1.7")!.scaled(byPowerOfTen: 8).description == "170000000")
        #expect(ExactDecimal("3128.4")!.scaled(byPowerOfTen: 4).description == "31284000")
        #expect(ExactDecimal("1.5")!.scaled(byPowerOfTen: 2).description == "150")
    }

    @Test func malformedIsRejected() {
        #expect(ExactDecimal("1.2.3") == nil)
        #expect(ExactDecimal("abc") == nil)
        #expect(ExactDecimal("") == nil)
        #expect(ExactDecimal("99999999999999999999999") == nil)
    }

    @Test func equalValuesCompareEqual() {
        #expect(ExactDecimal("1.50") == ExactDecimal("1.5"))
        #expect(ExactDecimal("2")! < ExactDecimal("10")!)
        #expect(ExactDecimal("-1")! < ExactDecimal("0.5")!)
    }
}
