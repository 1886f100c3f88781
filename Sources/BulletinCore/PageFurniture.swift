/// Classifies the lines of a bulletin: article text, metadata lines, and page furniture.
///
/// Furniture (navigation, breadcrumbs, licence and security numbers, counters, print links,
/// previous/next links, contact lines, editor credits) is removed from the stored body.
/// Metadata lines (publication time, source, view counters) are kept in the body, for the
/// reader, but no figure is taken from them.
public enum PageFurniture {
    /// What a line is.
    public enum Kind: Sendable, Equatable { case text, meta, furniture }

    private static let furnitureMarks: [String] = [
        "ICP备", "ICP证", "公网安备", "网站标识码", "版权所有", "Copyright", "copyright", "©", "上一篇", "下一篇",
        "打印本页", "关闭窗口", "责任编辑", "免责声明", "更多>", "推荐图文", "推荐资讯", "点击排行", "网站首页", "当前位置",
        "您现在的位置", "您的位置", "现在的位置", "主办:", "主办单位", "承办:", "联系电话", "电话:", "地址:", "邮编",
        "附件:", "字体:", "分享到", "扫一扫", "联系人:", "技术支持", "网站地图", "设为首页", "加入收藏", "相关新闻", "相关阅读",
        "编辑:", "(来源", "【字体", "【打印", "【关闭",
    ].map { $0 }
    /// Both lists in one matcher (one pass per line): `true` marks a metadata word.
    private static let marks = MultiPattern(metaMarks.map { ($0, true) } + furnitureMarks.map { ($0, false) })
    private static let metaMarks = [
        "发布时间", "发布日期", "发布机构", "信息来源", "浏览次数", "阅读次数", "点击数", "点击:", "访问量", "浏览量", "阅读量", "来源:", "作者:", "时间:",
    ]

    /// Classifies one line of the matching view (ASCII punctuation, simplified characters).
    public static func classify(_ line: String) -> Kind { classify(ScalarString(line)) }

    /// Classifies one trimmed line of the matching view.
    public static func classify(_ t: ScalarString) -> Kind {
        let s = t.unicodeScalars
        if s.isEmpty { return .furniture }
        // The counts the tests below need, in one pass over the line (they took six).
        var digits = 0
        var bars = 0
        var arrows = 0
        var stops = 0
        // Through the buffer, as the word search below: every line of every text is classified.
        s.withUnsafeBufferPointer { b in
            for c in b {  // (wrapping adds: a count cannot exceed the line's length)
                if isASCIIDigit(c) {
                    digits &+= 1
                } else if c == "|" {
                    bars &+= 1
                } else if c == ">" {
                    arrows &+= 1
                } else if c == "。" {
                    stops &+= 1
                }
            }
        }
        // A bare number on its own line is a counter.
        if digits == s.count { return .furniture }
        // As `DocumentLines.isBarRow(s) && s.contains(where: isASCIIDigit)`, from the counts.
        let isBarRow = stops == 0 && (s.first == "|" || bars >= 2 && s.count <= 200)
        let isTableRow = s.first == "|" || isBarRow && digits > 0
        if !isTableRow {
            // Navigation menus: several | separated items without figures.
            if bars >= 2 && digits == 0 { return .furniture }
            // Breadcrumbs: 首页 > 新闻中心 > 部门动态
            if t.hasPrefix("首页") || (arrows >= 2 && s.count < 60) { return .furniture }
        }
        // A long paragraph of sentences is article text even when a contact line or a source
        // credit runs into it (pages saved as one block).
        if s.count > 200 || s.count > 120 && stops >= 2 { return .text }
        let marks = Self.marks  // read for every scalar: loaded once
        // true: a metadata word (the first one decides); false: only furniture words; nil: neither.
        let found = s.withUnsafeBufferPointer { b -> Bool? in
            var sawFurniture = false
            var k = 0
            while k < b.count {
                if let (isMeta, _) = marks.match(b, at: k, end: b.count) {
                    if isMeta { return true }
                    sawFurniture = true
                }
                k += 1  // not past a furniture word: a meta word may start inside it
            }
            return sawFurniture ? false : nil
        }
        if found == true {
            // A meta line keeps its place unless it is also a furniture line (来源 in an editor credit).
            if t.hasPrefix("(来源") || t.hasPrefix("(责任编辑") { return .furniture }
            return .meta
        }
        if found == false { return .furniture }
        if s.count <= 40 && isDateLine(s) { return .meta }
        return .text
    }

    /// A short line that starts with a date (`2023-02-21 鹤壁市科学技术局`, `(2024年1月12日)`).
    static func isDateLine(_ t: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = t.firstIndex(where: { $0 != "(" && $0 != " " }), t.endIndex - first <= 40,
            isASCIIDigit(t[first])
        else { return false }
        let s = Array(t[first...])
        guard DateParser.parse(s, at: 0) != nil else { return false }
        return !s.contains(",") && !s.contains("。")
    }
}

extension String {
    func components(_ sep: Character) -> [Substring] { split(separator: sep, omittingEmptySubsequences: false) }
}
