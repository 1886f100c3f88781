/// Scalar-for-scalar normalization, so that offsets never move.
///
/// Two views come out of a decoded text:
/// - the **body** (stored, shown as evidence): full-width ASCII forms become ASCII (`１８７４` →
///   `1874`, `％` → `%`, `，` → `,`), NBSP and ideographic spaces stay as they are;
/// - the **matching view** used by extractors: the body with Traditional characters mapped to
///   Simplified ones (`億` → `亿`, `業` → `业`), so one set of cue words serves both scripts.
public enum TextNormalizer {
    /// Full-width ASCII (U+FF01–U+FF5E) to ASCII; other scalars unchanged.
    @inline(__always)
    public static func halfWidth(_ c: Unicode.Scalar) -> Unicode.Scalar {
        let v = c.value
        if v >= 0xFF01 && v <= 0xFF5E { return Unicode.Scalar(v - 0xFEE0)! }
        switch v {
        case 0x3002: return c  // 。 stays: it ends sentences
        case 0x00A0, 0x0000: return " "  // NUL cannot be stored in PostgreSQL text
        default: return c
        }
    }

    /// The body form of a text: full-width digits, letters and punctuation to ASCII.
    public static func body(_ text: String) -> String { String(scalars: bodyScalars(text)) }

    /// The body form of a text, as scalars.
    public static func bodyScalars(_ text: String) -> [Unicode.Scalar] {
        var text = text
        return text.withUTF8 { buf in
            // The String's UTF-8 is valid: decode it directly rather than through UnicodeScalarView.
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(buf.count)
            var k = 0
            let n = buf.count
            while k < n {
                let b0 = UInt32(buf[k])
                var v: UInt32
                if b0 < 0x80 {
                    v = b0
                    k += 1
                } else if b0 < 0xE0 {
                    v = (b0 & 0x1F) << 6 | UInt32(buf[k + 1] & 0x3F)
                    k += 2
                } else if b0 < 0xF0 {
                    v = (b0 & 0x0F) << 12 | UInt32(buf[k + 1] & 0x3F) << 6 | UInt32(buf[k + 2] & 0x3F)
                    k += 3
                } else {
                    v =
                        (b0 & 0x07) << 18 | UInt32(buf[k + 1] & 0x3F) << 12 | UInt32(buf[k + 2] & 0x3F) << 6
                        | UInt32(buf[k + 3] & 0x3F)
                    k += 4
                }
                out.append(halfWidth(Unicode.Scalar(v) ?? "\u{FFFD}"))
            }
            return out
        }
    }

    /// The body form of scalars.
    public static func bodyScalars(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = text
        for k in out.indices {
            let v = out[k].value
            if v >= 0xFF01 && v <= 0xFF5E || v == 0xA0 || v == 0 { out[k] = halfWidth(out[k]) }
        }
        return out
    }

    /// The matching view of a body: Traditional to Simplified, scalar for scalar.
    public static func matchingView(_ body: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out = body
        // Through the buffers: this runs over every line and title (1.2 % of extraction with
        // per-element bounds and uniqueness checks).
        TraditionalMap.flat.withUnsafeBufferPointer { flat in
            out.withUnsafeMutableBufferPointer { o in
                for k in o.indices {
                    let v = o[k].value &- 0x4E00
                    if v < 0x5200 {
                        let m = flat[Int(v)]
                        if m != 0 { o[k] = Unicode.Scalar(m)! }
                    }
                }
            }
        }
        return out
    }
}

extension TextNormalizer {
    /// Removes pinyin glosses that mirrored pages put after characters (`選認(rèn)`, `鄉(xiang) 村`):
    /// an ASCII parenthesis right after a CJK ideograph holding one to six lowercase Latin letters
    /// (tone marks allowed, at least one vowel), and one space after it.
    public static func strippingGlosses(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        // Most parentheses hold no gloss: the text is copied only from its first gloss on.
        guard
            let first = s.indices.first(where: { k in
                s[k] == "(" && k > 0 && isIdeograph(s[k - 1]) && glossEnd(s, from: k + 1) != nil
            })
        else { return s }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        out.append(contentsOf: s[..<first])
        var k = first
        while k < s.count {
            if s[k] == "(", k > 0, isIdeograph(s[k - 1]), let close = glossEnd(s, from: k + 1) {
                k = close + 1
                if k < s.count, s[k] == " " { k += 1 }
                continue
            }
            out.append(s[k])
            k += 1
        }
        return out
    }

