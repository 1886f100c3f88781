/// Hides the password of a libpq connection string, and the text of messages that quote it.
///
/// A conninfo is either `keyword = value` pairs (values bare or single-quoted, either with `\x`
/// escapes; spaces allowed around `=`) or a URI `postgresql://user:password@host/db?password=…`
/// (libpq percent-decodes query keywords too: `pass%77ord=` is a password). libpq quotes pieces
/// of a malformed one in its errors (`invalid percent-encoded token: "SeCr%ZZEt"`), so a message
/// is scrubbed as well.
public enum ConninfoRedaction {
    /// What replaces a secret.
    public static let mask = "***"

    /// `conninfo` with every password value replaced by ``mask``.
    public static func redacted(_ conninfo: String) -> String {
        var out = Array(conninfo.utf8)
        for range in passwordRanges(Array(conninfo.utf8)).reversed() {
            out.replaceSubrange(range, with: Array(mask.utf8))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The passwords written in `conninfo`, as written (and percent-decoded for a URI).
    public static func passwords(in conninfo: String) -> [String] {
        let bytes = Array(conninfo.utf8)
        var found: [String] = []
        for range in passwordRanges(bytes) {
            var raw = Array(bytes[range])
            if raw.first == UInt8(ascii: "'"), raw.count >= 2, raw.last == UInt8(ascii: "'") {
                raw = unescape(Array(raw.dropFirst().dropLast()))
            }
            let text = String(decoding: raw, as: UTF8.self)
            if !text.isEmpty { found.append(text) }
            // A bare keyword value with `\x` escapes, as libpq reads it.
            let unescaped = String(decoding: unescape(raw), as: UTF8.self)
            if unescaped != text, !unescaped.isEmpty { found.append(unescaped) }
            if let decoded = percentDecoded(raw), decoded != text, !decoded.isEmpty { found.append(decoded) }
        }
        return found
    }

    /// `message` (from libpq, about `conninfo`) without the password: every occurrence of it is
    /// masked, and so is every double-quoted piece of the conninfo when the conninfo holds a
    /// password, or of a URI's query (as written or percent-decoded) when it has one: a parse
    /// error quotes the token it choked on, which may be the password, or a piece of it.
    public static func scrub(_ message: String, conninfo: String) -> String {
        let secrets = passwords(in: conninfo)
        let query = uriQuery(Array(conninfo.utf8))
        guard !secrets.isEmpty || !query.isEmpty else { return message }
        let decodedQuery = percentDecoded(query).map { Array($0.utf8) } ?? query
        var out = message
        for secret in secrets.sorted(by: { $0.utf8.count > $1.utf8.count }) {
            out = replacing(secret, in: out)
        }
        // Quoted pieces of the conninfo: `"…"` in the message that occurs in the conninfo.
        var result: [UInt8] = []
        let bytes = Array(out.utf8)
        let source = Array(conninfo.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\""), let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "\"")) {
                let inner = Array(bytes[(i + 1)..<close])
                result.append(UInt8(ascii: "\""))
                let quoted =
                    !inner.isEmpty
                    && (!secrets.isEmpty && contains(source, inner) || contains(query, inner)
                        || contains(decodedQuery, inner))
                result.append(contentsOf: quoted ? Array(mask.utf8) : inner)
                result.append(UInt8(ascii: "\""))
                i = close + 1
            } else {
                result.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    // MARK: Finding the passwords

    private static func passwordRanges(_ s: [UInt8]) -> [Range<Int>] {
        if let scheme = firstIndex(of: Array("://".utf8), in: s),
            isURIScheme(Array(s[..<scheme]))
        {
            return uriPasswordRanges(s, afterScheme: scheme + 3)
        }
        return keywordPasswordRanges(s)
    }

    /// The query of a URI conninfo (after `?`); empty for none, or for keyword pairs.
    private static func uriQuery(_ s: [UInt8]) -> [UInt8] {
        guard let scheme = firstIndex(of: Array("://".utf8), in: s), isURIScheme(Array(s[..<scheme])),
            let mark = s[(scheme + 3)...].firstIndex(of: UInt8(ascii: "?"))
        else { return [] }
        return Array(s[(mark + 1)...])
    }

    private static func isURIScheme(_ prefix: [UInt8]) -> Bool {
        let text = String(decoding: prefix, as: UTF8.self).trimmingLeadingSpaces()
        return text == "postgresql" || text == "postgres"
    }

    /// `user:password@` in the authority, and `password=` in the query (the keyword
    /// percent-decoded, as libpq does).
    private static func uriPasswordRanges(_ s: [UInt8], afterScheme start: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        let query = s[start...].firstIndex(of: UInt8(ascii: "?")) ?? s.count
        // The last `@` before the query ends the user info (a raw `@` in a password is malformed,
        // but must not reveal the rest of it).
        if let at = s[start..<query].lastIndex(of: UInt8(ascii: "@")),
            let colon = s[start..<at].firstIndex(of: UInt8(ascii: ":")), colon + 1 < at
        {
            ranges.append((colon + 1)..<at)
        }
        var i = query + 1
        while i < s.count {
            let end = s[i...].firstIndex(of: UInt8(ascii: "&")) ?? s.count
            let pair = s[i..<end]
            if let eq = pair.firstIndex(of: UInt8(ascii: "=")),
                (percentDecoded(Array(s[i..<eq])) ?? String(decoding: s[i..<eq], as: UTF8.self)).lowercased()
                    == "password", eq + 1 < end
            {
                ranges.append((eq + 1)..<end)
            }
            i = end + 1
        }
        return ranges
    }

    /// The value of every `password` keyword, quoted or bare, with spaces around `=`.
    private static func keywordPasswordRanges(_ s: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = 0
        func skipSpaces() { while i < s.count, isSpace(s[i]) { i += 1 } }
        while i < s.count {
            skipSpaces()
            let keyStart = i
            while i < s.count, s[i] != UInt8(ascii: "="), !isSpace(s[i]) { i += 1 }
            let key = String(decoding: s[keyStart..<i], as: UTF8.self)
            skipSpaces()
            guard i < s.count, s[i] == UInt8(ascii: "=") else {
                if i == keyStart { i += 1 }
                continue
            }
            i += 1
            skipSpaces()
            let valueStart = i
            if i < s.count, s[i] == UInt8(ascii: "'") {
                i += 1
                while i < s.count, s[i] != UInt8(ascii: "'") { i += s[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i = min(i + 1, s.count)
            } else {
                // libpq honours `\x` in a bare value too: `Se\ CrEt` is one value.
                while i < s.count, !isSpace(s[i]) { i += s[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i = min(i, s.count)
            }
            if key == "password", valueStart < i { ranges.append(valueStart..<i) }
        }
        return ranges
    }

    // MARK: Bytes

    private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    private static func unescape(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            if s[i] == UInt8(ascii: "\\"), i + 1 < s.count { i += 1 }
            out.append(s[i])
            i += 1
        }
        return out
    }

    private static func percentDecoded(_ s: [UInt8]) -> String? {
        guard s.contains(UInt8(ascii: "%")) else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            if s[i] == UInt8(ascii: "%"), i + 2 < s.count, let h = hex(s[i + 1]), let l = hex(s[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: b - 48
        case 65...70: b - 55
        case 97...102: b - 87
        default: nil
        }
    }

    private static func firstIndex(of needle: [UInt8], in s: [UInt8]) -> Int? {
        guard needle.count <= s.count else { return nil }
        for i in 0...(s.count - needle.count) where s[i..<(i + needle.count)].elementsEqual(needle) { return i }
        return nil
    }

    private static func contains(_ s: [UInt8], _ needle: [UInt8]) -> Bool { firstIndex(of: needle, in: s) != nil }

    private static func replacing(_ secret: String, in text: String) -> String {
        let needle = Array(secret.utf8)
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if i + needle.count <= bytes.count, bytes[i..<(i + needle.count)].elementsEqual(needle) {
                out.append(contentsOf: mask.utf8)
                i += needle.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    fileprivate func trimmingLeadingSpaces() -> String { String(drop { $0 == " " || $0 == "\t" }) }
}
