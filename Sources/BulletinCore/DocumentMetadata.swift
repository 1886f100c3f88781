/// Title, publication date, issuer and region, read from a bulletin's first lines (and, for
/// HTML pages, its heading, `<title>` and `<meta>` date).
struct DocumentMetadata {
    var title: String?
    var published: DateParser.Day?
    var issuer: String?
    var region: String?

    private static let sourceWord = Array("来源".unicodeScalars)
    private static let sourceWordTraditional = Array("來源".unicodeScalars)
    private static let orgSuffixScalars: [[Unicode.Scalar]] = orgSuffixes.map { Array($0.unicodeScalars) }
    private static let orgSuffixes = [
        "科学技术局", "科学技术厅", "科学技术委员会", "科技局", "科技厅", "科委", "人民政府办公室", "人民政府", "办公室", "委员会", "统计局", "财政厅", "财政局",
    ]

    /// A line of the body (before furniture removal) and its kind; Strings are made only for
    /// the lines that become the title or the issuer.
    typealias Line = (ArraySlice<Unicode.Scalar>, PageFurniture.Kind)

    /// What 我省/全省, 我市… and 全国 stand for in this text, by tier.
    var selfPlaces: [Gazetteer.Tier: String] = [:]
    /// The tier of `region`.
    var regionTier: Gazetteer.Tier?
    var regionReasons = RegionReasons()

    /// Reads the metadata; `title` is ``title(lines:html:)`` of the same lines and page.
    init(lines: [Line], html: HTMLText?, title: String?, body: [Unicode.Scalar], view: [Unicode.Scalar]) {
        // Publication line: the first metadata line (发布时间…/来源…) or a bare date line.
        let metaIndex = lines.firstIndex { $0.1 == .meta }
        var published: DateParser.Day?
        var issuer: String?
        // A date labelled as the publication's wins over other dates of metadata lines (发文日期).
        for (line, kind) in lines where kind == .meta && published == nil {
            let s = Self.view(line)
            for label in Self.publishedLabels {
                let l = Array(label.unicodeScalars)
                var k = 0
                while k + l.count < s.count, published == nil {
                    if s.hasScalars(l, at: k), let (d, _) = DateParser.first(in: Array(s[(k + l.count)...])) {
                        published = d
                    }
                    k += 1
                }
            }
        }
        if let mi = metaIndex {
            let s = Self.view(lines[mi].0)
            if let (d, r) = DateParser.first(in: s) {
                published = published ?? d
                // "2023-02-21 鹤壁市科学技术局": the issuer follows the date.
                if !s.containsScalars(Self.sourceWord, in: 0..<s.count)
                    && !s.containsScalars(Self.sourceWordTraditional, in: 0..<s.count)
                {
                    let after = Self.token(Array(lines[mi].0), from: Self.skipTime(s, r.upperBound))
                    if let a = after, Self.isOrganisation(a) { issuer = a }
                }
            }
            issuer = issuer ?? Self.labelled(lines[mi].0, ["信息来源", "来源", "來源", "发布机构", "發布機構"])
        }
        if published == nil {
            for (line, kind) in lines where kind == .meta {
                if let (d, _) = DateParser.first(in: Self.view(line)) {
                    published = d
                    break
                }
            }
        }
        if published == nil, let md = html?.metaDate,
            let (d, _) = DateParser.first(in: Array(TextNormalizer.body(md).unicodeScalars))
        {
            published = d
        }
        if published == nil {
            for (line, _) in lines.prefix(8) {
                let s = Self.view(line)
                // A date line, or a short line giving a column and a date (`| 招商动态 |2011-12-26`);
                // table bars of a page's layout do not make a line long.
                let content = s.lazy.filter { $0 != "|" && $0 != " " && $0 != "-" }.count
                if Self.startsWithDate(s) || content <= 40 && !s.contains("。"), let (d, _) = DateParser.first(in: s) {
                    published = d
                    break
                }
                // 26.06.2014 09:40: a date line written day first.
                if let first = s.firstIndex(where: { $0 != " " }), let (d, _) = DateParser.parseDayFirst(s, at: first) {
                    published = d
                    break
                }
            }
        }
        if published == nil { published = Self.signatureDate(view) }
        // Issuer fallbacks: an organisation leading the title, or a first line that names one.
        if issuer == nil, let t = title, let org = Self.leadingOrganisation(t) { issuer = org }
        if issuer == nil, let first = lines.first, first.1 == .text, Self.isOrganisation(first.0) {
            issuer = String(scalars: first.0)
        }
        self.title = title
        self.published = published
        self.issuer = issuer
        let own = OwnPlace(
            title: title,
            issuer: issuer,
            body: body,
            view: view,
            extra: lines.filter { $0.1 == .furniture }.map(\.0)
        )
        self.region = own.region
        self.selfPlaces = own.byTier
        self.regionTier = own.tier
        self.regionReasons = own.reasons
    }

