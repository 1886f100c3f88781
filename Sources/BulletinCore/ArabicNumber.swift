/// Arabic-digit numbers as written in Chinese text: `3128.4`, `1,234,567.5`.
public enum ArabicNumber {
    /// Parses digits with thousands separators (`,` before groups of exactly three digits) and a
    /// decimal part, starting at an ASCII digit.
    ///
    /// Returns the value, the end offset, the count of integer digits and whether the number
    /// starts with a 0 followed by another digit (as codes and phone numbers do).
    public static func parse(_ s: [Unicode.Scalar], at start: Int) -> (ExactDecimal, Int, Int, Bool)? {
        let n = s.count
        guard start < n, isASCIIDigit(s[start]) else { return nil }
        var j = start
        var sig: Int64 = 0
        var intDigits = 0
        var exp = 0
        let leadingZero = s[start] == "0" && start + 1 < n && isASCIIDigit(s[start + 1])
        while j < n {
            let c = s[j]
            if isASCIIDigit(c) {
                let (m, o1) = sig.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(c.value - 48))
                if o1 || o2 { return nil }
                sig = a
                intDigits += 1
                j += 1
            } else if c == ",", intDigits >= 1, intDigits <= 3 || (j - 4 >= start && s[j - 4] == ","),
                isThreeDigitGroup(s, at: j + 1)
            {
                j += 1
            } else {
                break
            }
        }
        if j + 1 < n, s[j] == ".", isASCIIDigit(s[j + 1]) {
            j += 1
            while j < n, isASCIIDigit(s[j]) {
                let (m, o1) = sig.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(s[j].value - 48))
                if !(o1 || o2) {
                    sig = a
                    exp -= 1
                }  // digits beyond Int64 precision are dropped
                j += 1
            }
        }
        return (ExactDecimal(significand: sig, exponent: exp), j, intDigits, leadingZero)
    }

    /// The value and end offset only.
    public static func parsePlain(_ s: [Unicode.Scalar], at start: Int) -> (ExactDecimal, Int)? {
        guard let (v, e, _, _) = parse(s, at: start) else { return nil }
        return (v, e)
    }

    private static func isThreeDigitGroup(_ s: [Unicode.Scalar], at k: Int) -> Bool {
        guard k + 2 < s.count else { return false }
        guard isASCIIDigit(s[k]), isASCIIDigit(s[k + 1]), isASCIIDigit(s[k + 2]) else { return false }
        return k + 3 >= s.count || !isASCIIDigit(s[k + 3])
    }
}
