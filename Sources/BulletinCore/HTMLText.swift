/// Reduces an HTML page to its article text.
///
/// Script, style, head and page furniture (elements whose class or id names navigation,
/// breadcrumbs, side bars, related lists, headers and footers, and links listed in `<li>`
/// items, which are news-list headlines) are dropped with their subtrees; block elements become line breaks; table cells become `| a | b |` rows so that
/// tables read the same as in plain-text bulletins; entities are decoded. The `<title>`,
/// the first `<h1>`/`<h2>` and `<meta>` publication dates are kept for the document's metadata.
public struct HTMLText: Sendable {
    /// The article text, one block per line, as scalars.
    public var textScalars: [Unicode.Scalar]
    /// The article text, one block per line.
    public var text: String { String(scalars: textScalars) }
    /// `<title>` content, entity-decoded.
    public var headTitle: String?
    /// First `<h1>` (or `<h2>` when there is no `<h1>`) inside the body.
    public var heading: String?
    /// A publication date from `<meta name="PubDate">` or similar.
    public var metaDate: String?

    /// True when `text` looks like an HTML document.
    public static func looksLikeHTML(_ text: String) -> Bool { looksLikeHTML(Array(text.unicodeScalars.prefix(2048))) }

    /// True when `text` looks like an HTML document.
    public static func looksLikeHTML(_ text: [Unicode.Scalar]) -> Bool {
        // A page starts with "<" after white space; most bulletins are rejected here.
        guard
            let firstNonSpace = text.prefix(2048).first(where: {
                $0 != " " && $0 != "\n" && $0 != "\r" && $0 != "\t" && $0 != "\u{FEFF}"
            }),
            firstNonSpace == "<"
        else { return false }
        // Only ASCII matters here: lower-case the first 2048 scalars by hand (others become 0).
        let head: [UInt8] = text.prefix(2048).map { c in
            let v = c.value
            return v >= 65 && v <= 90 ? UInt8(v + 32) : (v < 128 ? UInt8(v) : (v == 0xFEFF ? 32 : 0))
        }
        guard let first = head.firstIndex(where: { $0 != 32 && $0 != 10 && $0 != 13 && $0 != 9 }),
            head[first] == UInt8(ascii: "<")
        else { return false }
        // One pass: each `<` is tested against the markers (a pass per marker, through slices, was
        // most of this test's time on pages, which run it twice).
        let markers = htmlMarkers
        var k = first
        while k < head.count {
            if head[k] == UInt8(ascii: "<") {
                for m in markers where head.count - k >= m.count && head[k..<(k + m.count)].elementsEqual(m) {
                    return true
                }
            }
            k += 1
        }
        return false
    }

