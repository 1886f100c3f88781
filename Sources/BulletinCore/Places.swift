/// Recognises place names in the matching view: names the ``Gazetteer`` knows (with or
/// without their suffix: 青岛, 青岛市, 长三角地区) and names made of two to five characters and an
/// administrative suffix (渭源县, 南沙区, 宁夏回族自治区, 两江新区).
///
/// A name is only looked for where one can start: at the start of a clause, after list
/// punctuation, or after a word that introduces a place (在, 从, 与, 其中, a year…). This keeps
/// 上市, 城市 and 超市 out, and 我市 and 全省 are self-references, never names.
public enum Places {
    /// One recognised place.
    public struct Match: Sendable, Hashable {
        /// Where the name is, suffix included.
        public var range: Range<Int>
        /// The name as the gazetteer writes it (Simplified, full form), or the matched view text.
        public var canonical: String
        /// The suffix to add to the written name when the text omits it (青岛 → 市).
        public var missingSuffix: String
        /// The tier: nation, province, city, county, or an area spanning several.
        var tier: Gazetteer.Tier
    }

    /// Suffixes of names the gazetteer does not hold, with the tier and the name lengths they
    /// take (provinces and prefecture cities are all in the gazetteer; county-level cities have
    /// two-character names, counties and districts two or three).
    private static let suffixes: [([Unicode.Scalar], Gazetteer.Tier, ClosedRange<Int>)] =
        ([
            ("自治州", .city, 2...8), ("自治县", .county, 2...8), ("新区", .county, 2...2), ("地区", .area, 2...3),
            ("市", .city, 2...2), ("盟", .city, 2...4), ("县", .county, 2...3), ("区", .county, 2...3),
            ("旗", .county, 2...4), ("镇", .town, 2...3), ("乡", .town, 2...3), ("街道", .town, 2...4),
        ] as [(String, Gazetteer.Tier, ClosedRange<Int>)]).map { (Array($0.0.unicodeScalars), $0.1, $0.2) }

    /// The first characters of ``suffixes``.
    private static let suffixStarts = ScalarSet(suffixes.map { $0.0[0] })

    /// Characters a name never contains (function words, verbs and words of offices and things).
    private static let notInName = ScalarSet(
        "的在和与及等为是了对向从将把被由以其中上下内外各每本我该此个年月日共有达到增加工作局委厅部企业产园社矿库片辖功能区市县省国际间分这那些哪某级项家名人万亿元次期批届前后第度底末初组织申报推进建设发展实施开展加强提升完成实现培育引进获得奖励评选技术科研城农村镇街道之府据眼善"
            .unicodeScalars
    )

    /// Words that end in a place suffix but are not places.
    private static let notPlaces: Set<String> = [
        "城区", "市区", "园区", "社区", "小区", "景区", "山区", "库区", "矿区", "街区", "片区", "辖区", "郊区", "湾区", "新区", "包括市",
        "高新区", "开发区", "示范区", "试验区", "保护区", "功能区", "自贸区", "经开区", "先行区", "集聚区", "合作区", "产业区",
        "上市", "城市", "超市", "股市", "夜市", "门市", "都市", "县市", "省市", "市县", "区县", "县区", "市州", "地市", "州市",
        "亚洲", "欧洲", "美洲", "非洲", "神州", "九州", "全州", "贫困县", "强县", "大县", "大省", "强省", "强市", "名市",
        "试点县", "示范县", "先进县", "重点县", "国家级", "各地区", "本地区", "该地区", "全地区", "贫困地区", "农村地区",
        "边远地区", "民族地区", "城乡地区", "沿海地区", "西部地区", "东部地区", "中部地区", "东北地区", "革命老区", "老区",
        "民族自治区", "少数民族地区", "港澳台地区", "自治区", "自治州", "自治县",
        "示范镇", "重点镇", "中心镇", "特色镇", "建制镇", "特色小镇", "城乡", "下乡", "家乡", "故乡", "返乡", "老乡", "各乡",
        "全乡", "本乡", "该乡", "全镇", "本镇", "该镇", "各镇", "乡镇", "城镇", "村镇", "集镇", "小镇", "名镇", "强镇", "重镇",
        "各街道", "全街道", "本街道", "该街道", "山乡", "水乡", "梓乡",
    ]

    /// ``notPlaces`` as a matcher: a name is one of them when the longest word at its start
    /// that ends within it ends where it does.
    private static let notPlaceWords = MultiPattern(notPlaces.map { ($0, true) })

