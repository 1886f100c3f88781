import BulletinCore
import BulletinPlugins
import Foundation
import Testing

@Suite("Plugin fixtures")
struct PluginFixtureTests {
    static let baseKeys = ["key", "value", "unit", "approx", "status", "period", "level", "region"]

    @Test("each fixture yields exactly its expected observations", arguments: Fixture.all())
    func fixture(_ f: Fixture) throws {
        _ = try #require(PluginRegistry.builtIn.plugin(named: f.plugin), "no plugin named \(f.plugin)")
        let doc = try loadDocument(f.input)
        let got = PluginRegistry.builtIn.extract(doc, only: f.plugin, timing: nil)
        let expected = try Expectation.load(f.expected)
        var remaining = got
        for e in expected {
            let keys = Self.baseKeys + (e["subject"] != nil ? ["subject"] : [])
            let want = Expectation(json: e, keys: keys)
            if let i = remaining.firstIndex(where: { Expectation($0, keys: keys) == want }) {
                remaining.remove(at: i)
            } else {
                Issue.record("missing: \(want)\n  got: \(got.map { Expectation($0, keys: keys) })")
            }
        }
        for o in remaining { Issue.record("unexpected: \(Expectation(o, keys: Self.baseKeys)) «\(o.evidence.text)»") }
    }

    @Test func fixturesExist() {
        #expect(Fixture.all().count >= 4)
    }
}