    private static let blockTags: Set<TagName> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section",
        "article", "header", "footer", "nav", "dd", "dt", "dl", "blockquote", "pre", "hr", "tbody", "thead",
        "form", "center", "aside", "main", "figure", "figcaption",
    ]
    private static let skipTags: Set<TagName> = [
        "script", "style", "head", "noscript", "iframe", "select", "option", "template", "svg", "nav", "aside",
        "button",
    ]
    private static let voidTags: Set<TagName> = [
        "br", "img", "meta", "link", "input", "hr", "area", "base", "col", "embed", "param", "source", "track", "wbr",
    ]
    private static let furnitureWords = [
        "nav", "menu", "crumb", "breadcrumb", "position", "pos", "location", "footer", "foot", "side", "sidebar",
        "related", "relate", "share", "copyright", "header", "head", "top", "banner", "toolbar", "links", "friend",
        "comment", "recommend", "hot", "rank", "pager", "prev", "next", "print", "search", "login", "bottom",
    ]

    private static let keepWords: Set<String> = [
        "article", "content", "title", "info", "detail", "text", "main", "body", "arc", "zoom",
    ]

    /// Parses `html`.
    public init(html: String) { self.init(scalars: Array(html.unicodeScalars)) }

    /// What marks a page in its first 2048 scalars (lower-cased).
    private static let htmlMarkers: [[UInt8]] = ["<html", "<!doctype html", "<body", "<div", "<p>", "<head"].map {
        Array($0.utf8)
    }

    /// Parses HTML given as scalars.
    public init(scalars s: [Unicode.Scalar]) {
        // Tag names compared with every tag, packed once per page (a literal is packed again at
        // each comparison).
        let known = KnownTags()
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count / 2)
        var stack: [(name: TagName, skip: Bool)] = []
        var furnitureByNames: [String: Bool] = [:]  // class and id values repeat across a page
        var skipDepth = 0
        var headTitle: String?
        var heading: String?
        var metaDate: String?
        var capture: [Unicode.Scalar]?  // title / heading text being collected
        var captureTag: TagName = ""
        var i = 0
        let n = s.count
        var cellOpen = false
        while i < n {
            let c = s[i]
            if c == "<" {
                // comments and declarations
                if i + 3 < n, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
                    i = Self.find(s, "-->", from: i + 4).map { $0 + 3 } ?? n
                    continue
                }
                guard let close = Self.find(s, ">" as Unicode.Scalar, from: i + 1) else { break }
                let tag = Self.parseTag(s[(i + 1)..<close])
                i = close + 1
                guard let tag else { continue }
                if tag.name == known.meta, metaDate == nil, let name = tag.attr("name") ?? tag.attr("property"),
                    ["pubdate", "publishdate", "article:published_time", "publish_date", "firstpublishedtime"].contains(
                        name.lowercased()
                    )
                {
                    metaDate = tag.attr("content")
                }
                if tag.closing {
                    if let idx = stack.lastIndex(where: { $0.name == tag.name }) {
                        for e in stack[idx...] where e.skip { skipDepth -= 1 }
                        stack.removeSubrange(idx...)
                    }
                    if tag.name == captureTag, let cap = capture {
                        let text = Self.collapse(String(scalars: cap))
                        if captureTag == known.title {
                            headTitle = text
                        } else if heading == nil, !text.isEmpty {
                            heading = text
                        }
                        capture = nil
                        captureTag = ""
                    }
                    if skipDepth == 0 {
                        if tag.name == known.tr {
                            out.append(contentsOf: " |".unicodeScalars)
                            cellOpen = false
                        }
                        if Self.blockTags.contains(tag.name) { out.append("\n") }
                    }
                    continue
                }
                if tag.name == known.title
                    || ((tag.name == known.h1 || tag.name == known.h2) && heading == nil && skipDepth == 0)
                {
                    capture = []
                    captureTag = tag.name
                }
                let furniture = skipDepth == 0 && Self.isFurniture(tag, cache: &furnitureByNames)
                // A link inside a list item is a headline of a news list, not article text.
                let listedLink = tag.name == known.a && stack.contains { $0.name == known.li }
                let skip = Self.skipTags.contains(tag.name) || furniture || listedLink
                if !Self.voidTags.contains(tag.name) && !tag.selfClosing {
                    stack.append((tag.name, skip))
                    if skip { skipDepth += 1 }
                    if tag.name == known.script || tag.name == known.style {
                        // Raw text up to its closing tag, not markup (see HTMLRawText).
                        let name = tag.name == known.script ? HTMLRawText.script : HTMLRawText.style
                        i =
                            HTMLRawText.closingTag(
                                name,
                                in: s,
                                from: i,
                                ascii: { $0.value < 128 ? UInt8($0.value) : 0 }
                            ) ?? n
                        continue
                    }
                }
                if skipDepth == 0 {
                    if tag.name == known.tr { cellOpen = false }
                    if tag.name == known.td || tag.name == known.th {
                        out.append(contentsOf: (cellOpen ? " | " : "| ").unicodeScalars)
                        cellOpen = true
                    } else if Self.blockTags.contains(tag.name) {
                        out.append("\n")
                    }
                }
                continue
            }
            var ch = c
            var step = 1
            if c == "&", let (decoded, len) = Self.entity(s, at: i) {
                ch = decoded
                step = len
            }
            i += step
            if capture != nil { capture!.append(ch) }
            if skipDepth > 0 { continue }
            if ch == "\n" || ch == "\r" || ch == "\t" { ch = " " }
            out.append(ch)
        }
        self.textScalars = Self.tidyLines(out)
        self.headTitle = headTitle
        self.heading = heading
        self.metaDate = metaDate
    }

    /// The tag names the parser compares tags with, packed.
    private struct KnownTags {
        let a: TagName = "a"
        let h1: TagName = "h1"
        let h2: TagName = "h2"
        let li: TagName = "li"
        let meta: TagName = "meta"
        let script: TagName = "script"
        let style: TagName = "style"
        let td: TagName = "td"
        let th: TagName = "th"
        let title: TagName = "title"
        let tr: TagName = "tr"
    }

    private static func isFurniture(_ tag: Tag, cache: inout [String: Bool]) -> Bool {
        if tag.name == "footer" || tag.name == "header" { return true }
        if tag.attrs.isEmpty { return false }
        let key = (tag.attr("class") ?? "") + " " + (tag.attr("id") ?? "")
        if let known = cache[key] { return known }
        let verdict = isFurniture(names: key)
        cache[key] = verdict
        return verdict
    }

    /// Furniture by class and id tokens (runs of letters and digits, ASCII lower-cased): a keep
    /// word anywhere wins; otherwise a token equal to a furniture word, or starting or ending
    /// with one of four letters or more, marks furniture.
    private static func isFurniture(names key: String) -> Bool {
        var tokens: [[UInt8]] = []
        var current: [UInt8] = []
        for b in key.utf8 {
            if b >= 0x80 || (b >= 48 && b <= 57) || (b >= 97 && b <= 122) {
                current.append(b)
            } else if b >= 65 && b <= 90 {
                current.append(b + 32)
            } else if !current.isEmpty {
                tokens.append(current)
                current = []
            }
        }
        if !current.isEmpty { tokens.append(current) }
        if tokens.contains(where: { keepWordBytes.contains($0) }) { return false }
        for token in tokens {
            for word in furnitureWordBytes {
                if token == word { return true }
                if word.count >= 4, token.count > word.count,
                    token.starts(with: word) || token.suffix(word.count).elementsEqual(word)
                {
                    return true
                }
            }
        }
        return false
    }

    private static let keepWordBytes: Set<[UInt8]> = Set(keepWords.map { Array($0.utf8) })
    private static let furnitureWordBytes: [[UInt8]] = furnitureWords.map { Array($0.utf8) }

    /// Collapses runs of spaces within lines and drops empty lines.
    static func tidyLines(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var lineStart = 0  // index in `out` where the current line began
        var pendingSpace = false
        for c in s {
            if c == "\n" {
                if out.count > lineStart {
                    out.append("\n")
                    lineStart = out.count
                }
                pendingSpace = false
            } else if c == " " || c == "\t" || c == "\r" {
                pendingSpace = out.count > lineStart
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
        }
        if out.last == "\n" { out.removeLast() }
        return out
    }

    static func collapse(_ s: String) -> String {
        var out: [Unicode.Scalar] = []
        var space = false
        for c in s.unicodeScalars {
            if c == " " || c == "\t" || c == "\r" || c == "\n" {
                space = true
            } else {
                if space && !out.isEmpty { out.append(" ") }
                space = false
                out.append(c)
            }
        }
        return String(scalars: out)
    }

    /// A tag name, lower-cased and packed into an integer (first 8 ASCII letters or digits): a
    /// page has thousands of tags, and comparing or hashing Strings for each was a third of the
    /// parse.
    struct TagName: Hashable, ExpressibleByStringLiteral {
        let packed: UInt64
        init(bytes: some Sequence<UInt8>) {
            var p: UInt64 = 0
            var n = 0
            for b in bytes where n < 8 {
                p |= UInt64(b) << UInt64(8 * n)
                n += 1
            }
            packed = p
        }
        /// From a literal's bytes as compiled in: the page parser compares each tag with literals
        /// (`tag.name == "meta"`), and reading a String's UTF-8 view for each was 0.3 % of extraction.
        init(stringLiteral value: StaticString) {
            var p: UInt64 = 0
            value.withUTF8Buffer { bytes in
                for (n, b) in bytes.prefix(8).enumerated() { p |= UInt64(b) << UInt64(8 * n) }
            }
            packed = p
        }
    }

    struct Tag {
        var name: TagName
        var closing: Bool
        var selfClosing: Bool
        var attrs: [(String, String)]
        func attr(_ n: String) -> String? { attrs.first { $0.0 == n }?.1 }
    }

    static func parseTag(_ body: ArraySlice<Unicode.Scalar>) -> Tag? {
        var k = body.startIndex
        var closing = false
        if k < body.endIndex, body[k] == "/" {
            closing = true
            k += 1
        }
        var name = [UInt8]()
        name.reserveCapacity(8)
        while k < body.endIndex, let b = asciiAlnumLower(body[k]) {
            if name.count < 8 { name.append(b) }
            k += 1
        }
        if name.isEmpty { return nil }
        var attrs: [(String, String)] = []
        if !closing {
            while k < body.endIndex {
                while k < body.endIndex,
                    body[k] == " " || body[k] == "\n" || body[k] == "\t" || body[k] == "\r" || body[k] == "/"
                { k += 1 }
                var an = [UInt8]()
                let anStart = k
                while k < body.endIndex, body[k] != "=", body[k] != " ", body[k] != ">", body[k] != "/", body[k] != "\n"
                {
                    if an.count < 12 { an.append(asciiLower(body[k])) }
                    k += 1
                }
                if k == anStart { break }
                // Only a few attributes matter: furniture classes and ids, and <meta> dates.
                let wanted = Self.wantedAttributes.contains(an)
                var av: [Unicode.Scalar] = []
                if k < body.endIndex, body[k] == "=" {
                    k += 1
                    if k < body.endIndex, body[k] == "\"" || body[k] == "'" {
                        let q = body[k]
                        k += 1
                        while k < body.endIndex, body[k] != q {
                            if wanted { av.append(body[k]) }
                            k += 1
                        }
                        k += 1
                    } else {
                        while k < body.endIndex, body[k] != " ", body[k] != ">" {
                            if wanted { av.append(body[k]) }
                            k += 1
                        }
                    }
                }
                if wanted { attrs.append((String(decoding: an, as: UTF8.self), String(scalars: av))) }
            }
        }
        let selfClosing = body.last == "/"
        return Tag(name: TagName(bytes: name), closing: closing, selfClosing: selfClosing, attrs: attrs)
    }

    private static let wantedAttributes: Set<[UInt8]> = Set(
        ["class", "id", "name", "property", "content"].map { Array($0.utf8) }
    )

    @inline(__always)
    private static func asciiLower(_ c: Unicode.Scalar) -> UInt8 {
        let v = c.value
        if v >= 65 && v <= 90 { return UInt8(v + 32) }
        return v < 128 ? UInt8(v) : 0x3F
    }

    @inline(__always)
    private static func asciiAlnumLower(_ c: Unicode.Scalar) -> UInt8? {
        let v = c.value
        if v >= 97 && v <= 122 || v >= 48 && v <= 57 { return UInt8(v) }
        if v >= 65 && v <= 90 { return UInt8(v + 32) }
        return nil
    }

    /// The first `c` at or after `from`: every tag's end is looked for (the String needle made
    /// an array for each tag).
    static func find(_ s: [Unicode.Scalar], _ c: Unicode.Scalar, from: Int) -> Int? {
        s.withUnsafeBufferPointer { b in
            var k = max(from, 0)
            while k < b.count {
                if b[k] == c { return k }
                k += 1
            }
            return nil
        }
    }

    static func find(_ s: [Unicode.Scalar], _ needle: String, from: Int) -> Int? {
        let nd = Array(needle.unicodeScalars)
        var k = from
        while k + nd.count <= s.count {
            if s[k] == nd[0] {
                var ok = true
                for t in 1..<nd.count where s[k + t] != nd[t] {
                    ok = false
                    break
                }
                if ok { return k }
            }
            k += 1
        }
        return nil
    }

    private static let entities: [String: Unicode.Scalar] = [
        "nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "ldquo": "“", "rdquo": "”",
        "lsquo": "‘", "rsquo": "’", "mdash": "—", "ndash": "–", "hellip": "…", "middot": "·", "copy": "©",
        "reg": "®", "times": "×", "divide": "÷", "bull": "•", "emsp": " ", "ensp": " ", "thinsp": " ",
        "laquo": "«", "raquo": "»", "deg": "°", "plusmn": "±", "yen": "¥", "permil": "‰",
    ]

    /// Decodes `&name;`, `&#123;` or `&#x1F;` at `i`.
    static func entity(_ s: [Unicode.Scalar], at i: Int) -> (Unicode.Scalar, Int)? {
        var k = i + 1
        var name = ""
        while k < s.count, k - i <= 10, s[k] != ";" {
            name.unicodeScalars.append(s[k])
            k += 1
        }
        guard k < s.count, s[k] == ";", !name.isEmpty else { return nil }
        let len = k - i + 1
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let v: UInt32? =
                digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let v, let u = Unicode.Scalar(v) else { return nil }
            return (u == "\u{A0}" ? " " : u, len)
        }
        guard let u = entities[name.lowercased()] else { return nil }
        return (u, len)
    }
}

extension String {
    /// `self` without leading and trailing scalars from `set`.
    public func trimmingCharacters(in set: String) -> String {
        let chars = Set(set.unicodeScalars)
        var scalars = Substring(self).unicodeScalars[...]
        while let f = scalars.first, chars.contains(f) { scalars = scalars.dropFirst() }
        while let l = scalars.last, chars.contains(l) { scalars = scalars.dropLast() }
        return String(scalars: scalars)
    }
}
