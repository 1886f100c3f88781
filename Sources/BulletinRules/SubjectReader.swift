import BulletinCore
import Yams

/// Reads a pack's `subjects` and `keys`.
///
/// A subject of a built-in pack is a name and cue words; the plugin's Swift code decides its
/// keys, which the pack lists under `keys`. A subject of a rules-only pack also names its key
/// stem, unit and variants, and its keys follow from those:
///
/// ```yaml
/// subjects:
///   - name: key_labs
///     cues: [重点实验室]
///     key: platforms.key_labs      # keys platforms.key_labs.total, .new, .growth
///     unit: count
///     measure_words: [家, 个]
///     variants:
///       total: []
///       new: [新增, 新建, 新获批]
///       growth: []
///     exclusions: [申报, 培育]
///     levels: true
/// ```
enum SubjectReader {
    static func subjects(_ top: Node.Mapping, pack: String, reader: inout NodeReader) throws(RulePackError) -> [RulePack
        .Subject]
    {
        guard let n = top["subjects"] else { return [] }
        guard let seq = n.sequence else { throw reader.fail(n, "subjects: expected a list") }
        var out: [RulePack.Subject] = []
        var names = Set<String>()
        for item in seq {
            guard let m = item.mapping else { throw reader.fail(item, "subjects: each subject is a mapping") }
            try reader.refuseUnknown(m, allowed: RulePackLoader.subjectFields, what: "subject")
            let name = try reader.string(m, "name", required: true)!
            guard names.insert(name).inserted else { throw reader.fail(m["name"], "subject \(name): named twice") }
            let cues = try reader.words(m, "cues") + reader.words(m, "traditional")
            guard !cues.isEmpty else { throw reader.fail(item, "subject \(name): cues: at least one word") }
            out.append(
                RulePack.Subject(name: name, cues: cues, rule: try rule(m, subject: name, pack: pack, reader: reader))
            )
        }
        return out
    }

    private static func rule(_ m: Node.Mapping, subject: String, pack: String, reader: NodeReader) throws(RulePackError)
        -> RulePack.Rule?
    {
        guard let key = try reader.string(m, "key", required: false) else {
            for f in ["unit", "measure_words", "variants", "exclusions", "levels", "record_subject"] where m[f] != nil {
                throw reader.fail(m[f], "subject \(subject): \(f) needs key (the key stem this subject yields)")
            }
            return nil
        }
        try checkNamespace(key, pack: pack, node: m["key"], reader: reader)
        guard let unitText = try reader.string(m, "unit", required: true) else { return nil }
        let unit: QuantityUnit
        switch unitText {
        case "count": unit = .count
        case "persons": unit = .persons
        case "cny": unit = .cny
        default:
            throw reader.fail(
                m["unit"],
                "subject \(subject): unit: expected count, persons or cny (got \"\(unitText)\")"
            )
        }
        var variants: [RulePack.Variant: [String]] = [:]
        if let v = m["variants"] {
            guard let vm = v.mapping else { throw reader.fail(v, "subject \(subject): variants: expected a mapping") }
            for (k, words) in vm {
                guard let s = k.string, let variant = RulePack.Variant(rawValue: s) else {
                    let known = RulePack.Variant.allCases.map(\.rawValue).joined(separator: ", ")
                    throw reader.fail(
                        k,
                        "subject \(subject): variants: unknown variant \"\(k.string ?? "?")\" (known: \(known))"
                    )
                }
                if unit == .cny, variant == .total || variant == .new {
                    throw reader.fail(k, "subject \(subject): variants: \(s) is for counts; money has value")
                }
                if unit != .cny, variant == .value {
                    throw reader.fail(k, "subject \(subject): variants: value is for money (unit cny)")
                }
                variants[variant] = try reader.wordList(words, field: "subject \(subject): variants.\(s)")
                if variant == .new, variants[.new]?.isEmpty == true {
                    throw reader.fail(k, "subject \(subject): variants.new: list the words that mark an addition (新增…)")
                }
            }
        } else {
            variants[unit == .cny ? .value : .total] = []
        }
        return RulePack.Rule(
            key: key,
            unit: unit,
            measureWords: try reader.words(m, "measure_words"),
            variants: variants,
            exclusions: try reader.words(m, "exclusions"),
            levels: try reader.bool(m, "levels", default: false),
            recordsSubject: try reader.bool(m, "record_subject", default: false)
        )
    }

    /// Keys: listed under `keys` (`KEY: UNIT`), plus those rules-only subjects yield.
    static func keys(_ top: Node.Mapping, pack: RulePack, reader: inout NodeReader) throws(RulePackError) -> [MetricKey]
    {
        var out: [MetricKey] = []
        if let n = top["keys"] {
            guard let m = n.mapping else { throw reader.fail(n, "keys: expected a mapping of KEY: UNIT") }
            for (k, v) in m {
                guard let key = k.string else { throw reader.fail(k, "keys: a key is text") }
                try checkNamespace(key, pack: pack.name, node: k, reader: reader)
                guard let u = v.string, let unit = QuantityUnit(rawValue: u),
                    [.count, .persons, .cny, .percent].contains(unit)
                else {
                    throw reader.fail(v, "keys: \(key): expected count, persons, cny or percent")
                }
                out.append(MetricKey(key, unit))
            }
        }
        for s in pack.subjects {
            guard let r = s.rule else { continue }
            for variant in r.variants.keys.sorted() {
                let unit: QuantityUnit = variant == .growth || variant == .share ? .percent : r.unit
                let key = MetricKey("\(r.key).\(variant.rawValue)", unit)
                if let clash = out.first(where: { $0.name == key.name }), clash.unit != key.unit {
                    throw reader.fail(top["subjects"], "subject \(s.name): key \(key.name) has two units")
                }
                if !out.contains(key) { out.append(key) }
            }
        }
        if out.isEmpty { throw reader.fail(top["keys"], "keys: a pack emits at least one key") }
        return out
    }

    static func checkNamespace(_ key: String, pack: String, node: Node?, reader: NodeReader) throws(RulePackError) {
        let prefix = pack + "."
        guard key.hasPrefix(prefix), key.count > prefix.count else {
            throw reader.fail(node, "key \(key) is outside the pack's namespace \(prefix)*", code: .foreignKey)
        }
        let rest = key.dropFirst(prefix.count)
        guard
            rest.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({
                RulePackLoader.isName(String($0))
            })
        else {
            throw reader.fail(node, "key \(key): expected dot-separated lowercase names")
        }
    }
}
