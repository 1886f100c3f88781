import AwardsPlugin
import BulletinCore
import CommissionersPlugin
import EnterprisesPlugin
import FinancePlugin

/// Why a registry could not be built.
public struct RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// Two plugins have the same name.
        case duplicateName
        /// Two plugins claim the same cue word.
        case clashingCue
    }
    public var code: Code
    /// The plugin name, or the cue word and the plugins claiming it.
    public var detail: String

    public init(_ code: Code, _ detail: String) { self.code = code; self.detail = detail }

    public var description: String {
        switch code {
        case .duplicateName: "plugin name registered twice: \(detail)"
        case .clashingCue: detail
        }
    }
}

/// A plugin as registered: the plugin's own rules, stamped with the version stored with its
/// observations. That version moves whenever the plugin's output can: with the plugin's own
/// version, the core rules' version (``ExtractionRules/version``) and a digest of every
/// registered plugin's words (another plugin's new cue can end the reach of this one's).
public struct RegisteredPlugin: ExtractorPlugin {
    /// The plugin.
    public let base: any ExtractorPlugin
    public let name: String
    /// The stored version: `PLUGIN+RULES.WORDS`, e.g. `2.0.0+4.1a2b3c4d`.
    public let version: String
    public var keys: [MetricKey] { base.keys }
    public var vocabulary: Vocabulary { base.vocabulary }
    public func extract(_ scope: ExtractionScope) -> [Observation] { base.extract(scope) }
}

/// The one explicit list of extractor plugins.
///
/// Adding a plugin: create `Plugins/NAME/` (code, README.md, fixtures/), add its target to
/// `Package.swift`, and add it to ``PluginRegistry/builtIn``. Names must be unique and no two
/// plugins may claim the same cue word.
public struct PluginRegistry: Sendable {
    /// Registered plugins, in registration order.
    public let plugins: [RegisteredPlugin]
    /// Every plugin's words, merged.
    public let lexicon: Lexicon

    /// A registry of `plugins`; duplicate names and cue words claimed twice are rejected.
    public init(_ plugins: [any ExtractorPlugin]) throws(RegistryError) {
        var seen = Set<String>()
        for p in plugins where !seen.insert(p.name).inserted { throw RegistryError(.duplicateName, p.name) }
        do {
            lexicon = try Lexicon(plugins: plugins.map(\.name), vocabularies: plugins.map(\.vocabulary))
        } catch {
            throw RegistryError(.clashingCue, error.description)
        }
        let suffix = "+\(ExtractionRules.version).\(lexicon.fingerprint)"
        self.plugins = plugins.map { RegisteredPlugin(base: $0, name: $0.name, version: $0.version + suffix) }
    }

    /// The four built-in plugins.
    public static let builtIn: PluginRegistry = {
        do {
            return try PluginRegistry([EnterprisesPlugin(), FinancePlugin(), CommissionersPlugin(), AwardsPlugin()])
        } catch {
            preconditionFailure("built-in plugins are consistent: \(error)")
        }
    }()

    /// The plugin called `name`.
    public func plugin(named name: String) -> RegisteredPlugin? { plugins.first { $0.name == name } }

    /// Runs every plugin over `document` and returns all observations ordered by evidence start.
    /// A plugin's result never affects another's.
    public func extract(_ document: Document) -> [Observation] { extract(document, timing: nil) }

    /// Runs every plugin (or only `only`), reporting each plugin's duration in seconds to `timing`.
    public func extract(_ document: Document, only: String? = nil,
                        timing: (@Sendable (String, Double) -> Void)?) -> [Observation] {
        let context = ExtractionContext(document: document, lexicon: lexicon)
        var all: [Observation] = []
        for (i, p) in plugins.enumerated() where only == nil || p.name == only {
            let start = timing == nil ? nil : ContinuousClock.now
            var found = CountingRules.apply(p.extract(ExtractionScope(context: context, index: i)), context)
            for k in found.indices { found[k].pluginVersion = p.version }
            all.append(contentsOf: found)
            if let timing, let start {
                let d = ContinuousClock.now - start
                timing(p.name, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
            }
        }
        return all.sorted { ($0.evidence.start, $0.key) < ($1.evidence.start, $1.key) }
    }
}
