/// Tells plans and goals (`target`) from results (`actual`), by the clause that states a figure.
///
/// A figure is a target when its own sentence, before it, has a forward-looking cue (力争, 确保,
/// 预计, 目标, 计划, 到2025年, 有望…) that still governs its clause — a later clause opening with a
/// past time (2017年, 去年, 截至目前, 已) ends that reach — or a future 将/要/拟/争取…达到 in the
/// same stretch; when a lead-in ending with a colon announces targets (今年要实现以下目标：一是…);
/// when its table column is headed 任务/目标/计划. Plan words in other sentences, in headings or
/// inside names (科技计划项目, “英才计划”, 完成全年目标任务的198%, 围绕…目标) do not count.
enum StatusRules {
    private static let strongWords = [
        "力争", "确保", "预计", "预期", "打算", "目标", "计划", "规划到", "到20", "争取到", "奋斗目标",
        "下一步", "今后", "有望", "展望", "力求", "努力实现", "预测", "指标任务",
    ]
    private static let strong = MultiPattern(strongWords.map { ($0, Array($0.unicodeScalars)) })
    private static let weak = MultiPattern(["将", "要", "拟", "争取"].map { ($0, Array($0.unicodeScalars)) })
    /// The first scalars of the strong and weak cues: no cue starts anywhere else.
    private static let cueOpenings = ScalarSet(
        (strongWords + ["将", "要", "拟", "争取"]).compactMap { $0.unicodeScalars.first }
    )
    /// What follows a future 将: adverbs and verbs of plans.
    private static let futureAfterJiang: [[Unicode.Scalar]] = [
        "力争", "继续", "进一步", "新增", "实现", "达到", "突破", "建成", "推动", "加快", "重点", "全面", "着力", "持续",
        "大力", "新建", "培育", "完成", "聚焦", "坚持", "于", "在", "进", "确保", "争取", "新", "超过", "增加", "提高", "打造",
        "投入", "组织", "开展", "启动", "实施", "围绕", "以", "会", "要", "可", "达", "认定", "选派", "建设", "形成", "有",
        "超", "带动", "支持", "安排", "再", "力", "全", "由",
    ].map { Array($0.unicodeScalars) }

    /// Verbs that make a following 目标 the context of an action (围绕…目标), not a plan.
    private static let contextVerbs: [[Unicode.Scalar]] = [
        "围绕", "锚定", "紧扣", "聚焦", "对标", "瞄准", "朝着", "服务", "助力",
        "实现", "坚持", "完成", "超额完成",
    ].map { Array($0.unicodeScalars) }
    private static let goalVerbs: [[Unicode.Scalar]] = ["达到", "突破", "实现", "超过", "增长", "提高"].map {
        Array($0.unicodeScalars)
    }
    /// Clause openings that speak of the past, ending a plan cue's reach.
    private static let pastOpenings = MultiPattern(
        [
            "去年", "上年", "截至", "截止", "目前", "已", "现有", "过去",
            "此前", "当年",
        ].map { ($0, ()) }
    )

    /// The first offset in `range` where a cue can open (``cueOpenings``), or its upper bound.
    /// Found once per sentence for all its figures: `status` otherwise looked for it from the
    /// sentence start for every figure.
    static func firstCueOpening(_ v: [Unicode.Scalar], _ range: Range<Int>) -> Int {
        let opening = Self.cueOpenings
        var k = range.lowerBound
        while k < range.upperBound, !opening.contains(v[k]) { k += 1 }
        return k
    }

