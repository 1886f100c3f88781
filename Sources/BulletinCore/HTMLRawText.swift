/// The raw-text elements of HTML (`<script>` and `<style>`): their content is not markup and
/// runs to the first `</script` or `</style>`, whatever it holds (`"<div>"` in a script is a
/// string, not a tag).
///
/// ``HTMLText`` skips such content in one step, and ``droppingContent(_:)`` removes it from a
/// saved page's bytes before they are decoded: scripts and styles are most of a large saved
/// page, and decoded text takes four bytes per character.
public enum HTMLRawText {
    /// Index of the `<` of the first `</NAME` (ASCII case-insensitive, `NAME` not followed by a
    /// letter or digit) at or after `from`, where `NAME` is `name` (lower-case ASCII bytes);
    /// `ascii` gives an element's ASCII byte (0 for anything else).
    static func closingTag<C: RandomAccessCollection>(
        _ name: [UInt8],
        in s: C,
        from: Int,
        ascii: (C.Element) -> UInt8
    ) -> Int? where C.Index == Int {
        let n = s.endIndex
        var k = max(from, s.startIndex)
        while k + 1 + name.count < n {
            if ascii(s[k]) == UInt8(ascii: "<"), ascii(s[k + 1]) == UInt8(ascii: "/") {
                var matched = true
                for (t, b) in name.enumerated() where ascii(s[k + 2 + t]) | 0x20 != b {
                    matched = false
                    break
                }
                if matched && !isAlnum(ascii(s[k + 2 + name.count])) { return k }
            }
            k += 1
        }
        return nil
    }

    /// The raw-text element an opening tag starts (`script` or `style` as lower-case bytes),
    /// given the tag's text between `<` and `>`; nil for any other tag, a closing tag, or a
    /// self-closing one.
    static func opened<C: RandomAccessCollection>(
        byTag body: C,
        ascii: (C.Element) -> UInt8
    ) -> [UInt8]? where C.Index == Int {
        guard let last = body.last, ascii(last) != UInt8(ascii: "/") else { return nil }
        var name: [UInt8] = []
        var k = body.startIndex
        while k < body.endIndex, name.count <= 6 {
            let b = ascii(body[k])
            guard isAlnum(b) else { break }
            name.append(b | (b >= 65 && b <= 90 ? 0x20 : 0))
            k += 1
        }
        if k < body.endIndex, isAlnum(ascii(body[k])) { return nil }
        return name == script || name == style ? name : nil
    }

    /// `bytes` (a saved page in an ASCII-compatible encoding: UTF-8, GBK, GB18030 or Big5) with
    /// the content of its `<script>` and `<style>` elements removed, tags kept; nil when
    /// `bytes` is no page (``HTMLText/looksLikeHTML(_:)``) or there is nothing to remove.
    ///
    /// Safe before decoding: `<`, `/` and `>` never occur inside a multi-byte character of
    /// these encodings. Comments are skipped as ``HTMLText`` skips them, so a script inside a
    /// comment stays a comment.
    public static func droppingContent(_ bytes: [UInt8]) -> [UInt8]? {
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        // A page starts with `<` after white space (the first test of `looksLikeHTML`): a plain
        // text is turned away here without widening its first 2 KiB into scalars.
        let head = bytes[bom...].prefix(2048)
        guard let first = head.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
            first == UInt8(ascii: "<")
        else { return nil }
        // UTF-16 is not ASCII-compatible; it never looks like a page here (NULs between letters).
        guard HTMLText.looksLikeHTML(head.map { Unicode.Scalar($0) }) else { return nil }
        return bytes.withUnsafeBufferPointer { b -> [UInt8]? in
            let n = b.count
            let ascii: (UInt8) -> UInt8 = { $0 < 0x80 ? $0 : 0 }
            var out: [UInt8] = []
            var copied = 0  // bytes before this index are copied or dropped
            var i = 0
            while i < n {
                guard b[i] == UInt8(ascii: "<") else {
                    i += 1
                    continue
                }
                if i + 3 < n, b[i + 1] == UInt8(ascii: "!"), b[i + 2] == UInt8(ascii: "-"),
                    b[i + 3] == UInt8(ascii: "-")
                {
                    i = find(b, [0x2D, 0x2D, 0x3E], from: i + 4).map { $0 + 3 } ?? n
                    continue
                }
                var close = i + 1
                while close < n, b[close] != UInt8(ascii: ">") { close += 1 }
                guard close < n else { break }
                // Only `script` and `style` open raw text, and both start with `s`: other tags are
                // passed without spelling out their names (an array per tag).
                let name =
                    close > i + 1 && b[i + 1] | 0x20 == UInt8(ascii: "s")
                    ? opened(byTag: b[(i + 1)..<close], ascii: ascii) : nil
                i = close + 1
                guard let name else { continue }
                let end = closingTag(name, in: b, from: i, ascii: ascii) ?? n
                if end > i {
                    if out.isEmpty { out.reserveCapacity(n / 4) }
                    out.append(contentsOf: b[copied..<i])
                    copied = end
                }
                i = end
            }
            guard copied > 0 else { return nil }
            out.append(contentsOf: b[copied..<n])
            return out
        }
    }

    static let script = Array("script".utf8)
    static let style = Array("style".utf8)

    @inline(__always)
    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    private static func find(_ b: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from: Int) -> Int? {
        var k = from
        while k + needle.count <= b.count {
            if b[k] == needle[0], needle.indices.allSatisfy({ b[k + $0] == needle[$0] }) { return k }
            k += 1
        }
        return nil
    }
}
