import BulletinCore
import Testing

@testable import BulletinStore

/// Parameters as libpq receives them: NUL-terminated texts, array literals escaped.
@Suite("PGParameters")
struct PGParametersTests {
    private func texts(_ p: PGParameters) -> [String?] {
        p.withPointers { $0.map { $0.map { String(cString: $0) } } }
    }

    @Test func textsAndNull() {
        let p = PGParameters(["a", nil, "科技", ""])
        #expect(texts(p) == ["a", nil, "科技", ""])
        #expect(p.count == 4)
    }

    @Test func arrayLiteralsEscapeQuotesAndBackslashesOnly() {
        var p = PGParameters()
        p.appendArray { a in
            a.element(#"say "hi"\now"#)
            a.element(nil as String?)
            a.element("{,}")
            a.element("")
        }
        p.appendArray { a in
            a.element(-42)
            a.element(0)
            a.element(nil as Int?)
            a.element(Int.max)
        }
        p.appendArray { a in
            a.element(ExactDecimal("-3.20")!)
            a.element(ExactDecimal("170000000")!)
        }
        p.appendArray { _ in }
        p.appendArray { a in
            a.element(#"科技"局\"#)
            a.element("")
        }
        #expect(
            texts(p) == [
                #"{"say \"hi\"\\now",NULL,"{,}",""}"#,
                "{-42,0,NULL,9223372036854775807}",
                "{-3.2,170000000}",
                "{}",
                #"{"科技\"局\\",""}"#,
            ]
        )
    }
}