    /// The title: the HTML heading, else the text line just before the publication line, else
    /// the page's `<title>`, else the first text line that reads like one.
    static func title(lines: [Line], html: HTMLText?) -> String? {
        if let h = html?.heading, !h.isEmpty { return TextNormalizer.body(h) }
        if let mi = lines.firstIndex(where: { $0.1 == .meta }) {
            var k = mi - 1
            while k >= 0, k >= mi - 4 {
                if lines[k].1 == .text, isTitleLike(lines[k].0) { return String(scalars: lines[k].0) }
                k -= 1
            }
        }
        if let ht = html?.headTitle, !ht.isEmpty { return stripSiteSuffix(TextNormalizer.body(ht)) }
        return lines.first { $0.1 == .text && isTitleLike($0.0) && !isOrganisation($0.0) }.map { String(scalars: $0.0) }
    }

    private static let publishedLabels = ["发布日期", "发布时间", "发表时间", "发稿时间", "更新时间"]

    /// A line that starts with a date (`2024-05-21 10:30 来源…`), whatever follows.
    private static func startsWithDate(_ s: [Unicode.Scalar]) -> Bool {
        guard let first = s.firstIndex(where: { $0 != "(" && $0 != " " && $0 != "|" }), isASCIIDigit(s[first]) else {
            return false
        }
        return DateParser.parse(s, at: first) != nil
    }

    /// Words a signing body's name ends with, right before the date under a notice.
    private static let signers = [
        "局", "厅", "政府", "委员会", "办公室", "(代章)", "代章)", "中心", "协会", "联合会", "学会", "科协", "研究院",
    ]

    /// The date a notice is signed with at its end (`…科学技术局 2023年10月07日`), or right after the
    /// signing office near the end (`台州市科学技术局2022年11月22日附件:…`).
    private static func signatureDate(_ view: [Unicode.Scalar]) -> DateParser.Day? {
        let near = Array(view.suffix(400))
        var signed: DateParser.Day?
        var i = 0
        while i < near.count {
            if let (d, e) = DateParser.parse(near, at: i) ?? DateParser.parseChinese(near, at: i) {
                var b = i
                while b > 0, near[b - 1] == "\n" || near[b - 1] == " " { b -= 1 }
                let before = ScalarString(near[max(0, b - 12)..<b])
                if signers.contains(where: { before.hasSuffix($0) }) {
                    signed = d
                }
                i = e
            } else {
                i += 1
            }
        }
        if let s = signed { return s }
        let tail = Array(view.suffix(60))
        var found: DateParser.Day?
        var k = 0
        while k < tail.count {
            if let (d, e) =
                (isASCIIDigit(tail[k]) && (k == 0 || !isASCIIDigit(tail[k - 1])) ? DateParser.parse(tail, at: k) : nil)
                ?? DateParser.parseChinese(tail, at: k)
            {
                var rest = Array(tail[e...].filter { $0 != "。" && $0 != " " && $0 != "\n" && $0 != "," })
                // (此件主动公开): a note after the signature.
                if rest.first == "(", let close = rest.firstIndex(of: ")") { rest.removeSubrange(0...close) }
                if rest.count <= 2 { found = d }
                k = e
            } else {
                k += 1
            }
        }
        return found
    }

    private static func view(_ s: String) -> [Unicode.Scalar] { TextNormalizer.matchingView(Array(s.unicodeScalars)) }
    private static func view(_ s: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        TextNormalizer.matchingView(Array(s))
    }

    private static func skipTime(_ s: [Unicode.Scalar], _ k: Int) -> Int {
        var j = k
        while j < s.count, s[j] == " " || s[j] == "\u{3000}" || isASCIIDigit(s[j]) || s[j] == ":" { j += 1 }
        return j
    }

    /// The whitespace-delimited token starting at or after `k`.
    private static func token(_ s: [Unicode.Scalar], from k: Int) -> String? {
        var j = k
        while j < s.count, s[j] == " " || s[j] == "\u{3000}" || s[j] == ":" { j += 1 }
        var e = j
        // Up to a blank, a separator or the punctuation that ends a name, or the next label of a
        // page's meta line when the blanks between them were lost (来源:清河市科学技术局浏览次数:906).
        while e < s.count, !scalars1.contains(s[e]), !Self.nextLabels.contains(where: { s.hasScalars($0, at: e) }) {
            e += 1
        }
        guard e > j, e - j <= 30 else { return nil }
        return String(scalars: s[j..<e])
    }

