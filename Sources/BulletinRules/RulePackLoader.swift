import BulletinCore
import Yams

/// Reads a rule pack from YAML text and checks it, reporting the first fault with its line.
///
/// The loader composes the YAML into nodes (Yams, libyaml's parser) and walks them, so every
/// refusal names the line of the field at fault. Unknown fields are refused too: a misspelt
/// `exclusion:` would otherwise silently do nothing.
public enum RulePackLoader {
    static let topFields: Set<String> = [
        "name", "version", "description", "keys", "subjects", "boundaries",
        "subset_modifiers", "direct_subset_modifiers", "words", "fixtures",
    ]
    static let subjectFields: Set<String> = [
        "name", "cues", "traditional", "key", "unit", "measure_words", "variants",
        "exclusions", "levels", "record_subject",
    ]
    static let fixtureFields: Set<String> = ["text", "expect"]
    static let expectFields: Set<String> = ["key", "value", "status", "period", "level", "region"]

    /// Parses `yaml`, naming `file` in errors and recording `source` as the pack's origin.
    public static func load(yaml: String, file: String, source: String? = nil) throws(RulePackError) -> RulePack {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw RulePackError(.syntax, file: file, line: Self.line(of: error), "not YAML: \(Self.problem(of: error))")
        } catch {
            throw RulePackError(.syntax, file: file, line: 0, "not YAML")
        }
        guard let root, let top = root.mapping else {
            throw RulePackError(.schema, file: file, line: root?.mark?.line ?? 0, "a rule pack is a mapping of fields")
        }
        var reader = NodeReader(file: file)
        try reader.refuseUnknown(top, allowed: topFields, what: "rule pack")
        let name = try reader.string(top, "name", required: true)!
        guard Self.isName(name) else {
            throw reader.fail(top["name"], "name: expected lowercase letters, digits and _ (got \"\(name)\")")
        }
        let version = try reader.string(top, "version", required: true)!
        guard Self.isVersion(version) else {
            throw reader.fail(top["version"], "version: expected a semantic version such as 1.0.0 (got \"\(version)\")")
        }
        var pack = RulePack(
            name: name,
            version: version,
            description: try reader.string(top, "description", required: false) ?? "",
            source: source ?? file,
            keys: [],
            subjects: [],
            boundaries: try reader.words(top, "boundaries"),
            subsetModifiers: try reader.words(top, "subset_modifiers"),
            directSubsetModifiers: try reader.words(top, "direct_subset_modifiers"),
            words: [:],
            fixtures: []
        )
        if let w = top["words"] {
            guard let m = w.mapping else { throw reader.fail(w, "words: expected a mapping of named word lists") }
            for (k, v) in m {
                guard let listName = k.string else { throw reader.fail(k, "words: a list's name must be text") }
                pack.words[listName] = try reader.wordList(v, field: "words.\(listName)")
            }
        }
        pack.subjects = try SubjectReader.subjects(top, pack: name, reader: &reader)
        pack.keys = try SubjectReader.keys(top, pack: pack, reader: &reader)
        pack.fixtures = try FixtureReader.fixtures(top, pack: pack, reader: &reader)
        if pack.subjects.isEmpty { throw reader.fail(root, "subjects: a pack needs at least one subject") }
        return pack
    }

    /// Plugin names: lowercase ASCII letters, digits and `_`, starting with a letter.
    static func isName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f.value >= 97, f.value <= 122, s.unicodeScalars.count <= 40 else {
            return false
        }
        return s.unicodeScalars.allSatisfy {
            ($0.value >= 97 && $0.value <= 122) || ($0.value >= 48 && $0.value <= 57) || $0 == "_"
        }
    }

    /// `MAJOR.MINOR.PATCH`, digits only.
    static func isVersion(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3
            && parts.allSatisfy {
                !$0.isEmpty && $0.count <= 6 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber)
            }
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 0
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        case .reader(let problem, _, _, _): problem
        default: "unreadable"
        }
    }
}

/// Typed access to YAML nodes that fails with the node's line.
struct NodeReader {
    let file: String

    func fail(_ node: Node?, _ reason: String, code: RulePackError.Code = .schema) -> RulePackError {
        RulePackError(code, file: file, line: node?.mark?.line ?? 0, reason)
    }

    func refuseUnknown(_ m: Node.Mapping, allowed: Set<String>, what: String) throws(RulePackError) {
        for (k, _) in m {
            guard let s = k.string else { throw fail(k, "\(what): field names must be text") }
            if !allowed.contains(s) {
                throw fail(k, "\(what): unknown field \"\(s)\" (known: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    func string(_ m: Node.Mapping, _ field: String, required: Bool) throws(RulePackError) -> String? {
        guard let n = m[field] else {
            if required { throw RulePackError(.schema, file: file, line: m.mark?.line ?? 0, "\(field): missing") }
            return nil
        }
        guard let s = n.scalar?.string, !s.isEmpty else { throw fail(n, "\(field): expected text") }
        return s
    }

    func bool(_ m: Node.Mapping, _ field: String, default value: Bool) throws(RulePackError) -> Bool {
        guard let n = m[field] else { return value }
        switch n.scalar?.string {
        case "true"?: return true
        case "false"?: return false
        default: throw fail(n, "\(field): expected true or false")
        }
    }

    func words(_ m: Node.Mapping, _ field: String) throws(RulePackError) -> [String] {
        guard let n = m[field] else { return [] }
        return try wordList(n, field: field)
    }

    /// A list of words, each put into the matching view (Traditional → Simplified, ASCII
    /// punctuation) so that cues match whatever script the bulletin uses.
    func wordList(_ n: Node, field: String) throws(RulePackError) -> [String] {
        guard let seq = n.sequence else { throw fail(n, "\(field): expected a list of words") }
        var out: [String] = []
        for item in seq {
            guard let s = item.scalar?.string else {
                throw fail(item, "\(field): expected a word, got a list or mapping")
            }
            let w = s.trimmingBlanks
            guard !w.isEmpty, w.unicodeScalars.count <= 40, !w.unicodeScalars.contains(where: { $0 == "\n" }) else {
                throw fail(item, "\(field): a word is 1 to 40 characters on one line")
            }
            out.append(String(String.UnicodeScalarView(TextNormalizer.matchingView(Array(w.unicodeScalars)))))
        }
        return out
    }
}

extension String {
    var trimmingBlanks: String {
        let s = unicodeScalars
        guard let a = s.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let b = s.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(s[a...b])
    }
}
