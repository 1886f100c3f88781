/// Tells plans and goals (`target`) from results (`actual`).
///
/// A figure is a target when, before it in its paragraph, a forward-looking cue appears
/// (目标, 力争, 确保, 计划…, 预计, 预期, 打算, 到2025年), or when its own sentence piece says
/// 将/要/拟/争取…达到. `完成…目标任务的198%` is a result, and 重要/主要/需要 are not 要.
enum StatusRules {
    private static let strongWords = ["力争", "确保", "预计", "预期", "打算", "目标", "计划", "规划到", "到20", "争取到", "奋斗目标", "下一步"]
    private static let strong = MultiPattern(strongWords.map { ($0, Array($0.unicodeScalars)) })
    private static let weak = MultiPattern(["将", "要", "拟", "争取"].map { ($0, Array($0.unicodeScalars)) })
    /// What follows a future 将: adverbs and verbs of plans.
    private static let futureAfterJiang: [[Unicode.Scalar]] = [
        "力争", "继续", "进一步", "新增", "实现", "达到", "突破", "建成", "推动", "加快", "重点", "全面", "着力", "持续",
        "大力", "新建", "培育", "完成", "聚焦", "坚持", "于", "在", "进", "确保", "争取", "新", "超过", "增加", "提高", "打造",
        "投入", "组织", "开展", "启动", "实施", "围绕", "以", "会", "要", "可", "达",
    ].map { Array($0.unicodeScalars) }

    /// Verbs that make a following 目标 the context of an action (围绕…目标), not a plan.
    private static let contextVerbs: [[Unicode.Scalar]] = ["围绕", "锚定", "紧扣", "聚焦", "对标", "瞄准", "朝着", "服务", "助力", "实现"].map { Array($0.unicodeScalars) }
    private static let goalVerbs: [[Unicode.Scalar]] = ["达到", "突破", "实现"].map { Array($0.unicodeScalars) }

    /// The offset of the first forward-looking cue in a paragraph, if any.
    static func firstStrongCue(_ v: [Unicode.Scalar], _ line: Range<Int>) -> Int? {
        var k = line.lowerBound
        while k < line.upperBound {
            if let (w, _) = strong.match(v, at: k, end: line.upperBound), isStrong(v, w, k) { return k }
            k += 1
        }
        return nil
    }

    /// Weak cues (将, 要, 拟, 争取) in a sentence: offset and whether it needs a goal verb after it.
    static func weakCues(_ v: [Unicode.Scalar], _ sentence: Range<Int>) -> [(Int, Bool)] {
        var out: [(Int, Bool)] = []
        var k = sentence.lowerBound
        while k < sentence.upperBound {
            if let (w, _) = weak.match(v, at: k, end: sentence.upperBound), isWeakCue(v, w, k) { out.append((k, w[0] == "争")) }
            k += 1
        }
        return out
    }

    /// Target when a strong cue comes earlier in the paragraph, or a weak cue earlier in the sentence.
    static func status(_ v: [Unicode.Scalar], strongCue: Int?, weakCues: [(Int, Bool)], figureStart: Int) -> FigureStatus {
        if let s = strongCue, s < figureStart { return .target }
        for (k, needsGoal) in weakCues where k < figureStart {
            if !needsGoal { return .target }
            // 争取上级资金 is a result; 争取…达到/突破 is a goal.
            if goalVerbs.contains(where: { v.containsScalars($0, in: k..<figureStart) }) { return .target }
        }
        return .actual
    }

    private static func isStrong(_ v: [Unicode.Scalar], _ w: [Unicode.Scalar], _ k: Int) -> Bool {
        switch (w[0], w.count) {
        case ("目", 2):
            // 完成全年目标任务的198%: a result.
            if v.containsScalars(Array("完成".unicodeScalars), in: max(0, k - 6)..<k) { return false }
            if matches(v, Array("任务的".unicodeScalars), k + 2) { return false }
            // 围绕建设创新型城市目标, 紧扣“科技强市”目标: the context of a result, not a plan.
            var c = k - 1
            while c >= 0, c >= k - 20 {
                switch v[c] {
                case ",", "，", "。", ";", "；", ":", "：", "\n": c = -1; continue
                default: break
                }
                for w in contextVerbs where matches(v, w, c) { return false }
                c -= 1
            }
            return true
        case ("计", 2):
            // 科技计划项目, 惠民计划项目, “英才计划”: programmes, not plans.
            if k + 2 < v.count {
                switch v[k + 2] { case "”", "》", "\"", "』", "」": return false; default: break }
            }
            return !matches(v, Array("项目".unicodeScalars), k + 2) && !matches(v, Array("专项".unicodeScalars), k + 2)
                && !matches(v, Array("单列".unicodeScalars), k + 2)
        case ("争", 3):
            // 争取到2025年…; not 争取到位上级资金 (a result)
            return k + 3 < v.count && isASCIIDigit(v[k + 3])
        case ("到", 3):
            // 到2025年, opening a clause; not 由2020年的58家增加到2023年的102家 (a result).
            guard k + 5 < v.count, isASCIIDigit(v[k + 3]), isASCIIDigit(v[k + 4]), v[k + 5] == "年" else { return false }
            guard k > 0 else { return true }
            switch v[k - 1] {
            case ",", "，", "。", ";", "；", ":", "：", "、", " ", "(", "（", "\n", "争", "划", "计": return true
            default: return false
            }
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
            if prev == "即" { return false }
            return futureAfterJiang.contains { matches(v, $0, k + 1) }
        case "要":
            switch prev {
            case "重", "主", "需", "纲", "摘", "只", "必", "首", "紧": return false
            default: return next != "素" && next != "点" && next != "闻" && next != "是"
            }
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
