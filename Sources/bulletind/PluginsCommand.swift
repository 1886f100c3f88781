import ArgumentParser
import BulletinCore
import BulletinPlugins
import BulletinRules

/// `bulletind plugins`: lists the registered extractor plugins, or runs the rule packs' own tests.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the extractor plugins (built in or from a rule pack), their versions and catalog keys.",
        discussion: """
            With --test, run the fixtures written in every rule pack (the built-in platforms pack and the \
            operator packs in the plugins directory) and exit 1 when one fails.
            """
    )

    @Flag(name: .long, help: "Print JSON Lines instead of text.")
    var json = false

    @Flag(name: .long, help: "Run the rule packs' own fixtures instead of listing.")
    var test = false

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        let registry = try plugins.registry()
        if test { return try runFixtures(registry) }
        for p in registry.plugins {
            if json {
                var w = JSONWriter()
                w.beginObject()
                w.field("name", p.name)
                w.field("version", p.version)
                w.field("source", p.source)
                w.key("keys")
                w.beginArray()
                for k in p.keys {
                    w.beginObject()
                    w.field("key", k.name)
                    w.field("unit", k.unit.rawValue)
                    w.endObject()
                }
                w.endArray()
                w.endObject()
                print(w.output)
            } else {
                print("\(p.name) \(p.version) (\(p.source == "built-in" ? "built in" : p.source))")
                for k in p.keys { print("  \(k.name) (\(k.unit.rawValue))") }
            }
        }
    }

    /// Runs every rule pack's fixtures; prints one line per case.
    private func runFixtures(_ registry: PluginRegistry) throws {
        var failures = 0
        var cases = 0
        for p in registry.plugins {
            guard let pack = (p.base as? RulePackPlugin)?.pack else { continue }
            for f in pack.fixtures {
                cases += 1
                let doc = Document(
                    text: f.text + "\n",
                    encoding: "utf-8",
                    sha256: "",
                    byteSize: f.text.utf8.count,
                    fileName: "fixture"
                )
                let got = registry.extract(doc, only: p.name, timing: nil)
                let missing = f.expect.filter { e in !got.contains { Self.matches($0, e) } }
                let extra = got.filter { o in !f.expect.contains { Self.matches(o, $0) } }
                if missing.isEmpty && extra.isEmpty {
                    print("ok   \(pack.source):\(f.line)")
                } else {
                    failures += 1
                    print("FAIL \(pack.source):\(f.line)")
                    for e in missing { print("     missing \(e.key)=\(e.value)") }
                    for o in extra { print("     unexpected \(o.key)=\(o.value) «\(o.evidence.text)»") }
                }
            }
        }
        print("\(cases - failures) of \(cases) rule-pack fixtures pass")
        if failures > 0 { throw ExitCode(1) }
    }

    private static func matches(_ o: Observation, _ e: RulePack.Expected) -> Bool {
        o.key == e.key && o.value.description == e.value
            && (e.status.map { o.status.rawValue == $0 } ?? true) && (e.period.map { o.period == $0 } ?? true)
            && (e.level.map { o.level?.rawValue == $0 } ?? true) && (e.region.map { o.region == $0 } ?? true)
    }
}