    /// The status of a figure starting at `figureStart` in `sentence`. `firstCue` is
    /// ``firstCueOpening(_:_:)`` of `sentence`.
    static func status(
        _ v: [Unicode.Scalar],
        sentence: Range<Int>,
        firstCue: Int,
        figureStart: Int,
        figureEnd: Int,
        reportYear: Int?,
        planDocument: Bool = false
    ) -> FigureStatus {
        // 争取…200万元以上: a threshold to reach is a goal.
        let threshold = figureEnd >= 2 && v[figureEnd - 2] == "以" && v[figureEnd - 1] == "上"
        // In a plan, a goal unless a clause opens with the past (2021年，…; 去年…).
        var active = planDocument
        // 预计增长11%以上；技术合同登记额…: a forecast speaks for its own item only.
        var forecast = false
        // Read for every scalar: loaded once, not through their lazy globals each time.
        let strong = Self.strong
        let weak = Self.weak
        var k = sentence.lowerBound
        var clauseStart = true
        if !active {
            // Until the first scalar that can open a cue nothing changes: a past opening only
            // clears `active`, which is already false. Most figures have no cue before them, so
            // the clause and cue tests are skipped (status was 1.35% of extraction). The first such
            // scalar of the sentence is found once for all its figures: the scan up to `figureStart`
            // stops at min(firstCue, figureStart), as it did when it ran per figure.
            k = min(firstCue, figureStart)
            if k >= figureStart { return .actual }
            clauseStart = false
        }
        while k < figureStart {
            if clauseStart {
                let j = skipBlanks(v, k, figureStart)
                if opensWithPast(v, j, figureStart, reportYear: reportYear) { active = false }
                clauseStart = false
            }
            if forecast, v[k] == ";" || v[k] == "；" {
                active = false
                forecast = false
            }
            if Clauses.isBreak(v, k) {
                clauseStart = true
                k += 1
                continue
            }
            if let (w, n) = strong.match(v, at: k, end: figureStart), isStrong(v, w, k, reportYear: reportYear) {
                forecast = !active && w.first == "预"
                active = true
                k += n
                continue
            }
            if let (w, n) = weak.match(v, at: k, end: figureStart), isWeakCue(v, w, k) {
                let reach = k..<min(figureStart, Clauses.end(v, after: k, ceiling: figureStart))
                if w[0] != "争" || threshold || goalVerbs.contains(where: { v.containsScalars($0, in: reach) }) {
                    active = true
                }
                k += n
                continue
            }
            k += 1
        }
        return active ? .target : .actual
    }

    /// The colon of a lead-in announcing targets (`2024年主要预期目标：…`, `今年要实现以下目标：一是…`),
    /// if the sentence has one: figures after it are targets.
    static func leadInColon(_ v: [Unicode.Scalar], _ range: Range<Int>) -> Int? {
        var k = range.lowerBound
        while k < range.upperBound {
            if v[k] == ":" || v[k] == "：" {
                let head = range.lowerBound..<k
                let plan = planHeads.contains { v.containsScalars($0, in: head) }
                let review = reviewHeads.contains { v.containsScalars($0, in: head) }
                return plan && !review ? k : nil
            }
            k += 1
        }
        return nil
    }

    /// Words of a lead-in announcing targets, and of one reviewing results.
    private static let planHeads: [[Unicode.Scalar]] = [
        "目标", "计划", "力争", "预计", "要实现", "任务是", "预期指标", "工作思路", "打算",
    ].map { Array($0.unicodeScalars) }
    private static let reviewHeads: [[Unicode.Scalar]] = ["完成情况", "成效", "成绩", "回顾", "总结", "完成了", "实现了"].map {
        Array($0.unicodeScalars)
    }

    private static func skipBlanks(_ v: [Unicode.Scalar], _ k: Int, _ end: Int) -> Int {
        var j = k
        while j < end, v[j] == " " || v[j] == "\n" { j += 1 }
        return j
    }

    /// A clause opening with a past time: 2017年 (up to the reported year), 去年, 截至目前, 已.
    private static func opensWithPast(_ v: [Unicode.Scalar], _ k: Int, _ end: Int, reportYear: Int?) -> Bool {
        if pastOpenings.match(v, at: k, end: end) != nil { return true }
        if k + 4 < end, (0..<4).allSatisfy({ isASCIIDigit(v[k + $0]) }), v[k + 4] == "年" {
            let y = (0..<4).reduce(0) { $0 * 10 + Int(v[k + $1].value - 48) }
            if let r = reportYear, y <= r { return true }
        }
        return false
    }

    /// The year written at `k` (`2025年`), if any.
    private static func year(_ v: [Unicode.Scalar], at k: Int) -> Int? {
        guard k + 4 < v.count, (0..<4).allSatisfy({ isASCIIDigit(v[k + $0]) }), v[k + 4] == "年" else { return nil }
        return (0..<4).reduce(0) { $0 * 10 + Int(v[k + $1].value - 48) }
    }

