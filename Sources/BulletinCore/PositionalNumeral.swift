extension ChineseNumeral {
    /// The reader of positional numerals (一百零八, 四亿五千六百四十二万零一十五, 5万4千6百).
    ///
    /// Groups under a big unit (万, 亿, 兆) are summed into `total`; a big unit larger than every
    /// one before it multiplies everything so far (一万五千亿), a smaller one multiplies only its
    /// own group (四十五亿四千零四万), and the same unit twice in a row multiplies again (四万万).
    /// A lone digit right after 百/千/万/亿 counts in the next lower place (两千四百五 = 2450,
    /// 一万三 = 13000).
    struct Positional {
        let s: [Unicode.Scalar]
        let options: Options
        let allowDecimal: Bool

        private var total = ExactDecimal.zero
        private var maxBig = 0
        private var section = ExactDecimal.zero
        private var pending: ExactDecimal?
        private var pendingIsZero = false
        private var pendingIsChineseDigit = false
        private var unitBeforePending = 0
        private var lastUnit = 0
        private var lastSmall = 0
        private var consumed = false
        private var approximate = false

        init(s: [Unicode.Scalar], options: Options, allowDecimal: Bool) {
            self.s = s
            self.options = options
            self.allowDecimal = allowDecimal
        }

        private enum Overflow: Error { case overflow }

        private func add(_ a: ExactDecimal, _ b: ExactDecimal) throws -> ExactDecimal {
            guard let r = a.adding(b) else { throw Overflow.overflow }
            return r
        }

        private func mul(_ a: ExactDecimal, _ b: ExactDecimal) throws -> ExactDecimal {
            guard let r = a.multiplied(by: b) else { throw Overflow.overflow }
            return r
        }

        private func isUnit(at k: Int) -> Bool {
            k < s.count && (smallUnit(s[k]) != nil || bigUnit(s[k], options) != nil)
        }

        mutating func run(from start: Int) -> Parsed? {
            do { return try read(from: start) } catch { return nil }
        }

        private mutating func read(from start: Int) throws -> Parsed? {
            let n = s.count
            var i = start
            while i < n {
                let c = s[i]
                if let d = digit(c) {
                    if pending != nil && !pendingIsZero { break }
                    unitBeforePending = pendingIsZero ? 0 : lastUnit
                    pending = ExactDecimal(significand: d)
                    pendingIsZero = d == 0
                    pendingIsChineseDigit = true
                    lastUnit = 0
                    consumed = true
                    i += 1
                    continue
                }
                if options.arabicDigits, c.value >= 48, c.value <= 57 {
                    if pending != nil && !pendingIsZero { break }
                    if i > start && !consumedUnitJustBefore(i) && !pendingIsZero { break }
                    guard let (v, e) = ArabicNumber.parsePlain(s, at: i) else { break }
                    // an Arabic number is a digit of the numeral only before a unit or after one
                    if !consumed && !isUnit(at: e) && !(options.placeholders && isPlaceholder(at: e)) { break }
                    pending = v
                    pendingIsZero = false
                    pendingIsChineseDigit = false
                    unitBeforePending = 0
                    lastUnit = 0
                    consumed = true
                    i = e
                    continue
                }
                if c == "廿" || c == "卅" || c == "卌" {
                    if pending != nil && !pendingIsZero { break }
                    section = try add(section, ExactDecimal(c == "廿" ? 20 : (c == "卅" ? 30 : 40)))
                    pending = nil
                    pendingIsZero = false
                    lastUnit = 1
                    lastSmall = 1
                    consumed = true
                    i += 1
                    continue
                }
                if options.dozenAndHalf, c == "半", !consumed, i + 1 < n, smallUnit(s[i + 1]) != nil {
                    pending = ExactDecimal(significand: 5, exponent: -1)  // 半百
                    pendingIsChineseDigit = false
                    consumed = true
                    i += 1
                    continue
                }
                if options.placeholders, consumed {
                    if c == "几", pending == nil || pendingIsZero, isUnit(at: i + 1) {
                        pending = .zero
                        pendingIsZero = true
                        approximate = true  // 二十几万
                        i += 1
                        continue
                    }
                    if c == "余" || c == "多", i + 1 < n, bigUnit(s[i + 1], options) != nil {
                        approximate = true  // 十余万
                        i += 1
                        continue
                    }
                }
                if let p = smallUnit(c) {
                    if pending == nil && lastSmall != 0 && p >= lastSmall { break }
                    let k = (pending == nil || pendingIsZero) ? ExactDecimal(1) : pending!
                    section = try add(section, try mul(k, pow10(p)))
                    pending = nil
                    pendingIsZero = false
                    lastUnit = p
                    lastSmall = p
                    consumed = true
                    i += 1
                    continue
                }
                if let p = bigUnit(c, options) {
                    if !consumed { break }
                    let hasGroup = pending != nil || section != .zero
                    if !hasGroup {
                        if lastUnit == p || p > maxBig {
                            total = try mul(total, pow10(p))  // 四万万, 一万亿
                            maxBig = Swift.max(maxBig, p)
                        } else {
                            break  // 亿万 is not a numeral
                        }
                    } else {
                        let group = try add(section, pending ?? .zero)
                        if p > maxBig {
                            total = try mul(try add(total, group), pow10(p))
                            maxBig = p
                        } else {
                            total = try add(total, try mul(group, pow10(p)))
                        }
                    }
                    section = .zero
                    pending = nil
                    pendingIsZero = false
                    lastUnit = p
                    lastSmall = 0
                    i += 1
                    continue
                }
                break
            }
            guard consumed else { return nil }
            var value = try add(total, section)
            if let d = pending {
                var tail = d
                if pendingIsChineseDigit && !pendingIsZero && unitBeforePending >= 2
                    && (unitBeforePending <= 3 || section == .zero)
                {
                    tail = try mul(d, pow10(unitBeforePending - 1))  // 两千四百五, 一万三
                }
                value = try add(value, tail)
            }
            // 零 alone after a unit adds nothing; a numeral cannot end on a bare placeholder word.
            if allowDecimal, i + 1 < n, s[i] == "点", digit(s[i + 1]) != nil, s[i + 1] != "两" {
                var j = i + 1
                var frac: Int64 = 0
                var places = 0
                while j < n, let d = digit(s[j]), s[j] != "两", places < 15 {
                    frac = frac * 10 + d
                    places += 1
                    j += 1
                }
                value = try add(value, ExactDecimal(significand: frac, exponent: -places))
                i = j
                // 三点五万, 1.2万亿
                while i < n, let p = bigUnit(s[i], options) {
                    value = value.scaled(byPowerOfTen: p)
                    i += 1
                }
            }
            if options.dozenAndHalf, i < n, s[i] == "打" {
                value = try mul(value, ExactDecimal(12))
                i += 1
            }
            return Parsed(value: value, length: i - start, approximate: approximate)
        }

        private func consumedUnitJustBefore(_ i: Int) -> Bool {
            i > 0 && (smallUnit(s[i - 1]) != nil || bigUnit(s[i - 1], options) != nil)
        }

        private func isPlaceholder(at k: Int) -> Bool {
            k + 1 < s.count && (s[k] == "余" || s[k] == "多" || s[k] == "几") && isUnit(at: k + 1)
        }
    }
}