    /// ``verbOpeners`` as a matcher (all two characters long).
    private static let verbOpenerWords = MultiPattern(verbOpeners.map { ($0, true) })

    /// Verbs that often stand before 县/市/区 offices (配合县统计部门): a name never opens with them.
    private static let verbOpeners: Set<String> = [
        "配合", "协助", "协调", "会同", "联合", "指导", "督促", "推动", "助力", "支持", "带领", "服务", "帮助", "依托", "围绕",
        "新增", "新认", "新设", "新成", "新组", "新批", "新获", "新培",
    ]

    /// The place starting exactly at `k`, if any.
    public static func match(_ v: [Unicode.Scalar], at k: Int, end: Int) -> Match? {
        guard k < end, isHan(v[k]) else { return nil }
        return match(v, at: k, end: end, known: Gazetteer.matcher.match(v, at: k, end: end), suffixStart: nil)
    }

    /// The place starting exactly at `k` (a Han character before `end`), given the gazetteer's
    /// longest name there, which ``all(in:_:)`` has already looked up, and the first scalar at or
    /// after `k + 2` that may start a suffix (`end` when none) when the caller knows it.
    private static func match(
        _ v: [Unicode.Scalar],
        at k: Int,
        end: Int,
        known: (Gazetteer.Place, Int)?,
        suffixStart: Int?
    ) -> Match? {
        // A known name, and its suffix when written.
        if let (place, n) = known,
            !place.isAmbiguousName
                || (k + n < v.count && scalars1.contains(v[k + n])) || (k > 0 && v[k - 1] == "、")
        {
            var e = k + n
            var missing = ""
            let full = place.fullScalars
            if full.count > n, full[0..<n].elementsEqual(v[k..<e]) {
                let suffix = full[n...]
                if e + suffix.count <= v.count, v[e..<(e + suffix.count)].elementsEqual(suffix) {
                    e += suffix.count
                } else if place.tier == .area, v.hasScalars(["地", "区"], at: e) {
                    e += 2
                } else if place.tier != .area {
                    missing = String(scalars: suffix)
                }
            } else if place.tier == .area, v.hasScalars(["地", "区"], at: e) {
                e += 2
            }
            // 吉林大学, 江苏银行…: a known name followed directly by more name is an organisation; still a place mention.
            return Match(range: k..<e, canonical: place.full, missingSuffix: missing, tier: place.tier)
        }
        // A name of two to eight characters and a suffix: only when a suffix's first character follows.
        // The character sets are loaded once here, not through lazy globals per character.
        let suffixStarts = Self.suffixStarts
        let notInName = Self.notInName
        var probe = k + 2
        if let suffixStart {
            probe = suffixStart
        } else {
            while probe < min(end, k + 10), !suffixStarts.contains(v[probe]) { probe += 1 }
        }
        guard probe < min(end, k + 10) else { return nil }
        var j = k
        while j < min(end, k + 9) {
            let c = v[j]
            if j - k >= 2, suffixStarts.contains(c) {
                for (suffix, tier, lengths) in suffixes
                where lengths.contains(j - k) && v.hasScalars(suffix, at: j) && j + suffix.count <= end {
                    let next = j + suffix.count
                    // 力争全区, 确保我市: a self-reference after other words, not a name.
                    // The word lists are matched on the scalars: no String is made and hashed for a
                    // rejected name (the name is all Han ideographs, which no normalization changes,
                    // so scalar equality is String equality).
                    if notPlaceWords.match(v, at: k, end: next)?.1 == next - k || scalars2.contains(v[j - 1])
                        || verbOpenerWords.match(v, at: k, end: k + 2) != nil
                    {
                        return nil
                    }
                    // 根据市委, 副县长, 着眼市场: an office or a word, not a place.
                    if next < v.count, scalars3.contains(v[next]) { return nil }
                    let name = String(scalars: v[k..<next])
                    return Match(range: k..<next, canonical: name, missingSuffix: "", tier: tier)
                }
            }
            // 全 opens no name (全市) but may sit inside one (天全县).
            // 城 sits in many names (城关镇, 东城区) but not in 城市, 城乡, 城镇.
            let city = c == "城" && !(j + 1 < end && "市乡镇".unicodeScalars.contains(v[j + 1]))
            guard isHan(c), !notInName.contains(c) || city || j - k >= 2 && isEthnic(v, k, j), c != "全" || j > k else {
                return nil
            }
            j += 1
        }
        return nil
    }

