import BulletinCore
import BulletinPlugins
import BulletinRules
import Foundation
import Testing

/// A small valid pack, edited by the refusal cases below.
private let validPack = """
    name: widgets
    version: 1.0.0
    description: test pack
    subjects:
      - name: labs
        cues: [示范车间]
        key: widgets.labs
        unit: count
        measure_words: [个]
        variants:
          total: []
          new: [新增]
    """

@Suite("Rule packs: loading and refusals")
struct RulePackLoaderTests {
    private func refusal(_ yaml: String) -> RulePackError? {
        do {
            _ = try RulePackLoader.load(yaml: yaml, file: "t.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func aValidPackLoadsWithItsKeys() throws {
        let pack = try RulePackLoader.load(yaml: validPack, file: "t.yaml")
        #expect(pack.name == "widgets" && pack.version == "1.0.0" && pack.isRulesOnly)
        #expect(pack.keys.map(\.name) == ["widgets.labs.total", "widgets.labs.new"])
        #expect(pack.source == "t.yaml")
    }

    @Test(
        "each refusal names its line",
        arguments: [
            // (the edit, the line expected, a part of the reason)
            ("name: widgets\nversion: [1\n", 3, "not YAML"),
            ("- just\n- a list\n", 1, "mapping of fields"),
            ("name: widgets\nversion: 1.0.0\nsubjcts: []\n", 3, "unknown field \"subjcts\""),
            ("version: 1.0.0\nsubjects: []\n", 1, "name: missing"),
            ("name: Widgets!\nversion: 1.0.0\n", 1, "lowercase"),
            ("name: widgets\nversion: one\n", 2, "semantic version"),
            (
                validPack.replacingOccurrences(of: "key: widgets.labs", with: "key: finance.labs"), 7,
                "outside the pack's namespace"
            ),
            (
                validPack.replacingOccurrences(of: "unit: count", with: "unit: tonnes"), 8,
                "unit: expected count, persons or cny"
            ),
            (validPack.replacingOccurrences(of: "total: []", with: "totl: []"), 11, "unknown variant \"totl\""),
            (validPack.replacingOccurrences(of: "new: [新增]", with: "new: []"), 12, "variants.new"),
            (validPack.replacingOccurrences(of: "cues: [示范车间]", with: "cues: 示范车间"), 6, "expected a list of words"),
            (validPack.replacingOccurrences(of: "cues: [示范车间]", with: "cues: []"), 5, "at least one word"),
            (
                validPack.replacingOccurrences(
                    of: "    key: widgets.labs\n    unit: count\n",
                    with: "    unit: count\n"
                ), 7, "needs key"
            ),
            (
                validPack
                    + "\nfixtures:\n  - text: 新增示范车间3个。\n    expect:\n      - {key: widgets.other.total, value: \"3\"}\n",
                16,
                "not a key of this pack"
            ),
            (
                validPack
                    + "\nfixtures:\n  - text: 新增示范车间3个。\n    expect:\n      - {key: widgets.labs.new, value: three}\n",
                16,
                "decimal number"
            ),
        ] as [(String, Int, String)]
    )
    func refusals(_ yaml: String, _ line: Int, _ reason: String) throws {
        let error = try #require(refusal(yaml))
        #expect(error.line == line, "\(error)")
        #expect(error.reason.contains(reason), "\(error)")
        #expect(error.description.hasPrefix("t.yaml:\(line): "))
    }

    @Test func traditionalCuesMatchTheSimplifiedView() throws {
        let pack = try RulePackLoader.load(
            yaml: validPack.replacingOccurrences(
                of: "cues: [示范车间]",
                with: "cues: [示范车间]\n    traditional: [示範車間]"
            ),
            file: "t.yaml"
        )
        #expect(pack.subjects[0].cues == ["示范车间", "示范车间"])
    }
}

@Suite("Rule packs: operator packs and the platforms plugin")
struct RulePackPluginTests {
    static var deployPacks: URL { Repo.root.appendingPathComponent("Deploy/plugins.d") }

    @Test func theDeployedPatentsPackLoadsAndAddsItsKeys() throws {
        let packs = try RulePackDirectory.load(Self.deployPacks.path)
        let patents = try #require(packs.first { $0.name == "patents" })
        #expect(patents.source.hasSuffix("Deploy/plugins.d/patents.yaml"))
        let registry = try PluginRegistry.with(operatorPacks: packs)
        #expect(registry.plugins.count == PluginRegistry.builtIn.plugins.count + packs.count)
        #expect(registry.plugin(named: "patents")?.source == patents.source)
        #expect(registry.plugin(named: "finance")?.source == "built-in")
        let doc = Document(
            text: "澄川市2023年科技工作总结\n2023年，全市专利授权量5230件，同比增长12.4%，其中发明专利授权量860件。每万人发明专利拥有量达到18.6件。\n",
            encoding: "utf-8",
            sha256: "t",
            byteSize: 0,
            fileName: "t.txt"
        )
        let got = registry.extract(doc, only: "patents", timing: nil).map { "\($0.key)=\($0.value)" }
        #expect(
            got == [
                "patents.grants.total=5230", "patents.grants.growth=12.4", "patents.invention_grants.total=860",
                "patents.invention_per_10k.total=18.6",
            ]
        )
        // The built-in plugins' output does not move with the pack's words.
        let builtIn = PluginRegistry.builtIn.extract(doc).map { "\($0.key)=\($0.value)" }
        #expect(registry.extract(doc).map { "\($0.key)=\($0.value)" }.filter { !$0.hasPrefix("patents.") } == builtIn)
    }

    /// Every pack's own fixtures: the built-in platforms pack and the deployed operator packs.
    @Test func everyPacksOwnFixturesPass() throws {
        let packs = try RulePackDirectory.load(Self.deployPacks.path)
        let registry = try PluginRegistry.with(operatorPacks: packs)
        let platforms = try #require((PluginRegistry.builtIn.plugin(named: "platforms")?.base as? RulePackPlugin)?.pack)
        let all = [platforms] + packs
        #expect(all.allSatisfy { !$0.fixtures.isEmpty })
        for pack in all {
            for f in pack.fixtures {
                let doc = Document(text: f.text + "\n", encoding: "utf-8", sha256: "f", byteSize: 0, fileName: "f.txt")
                let got = registry.extract(doc, only: pack.name, timing: nil)
                for e in f.expect {
                    let hit = got.contains { o in
                        o.key == e.key && o.value.description == e.value
                            && (e.status.map { o.status.rawValue == $0 } ?? true)
                            && (e.period.map { o.period == $0 } ?? true)
                            && (e.level.map { o.level?.rawValue == $0 } ?? true)
                            && (e.region.map { o.region == $0 } ?? true)
                    }
                    #expect(
                        hit,
                        "\(pack.source):\(f.line): missing \(e.key)=\(e.value); got \(got.map { "\($0.key)=\($0.value)" })"
                    )
                }
                #expect(
                    got.count == f.expect.count,
                    "\(pack.source):\(f.line): got \(got.map { "\($0.key)=\($0.value)" })"
                )
            }
        }
    }

    @Test func aPackNamedLikeABuiltInPluginIsRefused() throws {
        let pack = try RulePackLoader.load(
            yaml: validPack.replacingOccurrences(of: "widgets", with: "finance"),
            file: "dup.yaml"
        )
        #expect(throws: RegistryError.self) { try PluginRegistry.with(operatorPacks: [pack]) }
        do {
            _ = try PluginRegistry.with(operatorPacks: [pack])
        } catch {
            #expect(error.code == .duplicateName && error.detail.contains("dup.yaml"))
        }
    }

    @Test func aPackClaimingABuiltInCueIsRefused() throws {
        let pack = try RulePackLoader.load(
            yaml: validPack.replacingOccurrences(of: "示范车间", with: "高新技术企业"),
            file: "c.yaml"
        )
        #expect(throws: RegistryError.self) { try PluginRegistry.with(operatorPacks: [pack]) }
    }

    @Test func aDirectoryRefusesDuplicatesAndPacksThatNeedCode() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "packs-\(UInt32.random(in: 0...UInt32.max))"
        )
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try RulePackDirectory.load(dir.appendingPathComponent("missing").path).isEmpty)
        try validPack.write(to: dir.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "ignored".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(try RulePackDirectory.load(dir.path).map(\.name) == ["widgets"])
        try validPack.write(to: dir.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: RulePackError.self) { try RulePackDirectory.load(dir.path) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("b.yaml"))
        try "name: bare\nversion: 1.0.0\nkeys: {bare.x: count}\nsubjects:\n  - name: x\n    cues: [示范车间甲]\n"
            .write(to: dir.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try RulePackDirectory.load(dir.path)
            Issue.record("a pack without keys on its subjects loaded")
        } catch {
            #expect(error.reason.contains("need key and unit"))
        }
    }

    @Test func builtInPacksMatchTheirPlugins() {
        for p in PluginRegistry.builtIn.plugins {
            #expect(!p.keys.isEmpty)
            #expect(p.source == "built-in")
        }
        #expect(PluginRegistry.builtIn.plugin(named: "platforms") != nil)
    }
}