    /// Labels that follow the issuer on meta lines.
    private static let nextLabels: [[Unicode.Scalar]] = [
        "浏览次数", "瀏覽次數", "浏览", "瀏覽", "点击", "點擊", "阅读", "閱讀", "发布时间", "發布時間", "发布日期", "作者", "字号", "字體", "字体",
        "责任编辑", "编辑", "访问量",
    ].map { Array($0.unicodeScalars) }

    /// The value after `label:` on a line, up to the next space.
    private static func labelled(_ line: ArraySlice<Unicode.Scalar>, _ labels: [String]) -> String? {
        let s = Array(line)
        for label in labels {
            let l = Array(label.unicodeScalars)
            var k = 0
            while k + l.count < s.count {
                if s.hasScalars(l, at: k) {
                    var j = k + l.count
                    guard j < s.count, s[j] == ":" || s[j] == "：" else {
                        k += 1
                        continue
                    }
                    j += 1
                    if let t = token(s, from: j), !t.isEmpty { return t }
                }
                k += 1
            }
        }
        return nil
    }

    static func isOrganisation(_ s: String) -> Bool { isOrganisation(Array(s.unicodeScalars)[...]) }

    static func isOrganisation(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard s.count <= 30 else { return false }
        let v = view(s)
        guard v.count <= 30, !v.contains(","), !v.contains("。") else { return false }
        return orgSuffixScalars.contains { v.count >= $0.count && v.hasScalars($0, at: v.count - $0.count) }
    }

    private static func isTitleLike(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard s.count >= 6, s.count <= 80, s.last != "。" else { return false }
        // An address or an advertisement's link is no title.
        let t = ScalarString(s)
        return !s.contains("|") && !t.contains("http") && !t.contains("www.") && !t.contains(".com")
    }

    private static func stripSiteSuffix(_ s: String) -> String {
        for sep in ["_", " - ", "|"] {
            let parts = s.split(separator: sep.first!, omittingEmptySubsequences: true)
            if parts.count > 1 {
                let head = String(parts[0]).trimmingCharacters(in: " -")
                if head.unicodeScalars.count >= 6 { return head }
            }
        }
        return s
    }

    /// `临岚市科学技术局2023年工作总结` → `临岚市科学技术局`.
    private static func leadingOrganisation(_ title: String) -> String? {
        let s = Array(title.unicodeScalars)
        let v = view(title)
        for suf in orgSuffixScalars {
            var k = 0
            while k + suf.count <= min(v.count, 20) {
                if v.hasScalars(suf, at: k) {
                    let org = String(scalars: s[0..<(k + suf.count)])
                    return org.unicodeScalars.count > suf.count ? org : nil
                }
                k += 1
            }
        }
        return nil
    }

    /// The innermost administrative unit of an issuer: `霁川市青屿区科学技术局` → `青屿区`.
    static func region(ofIssuer issuer: String) -> String? {
        var s = Array(issuer.unicodeScalars)
        let v = view(issuer)
        for suf in orgSuffixScalars {
            if v.count > suf.count, v.hasScalars(suf, at: v.count - suf.count) {
                s.removeLast(suf.count)
                break
            }
        }
        return lastPlace(s)
    }

    /// The first place name in a title (`雲溪市召開…` → `雲溪市`).
    static func leadingPlace(_ title: String) -> String? {
        let s = Array(title.unicodeScalars)
        // skip a leading year: 2023年西岭省…
        var k = 0
        while k < s.count, isASCIIDigit(s[k]) || s[k] == "年" { k += 1 }
        var e = k
        while e < s.count, e - k < 5 {
            if placeSuffix.contains(s[e]) && e - k >= 2 { return String(scalars: s[k...e]) }
            e += 1
        }
        return nil
    }

    private static let placeSuffix: ScalarSet = "省市区县州盟旗區縣"

    private static func lastPlace(_ s: [Unicode.Scalar]) -> String? {
        guard let last = s.last, placeSuffix.contains(last), s.count >= 2 else { return nil }
        // walk back to the previous place suffix
        var k = s.count - 2
        while k >= 0, !placeSuffix.contains(s[k]) { k -= 1 }
        let start = k + 1
        return s.count - start >= 2 ? String(scalars: s[start...]) : nil
    }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet(" \u{3000}\t|,，。、；;“”\"】[]")
