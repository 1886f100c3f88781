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

    @Test func spellsBackAgreesWithParsingTheDescription() {
        var generator = SystemRandomNumberGenerator()
        var values: [ExactDecimal] = [
            .zero, ExactDecimal(significand: .min), ExactDecimal(significand: .max),
            ExactDecimal(significand: .min, exponent: -3), ExactDecimal(significand: .max, exponent: 5),
            ExactDecimal(significand: 96_887_125_816_8, exponent: 8), ExactDecimal(significand: -5, exponent: -30),
            ExactDecimal(significand: 1_005, exponent: -1), ExactDecimal(significand: 7, exponent: 64),
            ExactDecimal(significand: 7, exponent: -64), ExactDecimal(significand: .min, exponent: 64),
        ]
        for _ in 0..<20_000 {
            let digits = Int.random(in: 0...18, using: &generator)
            var magnitude: Int64 = 1
            for _ in 0..<digits { magnitude *= 10 }
            let significand = Int64.random(in: -magnitude...magnitude, using: &generator)
            values.append(ExactDecimal(significand: significand, exponent: Int.random(in: -40...40, using: &generator)))
        }
        for value in values {
            #expect(value.spellsBack == (ExactDecimal(value.description) == value), "\(value)")
        }
        #expect(!ExactDecimal(significand: .min).spellsBack)
    }
}