    /// The offset of the `)` closing a gloss that starts at `k`, if the text there is one.
    private static func glossEnd(_ s: [Unicode.Scalar], from k: Int) -> Int? {
        var j = k
        var vowel = false
        while j < s.count, j - k <= 6 {
            let c = s[j]
            if c == ")" { return j > k && vowel ? j : nil }
            if c.value >= 0x61 && c.value <= 0x7A {
                if "aeiouv".unicodeScalars.contains(c) { vowel = true }
            } else if toneVowels.contains(c) {
                vowel = true
            } else {
                return nil
            }
            j += 1
        }
        return nil
    }

    private static let toneVowels: Set<Unicode.Scalar> = Set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".unicodeScalars)

    /// A line without the spaces that only separate Chinese words or a number from its unit
    /// (`R&D 经费`, `到 2025 年`, `367.1 亿元`); spaces between two ASCII characters stay.
    public static func compactingSpaces(_ line: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        // Most lines of Chinese text hold no blank at all: one copy, not an append per scalar.
        guard line.contains(where: isBlank) else { return Array(line) }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(line.count)
        var k = line.startIndex
        while k < line.endIndex {
            let c = line[k]
            guard isBlank(c) else {
                out.append(c)
                k += 1
                continue
            }
            var e = k
            while e < line.endIndex, isBlank(line[e]) { e += 1 }
            let left = out.last
            let right: Unicode.Scalar? = e < line.endIndex ? line[e] : nil
            // `64.0 %`: a percent sign belongs to its number.
            let percent = left.map(isASCIIDigit) == true && right == "%"
            if let l = left, let r = right, l.value < 0x80, r.value < 0x80, !percent, !Self.isThousandsGap(out, line, e)
            {
                out.append(contentsOf: line[k..<e])
            }
            k = e
        }
        return out
    }

    /// A blank used as a thousands separator (`37 294.3亿元`): one to three digits before it (and
    /// no digit group of another length), exactly three after it, then no fourth digit.
    static func isThousandsGap(_ out: [Unicode.Scalar], _ line: ArraySlice<Unicode.Scalar>, _ e: Int) -> Bool {
        var before = 0
        var i = out.count - 1
        while i >= 0, isASCIIDigit(out[i]) {
            before += 1
            i -= 1
        }
        guard (1...3).contains(before), i < 0 || !(out[i] == "." || out[i] == "," || isASCIIDigit(out[i])) else {
            return false
        }
        // A space-separated run of numbers (`2019 2020 2021`) is a table row, not one number.
        guard i < 0 || !(out[i] == " ") else { return false }
        var after = 0
        var j = e
        while j < line.endIndex, isASCIIDigit(line[j]) {
            after += 1
            j += 1
        }
        guard after == 3 else { return false }
        // Followed by a unit or a decimal point, not by another number.
        return j < line.endIndex && !isBlank(line[j])
    }

    /// True for a line laid out as a table with blanks between numbers (`年度 1999 2000 2001`):
    /// three or more numeric cells. Its blanks are the column separators and are kept.
    public static func isBlankSeparatedTableRow(_ line: ArraySlice<Unicode.Scalar>) -> Bool {
        // Prose with blanks around its figures is no table.
        if line.contains(where: proseStops.contains) { return false }
        var numeric = 0
        var tokens = 0
        var k = line.startIndex
        while k < line.endIndex {
            while k < line.endIndex, isBlank(line[k]) { k += 1 }
            let s = k
            while k < line.endIndex, !isBlank(line[k]) { k += 1 }
            guard s < k else { break }
            tokens += 1
            let cell = line[s..<k]
            if cell.allSatisfy({ isASCIIDigit($0) || $0 == "." || $0 == "," || $0 == "-" || $0 == "%" }),
                cell.contains(where: isASCIIDigit)
            {
                numeric += 1
            }
        }
        return numeric >= 3 && numeric * 2 >= tokens
    }

    /// Punctuation of prose, which a table row never holds.
    private static let proseStops: ScalarSet = "。，；,;"

    @inline(__always) static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\u{3000}" }
    @inline(__always) static func isIdeograph(_ c: Unicode.Scalar) -> Bool { c.value >= 0x3400 && c.value <= 0x9FFF }
}
