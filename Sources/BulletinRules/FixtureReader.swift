import BulletinCore
import Yams

/// Reads a pack's `fixtures`: test cases written into the pack itself, so an operator's pack
/// carries its own proof (`bulletind plugins --test`).
///
/// ```yaml
/// fixtures:
///   - text: 2023年，全市新增省级重点实验室3家。
///     expect:
///       - {key: platforms.key_labs.new, value: "3", level: provincial}
/// ```
enum FixtureReader {
    static func fixtures(_ top: Node.Mapping, pack: RulePack, reader: inout NodeReader) throws(RulePackError)
        -> [RulePack.Fixture]
    {
        guard let n = top["fixtures"] else { return [] }
        guard let seq = n.sequence else { throw reader.fail(n, "fixtures: expected a list of cases") }
        let keys = Set(pack.keys.map(\.name))
        var out: [RulePack.Fixture] = []
        for item in seq {
            guard let m = item.mapping else {
                throw reader.fail(item, "fixtures: each case is a mapping with text and expect")
            }
            try reader.refuseUnknown(m, allowed: RulePackLoader.fixtureFields, what: "fixture")
            let text = try reader.string(m, "text", required: true)!
            var expect: [RulePack.Expected] = []
            if let e = m["expect"] {
                guard let list = e.sequence else {
                    throw reader.fail(e, "fixture: expect: expected a list of observations")
                }
                for o in list {
                    guard let om = o.mapping else {
                        throw reader.fail(o, "fixture: expect: each observation is a mapping")
                    }
                    try reader.refuseUnknown(om, allowed: RulePackLoader.expectFields, what: "expected observation")
                    let key = try reader.string(om, "key", required: true)!
                    guard keys.contains(key) else {
                        throw reader.fail(om["key"], "fixture: \(key) is not a key of this pack")
                    }
                    let value = try reader.string(om, "value", required: true)!
                    guard ExactDecimal(value) != nil else {
                        throw reader.fail(om["value"], "fixture: value: expected a decimal number")
                    }
                    let status = try reader.string(om, "status", required: false)
                    if let s = status, FigureStatus(rawValue: s) == nil {
                        throw reader.fail(om["status"], "fixture: status: expected actual or target")
                    }
                    let level = try reader.string(om, "level", required: false)
                    if let l = level, Level(rawValue: l) == nil {
                        throw reader.fail(om["level"], "fixture: level: expected national, provincial, city or county")
                    }
                    var period: Int?
                    if let p = try reader.string(om, "period", required: false) {
                        guard let y = Int(p), (1900...2100).contains(y) else {
                            throw reader.fail(om["period"], "fixture: period: expected a year")
                        }
                        period = y
                    }
                    expect.append(
                        RulePack.Expected(
                            key: key,
                            value: value,
                            status: status,
                            period: period,
                            level: level,
                            region: try reader.string(om, "region", required: false)
                        )
                    )
                }
            }
            out.append(RulePack.Fixture(line: item.mark?.line ?? 0, text: text, expect: expect))
        }
        return out
    }
}
