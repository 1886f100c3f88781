/// China's provinces and prefecture-level divisions, and the common names of multi-city
/// regions: what lets a place written without its suffix (青岛, 浙江, 长三角) be recognised.
///
/// Names are Simplified (the matching view); each maps to its full form and its tier.
enum Gazetteer {
    /// The tier of a place.
    enum Tier: Int, Sendable, Comparable {
        case nation = 0
        case province, city, county, area
        /// Towns and townships (镇, 乡, 街道), known by their suffix only.
        case town
        static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
    }

    struct Place: Sendable {
        var full: String
        var tier: Tier
        /// `full` as scalars (matching compares them for every mention).
        var fullScalars: [Unicode.Scalar]
        /// True for the entry of a short name in ``ambiguous``.
        var isAmbiguousName = false

        init(full: String, tier: Tier) {
            self.full = full
            self.tier = tier
            self.fullScalars = Array(full.unicodeScalars)
        }
    }

    /// Provinces, autonomous regions, municipalities and special administrative regions.
    static let provinces: [(String, String)] = [
        ("北京", "北京市"), ("天津", "天津市"), ("上海", "上海市"), ("重庆", "重庆市"), ("河北", "河北省"), ("山西", "山西省"),
        ("辽宁", "辽宁省"), ("吉林", "吉林省"), ("黑龙江", "黑龙江省"), ("江苏", "江苏省"), ("浙江", "浙江省"), ("安徽", "安徽省"),
        ("福建", "福建省"), ("江西", "江西省"), ("山东", "山东省"), ("河南", "河南省"), ("湖北", "湖北省"), ("湖南", "湖南省"),
        ("广东", "广东省"), ("海南", "海南省"), ("四川", "四川省"), ("贵州", "贵州省"), ("云南", "云南省"), ("陕西", "陕西省"),
        ("甘肃", "甘肃省"), ("青海", "青海省"), ("台湾", "台湾省"), ("内蒙古", "内蒙古自治区"), ("广西", "广西壮族自治区"),
        ("西藏", "西藏自治区"), ("宁夏", "宁夏回族自治区"), ("新疆", "新疆维吾尔自治区"), ("香港", "香港"), ("澳门", "澳门"),
    ]

    /// Prefecture-level cities (short names; the full name adds 市 unless listed otherwise).
    static let cities: [String] = """
        石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 阳泉 晋城 朔州 晋中 运城 忻州 临汾 吕梁 \
        呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 \
        铁岭 葫芦岛 长春 吉林 四平 辽源 通化 松原 白城 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 \
        牡丹江 黑河 绥化 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 杭州 宁波 温州 嘉兴 湖州 绍兴 \
        金华 衢州 舟山 台州 丽水 合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 滁州 阜阳 宿州 六安 亳州 池州 宣城 福州 厦门 \
        莆田 三明 泉州 漳州 南平 龙岩 宁德 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶 济南 青岛 淄博 枣庄 东营 \
        烟台 潍坊 济宁 泰安 威海 临沂 德州 聊城 滨州 菏泽 郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 \
        南阳 商丘 信阳 周口 驻马店 济源 武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 仙桃 潜江 天门 长沙 株洲 \
        湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 \
        汕尾 河源 阳江 清远 东莞 潮州 揭阳 云浮 南宁 柳州 桂林 梧州 防城港 钦州 贵港 玉林 百色 贺州 河池 崇左 \
        海口 三亚 三沙 儋州 成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 贵阳 \
        六盘水 遵义 安顺 毕节 铜仁 昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 拉萨 日喀则 昌都 林芝 山南 那曲 西安 铜川 宝鸡 咸阳 \
        渭南 延安 汉中 榆林 商洛 兰州 嘉峪关 金昌 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 西宁 海东 银川 石嘴山 \
        吴忠 固原 中卫 乌鲁木齐 克拉玛依 吐鲁番 哈密 石河子
        """.split(separator: " ").map(String.init).filter { !$0.isEmpty }

    /// City names that are also common words (黄山 the mountain, 长治 of 长治久安): known as
    /// places only with their suffix or inside a list of places.
    static let ambiguous: Set<String> = ["黄山", "中山", "长治", "白山", "朝阳", "来宾", "白银", "安康", "北海", "日照"]

    /// Regions spanning several cities or provinces, as bulletins name them.
    static let areas: [String] = [
        "长三角", "珠三角", "京津冀", "长株潭", "成渝", "粤港澳大湾区", "大湾区", "苏南", "苏中", "苏北",
        "皖北", "皖南", "豫北", "鲁南", "川南", "渝西", "关中", "闽东", "浙南", "粤东", "粤西",
    ]

    /// Every known name (short and full) with its place.
    static let byName: [String: Place] = {
        var d: [String: Place] = ["全国": Place(full: "全国", tier: .nation), "我国": Place(full: "全国", tier: .nation)]
        for (short, full) in provinces {
            d[short] = Place(full: full, tier: .province)
            d[full] = Place(full: full, tier: .province)
        }
        for c in cities + Array(ambiguous) where d[c] == nil {
            d[c] = Place(full: c + "市", tier: .city)
            d[c + "市"] = Place(full: c + "市", tier: .city)
        }
        for a in areas {
            d[a] = Place(full: a, tier: .area)
            d[a + "地区"] = Place(full: a + "地区", tier: .area)
        }
        return d
    }()

    /// One matcher over every name, longest first.
    static let matcher = MultiPattern(
        byName.map { name, place in
            var place = place
            place.isAmbiguousName = ambiguous.contains(name)
            return (name, place)
        }
    )
}
