/// Growth figures as the catalog wants them: percent, with 倍 turned into percent and declines
/// negative (`增长1.5倍` → 150, `下降3.2%` → -3.2). Percentage points are never growth.
public enum Growth {
    /// The growth in percent that `c` states, or `nil` if it states none.
    public static func percent(_ c: Candidate) -> ExactDecimal? {
        guard c.isChange else { return nil }
        switch c.quantity.unit {
        case .percent:
            return c.forcedDecline && c.quantity.value > .zero ? c.quantity.value.negated : c.quantity.value
        case .times:
            // 增长1.5倍 = +150%; 是上年的2倍 is a ratio, not growth
            guard c.leadHas(["增长", "增加", "提高"]) else { return nil }
            let v = c.quantity.value.scaled(byPowerOfTen: 2)
            return c.forcedDecline && v > .zero ? v.negated : v
        default: return nil
        }
    }
}
