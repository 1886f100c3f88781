import BulletinCore
import BulletinPlugins
import BulletinRules
import Foundation
import Testing

private struct Stub: ExtractorPlugin {
    let name: String
    let version = "0.0.1"
    let keys: [MetricKey] = []
    var vocabulary = Vocabulary(subjects: [])
    func extract(_ scope: ExtractionScope) -> [Observation] { [] }
}

@Suite("Plugin registry and folder convention")
struct RegistryTests {
    @Test func duplicateNamesAreRejected() {
        #expect(throws: RegistryError(.duplicateName, "x")) {
            try PluginRegistry([Stub(name: "x"), Stub(name: "y"), Stub(name: "x")])
        }
        #expect(throws: Never.self) { try PluginRegistry([Stub(name: "x"), Stub(name: "y")]) }
    }

    @Test func aCueClaimedByTwoPluginsIsRejected() {
        let a = Stub(name: "a", vocabulary: Vocabulary(subjects: [.init("x", cues: ["专利授权量"])]))
        let b = Stub(name: "b", vocabulary: Vocabulary(subjects: [.init("y", cues: ["专利授权量", "发明专利"])]))
        #expect(throws: RegistryError.self) { try PluginRegistry([a, b]) }
        // A boundary is no claim: another plugin may end its cues' reach with the same word.
        let c = Stub(name: "c", vocabulary: Vocabulary(subjects: [.init("z", cues: ["孵化器"])], boundaries: ["专利授权量"]))
        #expect(throws: Never.self) { try PluginRegistry([a, c]) }
    }

    @Test func builtInPluginsClaimDisjointCues() {
        #expect(throws: Never.self) {
            try PluginRegistry(PluginRegistry.builtIn.plugins.map(\.base))
        }
    }

    @Test func storedVersionsFollowTheRulesAndTheWords() throws {
        let registry = PluginRegistry.builtIn
        for p in registry.plugins {
            #expect(p.version == "\(p.base.version)+\(ExtractionRules.version).\(registry.lexicon.fingerprint)")
        }
        // Another plugin's new words change every stored version: they can end this plugin's reach.
        let extra = Stub(name: "patents", vocabulary: Vocabulary(subjects: [.init("grants", cues: ["专利授权量"])]))
        let wider = try PluginRegistry(registry.plugins.map(\.base) + [extra])
        #expect(wider.plugin(named: "finance")?.version != registry.plugin(named: "finance")?.version)
    }

    @Test(
        "every Plugins/ folder is one registered plugin with its rule pack, code, README and fixtures",
        arguments: Repo.pluginFolders()
    )
    func folderConvention(_ folder: URL) throws {
        let fm = FileManager.default
        let name = folder.lastPathComponent.lowercased()
        let plugin = try #require(
            PluginRegistry.builtIn.plugin(named: name),
            "Plugins/\(folder.lastPathComponent) has no registered plugin named \(name)"
        )
        let files = try fm.contentsOfDirectory(atPath: folder.path)
        #expect(files.contains { $0.hasSuffix(".swift") }, "no Swift source")
        // Its words are a rule pack named after it, which loads and lists the plugin's keys.
        let packText = try String(contentsOf: folder.appendingPathComponent("\(name).yaml"), encoding: .utf8)
        let pack = try RulePackLoader.load(yaml: packText, file: "\(name).yaml")
        #expect(pack.name == name)
        #expect(pack.version == plugin.base.version)
        #expect(Set(pack.keys.map(\.name)) == Set(plugin.keys.map(\.name)))
        let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.count > 200, "README.md is missing or too short")
        for key in plugin.keys { #expect(readme.contains(key.name), "README does not document \(key.name)") }
        let fixtures = try fm.contentsOfDirectory(atPath: folder.appendingPathComponent("fixtures").path)
        let inputs = fixtures.filter { $0.hasSuffix(".txt") || $0.hasSuffix(".html") }
        #expect(!inputs.isEmpty, "no fixtures")
        for i in inputs {
            let stem = (i as NSString).deletingPathExtension
            #expect(fixtures.contains(stem + ".expected.jsonl"), "\(i) has no .expected.jsonl")
        }
    }

    @Test func registryMatchesFolders() {
        let folders = Set(Repo.pluginFolders().map { $0.lastPathComponent.lowercased() })
        #expect(Set(PluginRegistry.builtIn.plugins.map(\.name)) == folders)
    }

    @Test func pluginsEmitOnlyTheirKeys() throws {
        for f in Fixture.all() {
            let doc = try loadDocument(f.input)
            for p in PluginRegistry.builtIn.plugins {
                let keys = Set(p.keys.map(\.name))
                for o in PluginRegistry.builtIn.extract(doc, only: p.name, timing: nil) {
                    #expect(keys.contains(o.key), "\(p.name) emitted \(o.key)")
                    #expect(p.keys.first { $0.name == o.key }?.unit == o.unit, "\(o.key) in the wrong unit")
                }
            }
        }
    }
}

@Suite("Stored bodies reprocess to themselves")
struct BodyIdempotenceTests {
    /// `reprocess` rebuilds documents from `documents.body`; evidence offsets stay valid only if
    /// normalizing a body again gives the same body.
    @Test("body → body", arguments: Fixture.all())
    func idempotent(_ f: Fixture) throws {
        let doc = try loadDocument(f.input)
        let again = Document(
            text: doc.body,
            encoding: doc.encoding,
            sha256: doc.sha256,
            byteSize: doc.byteSize,
            fileName: doc.fileName,
            known: .init(title: doc.title, published: doc.published, issuer: doc.issuer, region: doc.region)
        )
        #expect(again.body == doc.body)
        let a = PluginRegistry.builtIn.extract(doc).map { "\($0.key)=\($0.value)@\($0.evidence.start)" }
        let b = PluginRegistry.builtIn.extract(again).map { "\($0.key)=\($0.value)@\($0.evidence.start)" }
        #expect(a == b)
    }
}
