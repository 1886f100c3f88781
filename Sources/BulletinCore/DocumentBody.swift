/// A document's body as a String, made once, with where every 64th scalar starts in its
/// UTF-8: the text of a range of scalars (an observation's evidence, a sentence) is copied out
/// of it as bytes.
///
/// Encoding the range's scalars again made a new String that Swift validated as UTF-8 for every
/// call (`Document.text` was 1.8 % of extraction, and making the stored body 1.7 % more).
struct DocumentBody: Sendable {
    /// The body.
    let string: String
    /// `marks[i]`: the UTF-8 offset of scalar `64 * i`.
    private let marks: [Int]

    /// The body of `scalars`.
    init(_ scalars: [Unicode.Scalar]) {
        string = String(scalars: scalars)
        var marks: [Int] = []
        marks.reserveCapacity(scalars.count / 64 + 1)
        var offset = 0
        scalars.withUnsafeBufferPointer { b in
            for k in 0..<b.count {
                if k & 63 == 0 { marks.append(offset) }
                offset += Self.utf8Length(b[k])
            }
        }
        self.marks = marks
    }

    /// The text of scalars `lo..<hi` (`0 <= lo <= hi <= scalars.count`), `scalars` being the
    /// body's scalars.
    func text(_ lo: Int, _ hi: Int, in scalars: [Unicode.Scalar]) -> String {
        let u = string.utf8
        let i = u.index(u.startIndex, offsetBy: utf8Offset(lo, scalars))
        let j = u.index(u.startIndex, offsetBy: utf8Offset(hi, scalars))
        return String(string.unicodeScalars[i..<j])
    }

    /// The UTF-8 offset of scalar `k` (`k <= scalars.count`).
    private func utf8Offset(_ k: Int, _ scalars: [Unicode.Scalar]) -> Int {
        if k >= scalars.count { return string.utf8.count }
        var offset = marks[k >> 6]
        scalars.withUnsafeBufferPointer { b in
            for m in (k & ~63)..<k { offset += Self.utf8Length(b[m]) }
        }
        return offset
    }

    @inline(__always)
    private static func utf8Length(_ c: Unicode.Scalar) -> Int {
        let v = c.value
        return v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4
    }
}
