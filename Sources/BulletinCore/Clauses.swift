/// Clause boundaries inside a sentence: commas, semicolons and colons, but not the comma of a
/// thousands separator (1,086).
public enum Clauses {
    @inline(__always)
    public static func isBreak(_ v: [Unicode.Scalar], _ k: Int) -> Bool {
        let c = v[k]
        if c == "," || c == "，" {
            return !(k > 0 && k + 1 < v.count && isASCIIDigit(v[k - 1]) && isASCIIDigit(v[k + 1]))
        }
        return c == ";" || c == "；" || c == ":" || c == "：" || c == "。" || c == "\n"
    }

    /// The start of the clause holding offset `k`, no earlier than `floor`.
    public static func start(_ v: [Unicode.Scalar], before k: Int, floor: Int) -> Int {
        var j = k - 1
        while j >= floor {
            if isBreak(v, j) { return j + 1 }
            j -= 1
        }
        return floor
    }

    /// The end of the clause holding offset `k`, no later than `ceiling`.
    public static func end(_ v: [Unicode.Scalar], after k: Int, ceiling: Int) -> Int {
        var j = k
        while j < ceiling {
            if isBreak(v, j) { return j }
            j += 1
        }
        return ceiling
    }

    /// The starts of every clause of `range`, in order.
    public static func starts(_ v: [Unicode.Scalar], _ range: Range<Int>) -> [Int] {
        var out = [range.lowerBound]
        var k = range.lowerBound
        while k < range.upperBound {
            if isBreak(v, k), k + 1 < range.upperBound { out.append(k + 1) }
            k += 1
        }
        return out
    }

    /// Offset past time words opening a clause (`2021年`, `1-6月份,`, `上半年`, `截至目前`, `其中`),
    /// where a place or a subject may follow.
    public static func skipTimeWords(_ v: [Unicode.Scalar], from k: Int, end: Int) -> Int {
        var j = k
        var moved = true
        while moved && j < end {
            moved = false
            while j < end, isASCIIDigit(v[j]) || v[j] == "-" || v[j] == "~" || v[j] == "—" || v[j] == "至" {
                j += 1
                moved = true
            }
            if let (_, n) = timeWords.match(v, at: j, end: end) {
                j += n
                moved = true
            }
        }
        return j
    }

    /// Longest first among the words sharing a first character, as ``MultiPattern`` tries them.
    private static let timeWords = MultiPattern(
        [
            "年度", "年底", "年末", "年初", "年", "月份", "月底", "月末", "月", "日", "上半年", "下半年", "前三季度", "一季度",
            "二季度", "三季度", "四季度", "第一季度", "今年以来", "今年", "去年", "全年", "同期", "截至目前", "截止目前", "截至",
            "截止", "目前", "近年来", "其中", "底", "末", ",",
        ].map { ($0, ()) }
    )
}
