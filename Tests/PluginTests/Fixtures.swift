import BulletinCore
import BulletinPlugins
import Foundation
import Testing

/// Locates the repository's folders from this file's path.
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var plugins: URL { root.appendingPathComponent("Plugins") }
    static var shared: URL { root.deletingLastPathComponent().appendingPathComponent("shared") }

    static func pluginFolders() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: plugins.path)) ?? []
        return names.sorted().map { plugins.appendingPathComponent($0) }.filter {
            var dir: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0.path, isDirectory: &dir) && dir.boolValue
        }
    }
}

/// One fixture: an input bulletin in `Plugins/NAME/fixtures/` and the observations of that
/// plugin it must yield, in `CASE.expected.jsonl`.
struct Fixture: CustomTestStringConvertible, Sendable {
    let plugin: String
    let input: URL
    let expected: URL
    var testDescription: String { "\(plugin)/\(input.lastPathComponent)" }

    static func all() -> [Fixture] {
        var out: [Fixture] = []
        for folder in Repo.pluginFolders() {
            let fx = folder.appendingPathComponent("fixtures")
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: fx.path)) ?? []).sorted()
            for f in files where (f.hasSuffix(".txt") || f.hasSuffix(".html")) && !f.hasSuffix(".expected.jsonl") {
                let stem = (f as NSString).deletingPathExtension
                out.append(
                    Fixture(
                        plugin: folder.lastPathComponent.lowercased(),
                        input: fx.appendingPathComponent(f),
                        expected: fx.appendingPathComponent(stem + ".expected.jsonl")
                    )
                )
            }
        }
        return out
    }
}

/// The fields an expectation compares; `subject` only when the expectation names it.
struct Expectation: Hashable, CustomStringConvertible {
    var fields: [String: String]

    init(json: [String: Any], keys: [String]) {
        var f: [String: String] = [:]
        for k in keys { f[k] = json[k].map { v in v is NSNull ? "null" : "\(v)" } ?? "null" }
        fields = f
    }

    init(_ o: Observation, keys: [String]) {
        let all: [String: String] = [
            "key": o.key, "value": o.value.description, "unit": o.unit.rawValue, "approx": o.approx.rawValue,
            "status": o.status.rawValue, "period": o.period.map(String.init) ?? "null",
            "level": o.level?.rawValue ?? "null",
            "region": o.region ?? "null", "subject": o.subject ?? "null",
        ]
        fields = all.filter { keys.contains($0.key) }
    }

    var description: String { fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }

    static func load(_ url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }
}

func loadDocument(_ url: URL) throws -> Document {
    let bytes = [UInt8](try Data(contentsOf: url))
    return try Document(bytes: bytes, fileName: url.lastPathComponent)
}