    /// Inside 某某各族自治县 or 某某回族自治州, the ethnic names hold characters other names never do.
    private static func isEthnic(_ v: [Unicode.Scalar], _ k: Int, _ j: Int) -> Bool {
        var e = j
        while e < min(v.count, k + 10), isHan(v[e]) { e += 1 }
        return ScalarString(v[k..<e]).contains("自治")
    }

    /// Words after which a place name may start.
    private static let openers: ScalarSet = "在从与和及同对向比较为是由据至到其中年月日省市县区内全度底末初"

    /// True when a place name may start at `k`: at the range start, after punctuation, digits,
    /// or a word that introduces a place.
    public static func canStart(_ v: [Unicode.Scalar], _ k: Int, floor: Int) -> Bool {
        if k <= floor { return true }
        let p = v[k - 1]
        if !isHan(p) { return true }
        return openers.contains(p)
    }

    /// Every place in `range`, left to right, not overlapping.
    public static func all(in v: [Unicode.Scalar], _ range: Range<Int>) -> [Match] {
        var out: [Match] = []
        var lastEnd = -1  // the end of the last place found (kept apart: copying a Match copies its strings)
        let matcher = Gazetteer.matcher
        let knownPairs = Self.knownPairs
        let openers = Self.openers
        let suffixStarts = Self.suffixStarts
        // The first scalar at or after `k + 2` that may start a suffix: looked for once over the
        // range as `k` moves on, not again over the next eight scalars at every possible start
        // (that probe was the hottest loop of `match`).
        var suffixStart = range.lowerBound
        var k = range.lowerBound
        // The scan reads every scalar of the range (the first 3,000 of every body, for its own
        // place) through the buffer; `match` is called at possible starts only.
        v.withUnsafeBufferPointer { b in
            precondition(range.isEmpty || range.lowerBound >= 0 && range.upperBound <= b.count)
            while k < range.upperBound {
                // Names are Han: nothing starts anywhere else.
                guard isHan(b[k]) else {
                    k += 1
                    continue
                }
                // Known names may start anywhere; names known only by their suffix need a word boundary.
                // The word-boundary test is cheap; inside a word only a gazetteer name is looked for.
                // A place right after a place starts one too (广西桂林恭城县, 湖北省襄阳市谷城县).
                let starts = k <= range.lowerBound || !isHan(b[k - 1]) || openers.contains(b[k - 1]) || lastEnd == k
                // Most pairs of scalars open no known name: the pair filter answers them from a
                // small bitmap before the matcher's tables are read.
                let known =
                    k + 1 < range.upperBound && knownPairs.mayStart(b[k], b[k + 1])
                    ? matcher.match(b, at: k, end: range.upperBound) : nil
                guard starts || known != nil else {
                    k += 1
                    continue
                }
                if suffixStart < k + 2 {
                    suffixStart = k + 2
                    while suffixStart < range.upperBound, !suffixStarts.contains(b[suffixStart]) { suffixStart += 1 }
                }
                if let m = match(v, at: k, end: range.upperBound, known: known, suffixStart: suffixStart) {
                    out.append(m)
                    lastEnd = m.range.upperBound
                    k = lastEnd
                } else {
                    k += 1
                }
            }
        }
        return out
    }

    /// The first two scalars of every name the gazetteer knows (all are two scalars or longer).
    private static let knownPairs = PairFilter(Gazetteer.byName.keys.map { Array($0.unicodeScalars) })

    /// True for 我市, 全省, 本县…: a text naming its own place without its name.
    static func selfReference(_ v: [Unicode.Scalar], at k: Int) -> Gazetteer.Tier? {
        guard k + 1 < v.count else { return nil }
        switch v[k] {
        case "我", "全", "本":
            switch v[k + 1] {
            case "省": return .province
            case "市": return .city
            case "县", "区", "旗": return .county
            case "国": return .nation
            default: return nil
            }
        default: return nil
        }
    }

    @inline(__always) static func isHan(_ c: Unicode.Scalar) -> Bool { c.value >= 0x4E00 && c.value <= 0x9FFF }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet("市(（、,")
private let scalars2 = ScalarSet("全我本各该")
private let scalars3 = ScalarSet("委长场直级属民")
