import BulletinCore
import BulletinPlugins
import Foundation
import Testing

/// The shared development set, when `../shared` is present (it is in CI).
@Suite("Shared eval-dev set")
struct SharedEvalTests {
    static let dir = Repo.shared.appendingPathComponent("eval-dev")
    static var available: Bool { FileManager.default.fileExists(atPath: dir.appendingPathComponent("gold.jsonl").path) }

    static func gold() throws -> [[String: Any]] { try Expectation.load(dir.appendingPathComponent("gold.jsonl")) }

    @Test(.enabled(if: available, "../shared is absent"))
    func hebiYieldsExactlyItsSeventeenFigures() throws {
        let g = try #require(try Self.gold().first { ($0["file"] as? String) == "hebi-2023-conference.txt" })
        let doc = try loadDocument(Self.dir.appendingPathComponent("hebi-2023-conference.txt"))
        // The catalog's four plugins; platforms' figures are outside the gold's catalog.
        let got = PluginRegistry.builtIn.extract(doc).filter { $0.plugin != "platforms" }
        let keys = ["key", "value", "unit", "approx", "status", "period", "level"]
        let want = (g["metrics"] as! [[String: Any]]).map { Expectation(json: $0, keys: keys) }
        #expect(got.count == 17)
        #expect(Set(got.map { Expectation($0, keys: keys) }) == Set(want))
        #expect(doc.title == "鹤壁市召开2023年全市科技工作会议")
        #expect(doc.published?.description == "2023-02-21")
        #expect(doc.issuer == "鹤壁市科学技术局")
        #expect(doc.region == "鹤壁市")
    }

    @Test(.enabled(if: available, "../shared is absent"))
    func devSetScoresAtLeastTheBar() throws {
        var tp = 0
        var fp = 0
        var fn = 0
        for g in try Self.gold() {
            let doc = try loadDocument(Self.dir.appendingPathComponent(g["file"] as! String))
            var got = PluginRegistry.builtIn.extract(doc).map {
                Expectation($0, keys: ["key", "value", "unit", "status"])
            }
            for m in g["metrics"] as! [[String: Any]] {
                var e = Expectation(json: m, keys: ["key", "value", "unit", "status"])
                e.fields["value"] = ExactDecimal(e.fields["value"]!)!.description
                if let i = got.firstIndex(of: e) {
                    got.remove(at: i)
                    tp += 1
                } else {
                    fn += 1
                }
            }
            fp += got.count
        }
        let p = Double(tp) / Double(max(1, tp + fp))
        let r = Double(tp) / Double(max(1, tp + fn))
        let f1 = 2 * p * r / max(p + r, 1e-9)
        print("eval-dev: P=\(p) R=\(r) F1=\(f1) (tp=\(tp) fp=\(fp) fn=\(fn))")
        #expect(f1 >= 0.97)
    }
}
