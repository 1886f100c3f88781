import BulletinCore
import BulletinPlugins
import Foundation
import Testing

/// A plugin's stored version must move whenever its output can change, or
/// `bulletind reprocess --outdated` re-extracts nothing after an upgrade.
///
/// `plugin-outputs.json` records, per plugin, the stored version and a digest of what it yields
/// over every plugin fixture. The test fails when the output changed and the version did not
/// (bump the plugin's `version` or ``ExtractionRules/version``), and when the version moved
/// without the record being updated. `BULLETIND_UPDATE_VERSION_GUARD=1 swift test --filter
/// PluginVersionGuard` rewrites the record after a deliberate bump.
@Suite("Plugin version guard")
struct PluginVersionGuardTests {
    static let record = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "plugin-outputs.json"
    )

    struct Entry: Codable, Equatable {
        var version: String
        var digest: String
    }

    /// Every plugin's observations over every fixture, one canonical line each, hashed.
    static func current() throws -> [String: Entry] {
        let registry = PluginRegistry.builtIn
        var lines: [String: [String]] = [:]
        for f in Fixture.all() {
            let doc = try loadDocument(f.input)
            for o in registry.extract(doc) {
                let fields: [String] = [
                    f.input.lastPathComponent, o.key, o.value.description, o.unit.rawValue, o.approx.rawValue,
                    o.status.rawValue,
                    o.period.map(String.init) ?? "-", o.level?.rawValue ?? "-", o.region ?? "-", o.subject ?? "-",
                    String(o.evidence.start),
                ]
                lines[o.plugin, default: []].append(fields.joined(separator: "|"))
            }
        }
        var out: [String: Entry] = [:]
        for p in registry.plugins {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for line in (lines[p.name] ?? []).sorted() {
                for b in line.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
                h = (h ^ 0x0a) &* 0x100_0000_01b3
            }
            out[p.name] = Entry(version: p.version, digest: String(h, radix: 16))
        }
        return out
    }

    @Test func outputChangesMoveTheStoredVersion() throws {
        let now = try Self.current()
        if ProcessInfo.processInfo.environment["BULLETIND_UPDATE_VERSION_GUARD"] == "1" {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(now).write(to: Self.record)
            return
        }
        let recorded = try JSONDecoder().decode([String: Entry].self, from: Data(contentsOf: Self.record))
        for (plugin, entry) in now.sorted(by: { $0.key < $1.key }) {
            guard let old = recorded[plugin] else {
                Issue.record("\(plugin) is not in plugin-outputs.json: run with BULLETIND_UPDATE_VERSION_GUARD=1")
                continue
            }
            if old.digest != entry.digest && old.version == entry.version {
                Issue.record(
                    """
                    \(plugin)'s output on the fixtures changed but its stored version \(entry.version) did not: bump the \
                    plugin's version (or ExtractionRules.version for a core change), then update plugin-outputs.json
                    """
                )
            } else if old != entry {
                Issue.record(
                    "\(plugin) moved to \(entry.version): update plugin-outputs.json (BULLETIND_UPDATE_VERSION_GUARD=1)"
                )
            }
        }
    }
}