    private static func isStrong(_ v: [Unicode.Scalar], _ w: [Unicode.Scalar], _ k: Int, reportYear: Int?) -> Bool {
        switch (w[0], w.count) {
        case ("目", 2):
            // 完成全年目标任务的198%: a result.
            if v.containsScalars(Array("完成".unicodeScalars), in: max(0, k - 6)..<k) { return false }
            if matches(v, Array("任务的".unicodeScalars), k + 2) || matches(v, Array("的".unicodeScalars), k + 2) {
                return false
            }
            if matches(v, Array("导向".unicodeScalars), k + 2) || matches(v, Array("责任".unicodeScalars), k + 2) {
                return false
            }
            // 围绕建设创新型城市目标, 紧扣“科技强市”目标: the context of a result, not a plan.
            var c = k - 1
            while c >= 0, c >= k - 20 {
                switch v[c] {
                case ",", "，", "。", ";", "；", ":", "：", "\n":
                    c = -1
                    continue
                default: break
                }
                for w in contextVerbs where matches(v, w, c) { return false }
                c -= 1
            }
            return true
        case ("计", 2):
            // 按计划: as planned, a result. 科技计划项目, “英才计划”, 人才支持计划: programmes, not plans.
            // A plan is announced at a clause start or after its time or subject (今年计划, 全市计划).
            if k > 0, !Clauses.isBreak(v, k - 1), !scalars1.contains(v[k - 1]) { return false }
            guard k + 2 < v.count, Places.isHan(v[k + 2]) else { return false }
            return !scalars2.contains(v[k + 2])
        case ("争", 3):
            // 争取到2025年…; not 争取到位上级资金 (a result), nor 争取到2018年…项目 in a report on 2018.
            guard let y = year(v, at: k + 3) else { return false }
            return reportYear.map { y > $0 } ?? true
        case ("到", 3):
            // 到2025年, opening a clause; not 由2020年的58家增加到2023年的102家 (a result).
            guard let y = year(v, at: k + 1) else { return false }
            if let r = reportYear, y <= r { return false }
            guard k > 0 else { return true }
            switch v[k - 1] {
            case ",", "，", "。", ";", "；", ":", "：", "、", " ", "(", "（", "\n", "争", "划", "计", "》", "确": return true
            default: return false
            }
        case ("指", 4):
            // 完成…指标任务: a result.
            return !v.containsScalars(Array("完成".unicodeScalars), in: max(0, k - 8)..<k)
        case ("下", 3):
            return true
        default:
            return true
        }
    }

    private static func isWeakCue(_ v: [Unicode.Scalar], _ w: [Unicode.Scalar], _ k: Int) -> Bool {
        let prev: Unicode.Scalar = k > 0 ? v[k - 1] : " "
        let next: Unicode.Scalar = k + w.count < v.count ? v[k + w.count] : " "
        switch w[0] {
        case "将":
            // Future 将 (将新增, 将力争, 将于年底前…), not the disposal marker (将科技创新摆在…).
            if prev == "即" || prev == "并" && next == "其" { return false }
            return futureAfterJiang.contains { matches(v, $0, k + 1) }
        case "要":
            switch prev {
            case "重", "主", "需", "纲", "摘", "只", "必", "首", "紧", "概", "提": return false
            default: return next != "素" && next != "点" && next != "闻" && next != "是" && next != "求" && next != "件"
            }
        case "拟":
            // 拟入库, 拟新增…; not 模拟, 虚拟, 比拟.
            if prev == "模" || prev == "虚" || prev == "比" { return false }
            return next != "定" || k + 2 < v.count && v[k + 2] != "了"
        default:
            return true
        }
    }

    @inline(__always) static func matches(_ v: [Unicode.Scalar], _ w: [Unicode.Scalar], _ k: Int) -> Bool {
        guard k >= 0, k + w.count <= v.count, v[k] == w[0] else { return false }
        for j in 1..<w.count where v[k + j] != w[j] { return false }
        return true
    }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet("年今明将并还拟也度局市县区省 ")
private let scalars2 = ScalarSet("”》』」部的和与及等中内外管执项专单书表里")
