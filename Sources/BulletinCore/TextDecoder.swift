/// Why a file could not be turned into text.
public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable machine-readable reason, used as the `reason` in `failed/` sidecars.
    public enum Code: String, Sendable {
        case empty
        case binary
        case undecodable
    }
    public var code: Code
    public var detail: String
    public var description: String { "\(code.rawValue): \(detail)" }
}

/// Picks the encoding of a bulletin's bytes and decodes them.
///
/// Order: byte-order mark; UTF-16 without BOM (NUL pattern); valid UTF-8; an HTML `charset`
/// declaration; then strict GBK, GB18030 and Big5, choosing between candidates by how many
/// common bulletin characters each yields.
public enum TextDecoder {
    /// The decoded text and the encoding's name (`utf-8`, `utf-16le`, `gbk`, `gb18030`, `big5`).
    public struct Decoded: Sendable {
        /// The text as scalars (what ``Document`` reads).
        public var scalars: [Unicode.Scalar]
        public var encoding: String
        /// The text as a String.
        public var text: String { String(scalars: scalars) }
    }

    /// Decodes `bytes`.
    public static func decode(_ bytes: [UInt8]) throws(DecodeError) -> Decoded {
        guard !bytes.isEmpty else { throw DecodeError(code: .empty, detail: "the file is empty") }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let (t, controls) = utf8Counting(bytes.dropFirst(3)) else {
                throw bad("invalid UTF-8 after the byte-order mark")
            }
            return try checked(t, "utf-8", controls: controls)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            guard let t = Iconv.decode(bytes.dropFirst(2), from: "UTF-16LE") else { throw bad("invalid UTF-16LE") }
            return try checked(t, "utf-16le")
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            guard let t = Iconv.decode(bytes.dropFirst(2), from: "UTF-16BE") else { throw bad("invalid UTF-16BE") }
            return try checked(t, "utf-16be")
        }
        if let le = utf16WithoutBOM(bytes) {
            if let t = Iconv.decode(bytes, from: le ? "UTF-16LE" : "UTF-16BE") {
                return try checked(t, le ? "utf-16le" : "utf-16be")
            }
        }
        if let (t, controls) = utf8Counting(bytes[...]) { return try checked(t, "utf-8", controls: controls) }
        if let declared = declaredCharset(bytes) {
            switch declared {
            case "gbk", "gb2312", "gb18030", "x-gbk", "cp936":
                if let t = Iconv.decode(bytes, from: "GBK") { return try checked(t, "gbk") }
                if let t = Iconv.decode(bytes, from: "GB18030") { return try checked(t, "gb18030") }
            case "big5", "big5-hkscs", "x-big5":
                if let t = Iconv.decode(bytes, from: "BIG5-HKSCS") { return try checked(t, "big5") }
            default: break
            }
        }
        var candidates: [Decoded] = []
        if let t = Iconv.decode(bytes, from: "GBK") {
            candidates.append(Decoded(scalars: t, encoding: "gbk"))
        } else if let t = Iconv.decode(bytes, from: "GB18030") {
            candidates.append(Decoded(scalars: t, encoding: "gb18030"))
        }
        if let t = Iconv.decode(bytes, from: "BIG5-HKSCS") { candidates.append(Decoded(scalars: t, encoding: "big5")) }
        guard let best = candidates.max(by: { score($0.scalars) < score($1.scalars) }) else {
            throw bad("not valid UTF-8, UTF-16, GB18030 or Big5")
        }
        return try checked(best.scalars, best.encoding)
    }

    private static func bad(_ s: String) -> DecodeError { DecodeError(code: .undecodable, detail: s) }

    /// Strict UTF-8 to scalars (the rules of `String(validating:)`: no overlongs, no surrogates,
    /// nothing above U+10FFFF, no truncated sequence); `nil` when invalid.
    static func utf8(_ bytes: ArraySlice<UInt8>) -> [Unicode.Scalar]? { utf8Counting(bytes)?.scalars }

    /// ``utf8(_:)`` with the number of control characters that ``checked(_:_:controls:)`` rejects
    /// binary files by, counted in the same pass (a second pass over the scalars was 0.4 % of
    /// extraction).
    static func utf8Counting(_ bytes: ArraySlice<UInt8>) -> (scalars: [Unicode.Scalar], controls: Int)? {
        bytes.withUnsafeBufferPointer { b -> ([Unicode.Scalar], Int)? in
            // One scalar per byte that does not continue a sequence: exact for valid UTF-8 (a
            // large Chinese text would otherwise keep three times the memory it needs).
            var leading = 0
            for byte in b { leading &+= byte & 0xC0 == 0x80 ? 0 : 1 }  // branch-free: vectorized
            var valid = true
            var controls = 0
            // Written in place, not appended (each append checked capacity and uniqueness: this
            // runs over every byte of every UTF-8 file). Every scalar written starts at a byte
            // counted in `leading` (a continuation byte never starts one), so `w < leading`.
            let out = [Unicode.Scalar](unsafeUninitializedCapacity: leading) { o, written in
                var w = 0
                var k = 0
                let n = b.count
                defer { written = w }
                while k < n {
                    let b0 = b[k]
                    if b0 < 0x80 {
                        if b0 < 0x20 ? (b0 != 0x09 && b0 != 0x0A && b0 != 0x0D && b0 != 0x0C) : b0 == 0x7F {
                            controls += 1
                        }
                        o[w] = Unicode.Scalar(b0)
                        w += 1
                        k += 1
                        continue
                    }
                    @inline(__always) func cont(_ i: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> UInt32? {
                        guard i < n, b[i] >= lo, b[i] <= hi else { return nil }
                        return UInt32(b[i] & 0x3F)
                    }
                    var v: UInt32
                    switch b0 {
                    case 0xC2...0xDF:
                        guard let c1 = cont(k + 1) else {
                            valid = false
                            return
                        }
                        v = UInt32(b0 & 0x1F) << 6 | c1
                        k += 2
                    case 0xE0...0xEF:
                        let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
                        let hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF
                        guard let c1 = cont(k + 1, lo, hi), let c2 = cont(k + 2) else {
                            valid = false
                            return
                        }
                        v = UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2
                        if v == 0xFFFD { controls += 1 }
                        k += 3
                    case 0xF0...0xF4:
                        let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
                        let hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
                        guard let c1 = cont(k + 1, lo, hi), let c2 = cont(k + 2), let c3 = cont(k + 3) else {
                            valid = false
                            return
                        }
                        v = UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
                        k += 4
                    default:
                        valid = false
                        return
                    }
                    o[w] = Unicode.Scalar(v)!
                    w += 1
                }
            }
            return valid ? (out, controls) : nil
        }
    }

    /// Rejects text that is mostly control characters (binary junk that happens to decode).
    /// `controls`, when given, is that count already made (by ``utf8Counting(_:)``).
    private static func checked(
        _ scalars: [Unicode.Scalar],
        _ encoding: String,
        controls known: Int? = nil
    ) throws(DecodeError) -> Decoded {
        var controls = 0
        if let known {
            controls = known
        } else {
            for c in scalars {
                let v = c.value
                if v < 0x20 ? (v != 0x09 && v != 0x0A && v != 0x0D && v != 0x0C) : (v == 0x7F || v == 0xFFFD) {
                    controls += 1
                }
            }
        }
        let total = scalars.count
        if total == 0 { throw DecodeError(code: .empty, detail: "no text after the byte-order mark") }
        if controls > 0 && controls * 100 >= total {
            throw DecodeError(code: .binary, detail: "\(controls) control characters in \(total): not a text file")
        }
        return Decoded(scalars: scalars, encoding: encoding)
    }

    /// UTF-16 without a BOM shows as many NUL bytes on one side of each pair.
    private static func utf16WithoutBOM(_ b: [UInt8]) -> Bool? {
        guard b.count >= 4, b.count % 2 == 0 else { return nil }
        var evenNul = 0
        var oddNul = 0
        let n = Swift.min(b.count, 4096)
        for k in 0..<n where b[k] == 0 { if k % 2 == 0 { evenNul += 1 } else { oddNul += 1 } }
        let pairs = n / 2
        if oddNul * 3 > pairs && evenNul == 0 { return true }
        if evenNul * 3 > pairs && oddNul == 0 { return false }
        return nil
    }

    /// `charset=` from an HTML `<meta>` in the first 4 KiB, lower-cased.
    static func declaredCharset(_ b: [UInt8]) -> String? {
        let head = b.prefix(4096).map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }
        let needle = Array("charset=".utf8)
        guard head.count > needle.count else { return nil }
        var k = 0
        while k + needle.count < head.count {
            if head[k] == needle[0] && head[k..<(k + needle.count)].elementsEqual(needle) {
                var j = k + needle.count
                while j < head.count, head[j] == 0x22 || head[j] == 0x27 || head[j] == 0x20 { j += 1 }
                var name: [UInt8] = []
                while j < head.count, let c = Optional(head[j]),
                    (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 45 || c == 95
                {
                    name.append(c)
                    j += 1
                }
                return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
            }
            k += 1
        }
        return nil
    }

    /// How bulletin-like a decoding is: common characters score, rare and private-use ones cost.
    static func score(_ text: [Unicode.Scalar]) -> Int {
        var s = 0
        let common = commonBits
        for c in text {
            let v = c.value
            if v < 0x10000, common[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 {
                s += 3
            } else if c.value >= 0xE000 && c.value <= 0xF8FF {
                s -= 5
            } else if c.value >= 0x3400 && c.value < 0x4E00 {
                s -= 3
            }
        }
        return s
    }

    /// ``common`` as a bitmap over the Basic Multilingual Plane: one load per scalar, no hashing.
    private static let commonBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 1024)
        for c in common where c.value < 0x10000 { bits[Int(c.value >> 6)] |= 1 << UInt64(c.value & 63) }
        return bits
    }()

    private static let common: Set<Unicode.Scalar> = Set(
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质技术企科局市县省奖励業術億員級獎區縣與發總數達萬額約餘個項筆貸資費經濟產長創選組團務設計劃爭確標實現兩點進學獲評優會議國際廳門網頁覽較認規強財預將轉記證書為對於從這還後來時間鄉鎮場導領龍頭專隊並開關傳統稱報榮譽績質動態條據類體係應東雲濱營環節鏈銷協調聯號層蓋題顯"
            .unicodeScalars
    )
}
