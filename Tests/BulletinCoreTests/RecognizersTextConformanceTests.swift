import Foundation
import Testing

@testable import BulletinCore

/// The Chinese number, percent and currency cases of Microsoft Recognizers-Text
/// (`../shared/testdata/peer/recognizers-text-zh/`, MIT), run against ``NumberRecognizer``.
///
/// A case passes when the recognizer reports exactly the spec's results: the same count, and
/// for each the same start, the same end, the same value (numbers compared with a relative
/// tolerance of 1e-12, as the spec prints 15 significant digits) and, for money, the same
/// currency name and ISO code.
///
/// Our semantics differ from the suite's in one documented way, not by exception lists: the
/// suite types `六个百分点`, `七成` and `9.9折` as plain percentages; our percent model reports
/// the same span and value with `kind` `percentage_points`, `tenths` or `discount`, so that a
/// bulletin's change in points is never stored as a percent. The comparison below accepts
/// those kinds for a spec `percentage` and counts them in the report. No case is skipped:
/// `expectedFailures` lists the cases we knowingly fail, with the reason, and is empty.
@Suite("Recognizers-Text conformance")
struct RecognizersTextConformanceTests {
    static let dir: URL = {
        let env = ProcessInfo.processInfo.environment["BULLETIND_SHARED"]
        let shared =
            env.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
        return shared.appendingPathComponent("testdata/peer/recognizers-text-zh")
    }()

    static var available: Bool {
        FileManager.default.fileExists(atPath: dir.appendingPathComponent("number.jsonl").path)
    }

    /// Cases we fail on purpose, keyed by `file:index`, with the reason. Every other case must pass.
    static let expectedFailures: [String: String] = [:]

    @Test(.enabled(if: available, "../shared is absent"), arguments: NumberRecognizer.Model.allCases)
    func suite(model: NumberRecognizer.Model) throws {
        let cases = try Self.load(model.rawValue)
        #expect(cases.count > 30)
        let recognizer = NumberRecognizer()
        var passed = 0
        var viaKinds = 0
        var failures: [String] = []
        for (index, c) in cases.enumerated() {
            let input = c["input"] as! String
            let want = c["results"] as! [[String: Any]]
            let got = recognizer.recognize(input, model: model)
            let key = "\(model.rawValue):\(index)"
            if Self.same(got, want) {
                passed += 1
                if got.contains(where: { $0.kind == .percentagePoints || $0.kind == .tenths || $0.kind == .discount }) {
                    viaKinds += 1
                }
                #expect(Self.expectedFailures[key] == nil, "\(key) passes now; remove it from expectedFailures")
            } else if Self.expectedFailures[key] == nil {
                failures.append("\(key) \(input): want \(Self.describe(want)), got \(Self.describe(got, input))")
            }
        }
        let rate = Double(passed) / Double(cases.count) * 100
        print(
            "recognizers-text-zh \(model.rawValue).jsonl: \(passed)/\(cases.count) passed (\(String(format: "%.1f", rate))%)"
                + (viaKinds > 0 ? ", \(viaKinds) of them as percentage points, tenths or discounts" : "")
        )
        #expect(failures.isEmpty, "\(failures.count) cases fail:\n\(failures.joined(separator: "\n"))")
    }

    static func load(_ name: String) throws -> [[String: Any]] {
        let text = try String(contentsOf: dir.appendingPathComponent("\(name).jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    static func same(_ got: [NumberRecognizer.Match], _ want: [[String: Any]]) -> Bool {
        guard got.count == want.count else { return false }
        for (g, w) in zip(got, want) {
            guard g.start == w["start"] as? Int, g.end == (w["end"] as! Int) + 1 else { return false }
            let wantValue = (w["value"] as? String).map { Double($0.replacingOccurrences(of: "%", with: ""))! }
            switch (g.value?.doubleValue, wantValue) {
            case (nil, nil): break
            case (let a?, let b?): if abs(a - b) > 1e-12 * max(1, abs(b)) { return false }
            default: return false
            }
            if let unit = w["unit"] as? String {
                guard g.currency?.name == unit, g.currency?.iso == w["iso_currency"] as? String else { return false }
            }
            if (w["type"] as? String) == "percentage",
                ![.percent, .percentagePoints, .tenths, .discount].contains(g.kind)
            {
                return false
            }
        }
        return true
    }

    static func describe(_ want: [[String: Any]]) -> String {
        want.map { "\($0["text"]!)@\($0["start"]!)=\($0["value"] ?? "null")" }.joined(separator: ", ")
    }

    static func describe(_ got: [NumberRecognizer.Match], _ input: String) -> String {
        let s = Array(input.unicodeScalars)
        return got.map {
            "\(String(String.UnicodeScalarView(s[$0.start..<$0.end])))@\($0.start)=\($0.value?.description ?? "null")"
        }
        .joined(separator: ", ")
    }
}
