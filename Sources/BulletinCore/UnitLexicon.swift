/// Measure words after a number, longest first, with the unit class each means.
public enum UnitLexicon {
    /// The measure word of `length` scalars at `k` as a String, shared rather than rebuilt per
    /// quantity (every quantity carries its unit's text).
    public static func text(_ s: [Unicode.Scalar], at k: Int, length: Int) -> String {
        for (w, _, text) in entries where w.count == length && s.hasScalars(w, at: k) { return text }
        return String(scalars: s[k..<(k + length)])
    }

    private static let entries: [([Unicode.Scalar], QuantityUnit, String)] = {
        let table: [(String, QuantityUnit)] = [
            ("个百分点", .percentagePoints), ("百分点", .percentagePoints),
            ("%", .percent), ("倍", .times),
            ("元人民币", .cny), ("人民币", .cny), ("元", .cny),
            ("人次", .count), ("场次", .count), ("家(次)", .count), ("家次", .count), ("家", .count), ("个", .count),
            ("项", .count), ("笔", .count),
            ("份", .count), ("件", .count), ("批", .count), ("场", .count), ("次", .count), ("座", .count),
            ("所", .count), ("台", .count), ("套", .count), ("条", .count), ("支", .count), ("篇", .count),
            ("部", .count), ("处", .count), ("户", .count), ("种", .count), ("类", .count), ("款", .count),
            ("届", .count), ("期", .count), ("只", .count), ("株", .count),
            ("人", .persons), ("名", .persons), ("位", .persons),
            ("平方米", .other), ("平方公里", .other), ("公里", .other), ("千米", .other), ("米", .other),
            ("亩", .other), ("吨", .other), ("斤", .other), ("公斤", .other), ("千克", .other), ("天", .other),
            ("小时", .other), ("分钟", .other), ("周", .other), ("岁", .other), ("度", .other), ("美元", .other),
        ]
        return table.map { (Array($0.0.unicodeScalars), $0.1, $0.0) }.sorted { $0.0.count > $1.0.count }
    }()

    /// The unit starting at `k`, and its length in scalars.
    public static func match(_ s: [Unicode.Scalar], at k: Int) -> (QuantityUnit, Int)? {
        guard k < s.count else { return nil }
        let first = s[k]
        for (w, u, _) in entries where w[0] == first {
            if k + w.count <= s.count {
                var ok = true
                for t in 1..<w.count where s[k + t] != w[t] {
                    ok = false
                    break
                }
                if ok {
                    // 元 in 元旦/元素 is not money; 名 in 名单/名称 is not a person; 位 in 位次/位居.
                    if w.count == 1, k + 1 < s.count {
                        let next = s[k + 1]
                        if first == "元"
                            && (next == "旦" || next == "素"
                                || next
                                    == "宵")
                        {
                            return nil
                        }
                        if first == "名" && (next == "单" || next == "称" || next == "列" || next == "录") { return nil }
                        if first == "位" && (next == "次" || next == "居" || next == "列" || next == "于") { return nil }
                        if first == "期" && (next == "间" || next == "限") { return nil }
                        if first == "次" && next == "性" { return nil }
                        if first == "个" && (next == "人") { return (.count, 1) }
                    }
                    return (u, w.count)
                }
            }
        }
        return nil
    }
}
