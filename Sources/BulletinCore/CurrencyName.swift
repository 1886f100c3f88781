/// A currency as written after an amount (`元`, `美元`, `港元`, `比特币`) or before it (`$`, `￥`).
public struct CurrencyName: Sendable, Hashable {
    /// The English name, as Recognizers-Text reports it (`Chinese yuan`, `United States dollar`).
    public var name: String
    /// The ISO 4217 code, when there is one.
    public var iso: String?

    /// True for anything but the yuan.
    public var isForeign: Bool { iso != "CNY" }

    static let yuan = CurrencyName(name: "Chinese yuan", iso: "CNY")
    static let dollarSign = CurrencyName(name: "Dollar", iso: nil)

    private static let words: [([Unicode.Scalar], CurrencyName)] = {
        let usd = CurrencyName(name: "United States dollar", iso: "USD")
        let table: [(String, CurrencyName)] = [
            ("人民币", yuan), ("元", yuan), ("块钱", yuan), ("块", yuan),
            ("美元", usd), ("美圆", usd), ("美金", usd), ("美刀", usd),
            ("欧元", CurrencyName(name: "Euro", iso: "EUR")),
            ("瑞士法郎", CurrencyName(name: "Swiss franc", iso: "CHF")),
            ("港元", CurrencyName(name: "Hong Kong dollar", iso: "HKD")),
            ("港币", CurrencyName(name: "Hong Kong dollar", iso: "HKD")),
            ("新台币", CurrencyName(name: "New Taiwan dollar", iso: "TWD")),
            ("台币", CurrencyName(name: "New Taiwan dollar", iso: "TWD")),
            ("日元", CurrencyName(name: "Japanese yen", iso: "JPY")),
            ("奈拉", CurrencyName(name: "Nigerian naira", iso: "NGN")),
            ("英镑", CurrencyName(name: "British pound", iso: "GBP")),
            ("卢布", CurrencyName(name: "Russian ruble", iso: "RUB")),
            ("韩元", CurrencyName(name: "South Korean won", iso: "KRW")),
            ("澳元", CurrencyName(name: "Australian dollar", iso: "AUD")),
            ("加元", CurrencyName(name: "Canadian dollar", iso: "CAD")),
            ("比特币", CurrencyName(name: "Bitcoin", iso: nil)),
        ]
        return table.map { (Array($0.0.unicodeScalars), $0.1) }.sorted { $0.0.count > $1.0.count }
    }()

    /// The currency word at `k` and its length; 元 in 元旦/元素 is not money.
    static func match(_ s: [Unicode.Scalar], at k: Int) -> (CurrencyName, Int)? {
        guard k < s.count else { return nil }
        for (w, c) in words where w[0] == s[k] && k + w.count <= s.count {
            var ok = true
            for t in 1..<w.count where s[k + t] != w[t] {
                ok = false
                break
            }
            guard ok else { continue }
            if w == ["元"], k + 1 < s.count, s[k + 1] == "旦" || s[k + 1] == "素" || s[k + 1] == "宵" { return nil }
            return (c, w.count)
        }
        return nil
    }

    /// Fractions of a unit after the main amount: 五元三毛, 50元6角三分, 两美元又三美分.
    static func subunit(_ s: [Unicode.Scalar], at k: Int, of c: CurrencyName) -> (ExactDecimal, Int)? {
        guard k < s.count else { return nil }
        let table: [(String, Int)]
        switch c.iso {
        case "CNY": table = [("角", -1), ("毛", -1), ("分", -2)]
        case "USD": table = [("美分", -2)]
        case "JPY": table = [("日本銭", -2), ("日本钱", -2), ("钱", -2)]
        default: return nil
        }
        for (w, p) in table {
            let ws = Array(w.unicodeScalars)
            if k + ws.count <= s.count, (0..<ws.count).allSatisfy({ s[k + $0] == ws[$0] }) {
                return (ExactDecimal(significand: 1, exponent: p), ws.count)
            }
        }
        return nil
    }

    /// True when the word at `k` can stand alone as a currency name (人民币, 美元, not 元).
    static func standsAlone(_ s: [Unicode.Scalar], at k: Int) -> (CurrencyName, Int)? {
        guard let (c, len) = match(s, at: k), len >= 2, s[k] != "块" else { return nil }
        return (c, len)
    }
}

/// The currency model: amounts with a currency, and currency names standing alone.
struct CurrencyReader {
    let s: [Unicode.Scalar]
    let tokens: [NumeralToken]

    func read() -> [CompactMatch] {
        var out: [CompactMatch] = []
        var covered = 0
        for t in tokens where t.start >= covered {
            var start = t.start
            var end = t.end
            var currency: CurrencyName?
            if start > 0, s[start - 1] == "$" {
                currency = .dollarSign
                start -= 1
            }
            if start > 0, s[start - 1] == "￥" || s[start - 1] == "¥" {
                currency = .yuan
                start -= 1
            }
            if currency == nil {
                var k = end
                while k < s.count, RecognizerText.isSpace(s[k]) { k += 1 }  // 2021… 美元
                if k < s.count, s[k] == "个", CurrencyName.match(s, at: k + 1)?.0.iso == nil { k += 1 }  // 20个比特币
                if let (c, len) = CurrencyName.match(s, at: k) {
                    currency = c
                    end = k + len
                    // 8亿元人民币
                    if c == .yuan, let (c2, len2) = CurrencyName.match(s, at: end), c2 == .yuan, len2 == 3 {
                        end += len2
                    }
                }
            }
            guard let c = currency else { continue }
            var value = t.value
            // 五元三毛, 50元6角三分, 两美元又三美分
            var k = end < s.count && s[end] == "又" ? end + 1 : end
            while let part = tokens.first(where: { $0.start == k }),
                let (unit, len) = CurrencyName.subunit(s, at: part.end, of: c)
            {
                value = value.adding(part.value.multiplied(by: unit))
                end = part.end + len
                k = end
            }
            nameless(from: covered, to: start, into: &out)
            out.append(
                CompactMatch(
                    start: start,
                    end: end,
                    value: value,
                    kind: .currency,
                    currency: c,
                    approximate: t.approximate
                )
            )
            covered = end
        }
        nameless(from: covered, to: s.count, into: &out)
        return out
    }

    /// 人民币 美元: currency names without an amount.
    private func nameless(from a: Int, to b: Int, into out: inout [CompactMatch]) {
        var k = a
        while k < b {
            if let (c, len) = CurrencyName.standsAlone(s, at: k), k + len <= b {
                out.append(CompactMatch(start: k, end: k + len, value: nil, kind: .currency, currency: c))
                k += len
            } else {
                k += 1
            }
        }
    }
}
