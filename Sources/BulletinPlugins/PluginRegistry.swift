import AwardsPlugin
import BulletinCore
import BulletinRules
import CommissionersPlugin
import EnterprisesPlugin
import FinancePlugin
import PlatformsPlugin

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

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

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
    /// Where the plugin comes from: `built-in`, or the rule pack file an operator added.
    public let source: String
    public var keys: [MetricKey] { base.keys }
    public var vocabulary: Vocabulary { base.vocabulary }
    public func extract(_ scope: ExtractionScope) -> [Observation] { base.extract(scope) }
}

/// The one explicit list of extractor plugins.
///
/// Adding a plugin: create `Plugins/NAME/` (its rule pack `NAME.yaml`, code if the pack cannot
/// say everything, README.md, fixtures/), add its target to `Package.swift`, and add it to
/// ``PluginRegistry/builtInPlugins``. Operators add rule packs without rebuilding
/// (``with(operatorPacks:)``). Names must be unique and no two plugins may claim the same cue word.
public struct PluginRegistry: Sendable {
    /// Registered plugins, in registration order.
    public let plugins: [RegisteredPlugin]
    /// Every plugin's words, merged.
    public let lexicon: Lexicon

    /// A registry of `plugins` (from `sources`, `built-in` when not given); duplicate names and
    /// cue words claimed twice are rejected.
    public init(_ plugins: [any ExtractorPlugin], sources: [String]? = nil) throws(RegistryError) {
        let sources = sources ?? Array(repeating: "built-in", count: plugins.count)
        precondition(sources.count == plugins.count, "one source per plugin")
        var seen: [String: String] = [:]
        for (p, source) in zip(plugins, sources) {
            if let first = seen[p.name] {
                throw RegistryError(.duplicateName, source == first ? p.name : "\(p.name) (\(source); also \(first))")
            }
            seen[p.name] = source
        }
        do {
            lexicon = try Lexicon(plugins: plugins.map(\.name), vocabularies: plugins.map(\.vocabulary))
        } catch {
            throw RegistryError(.clashingCue, error.description)
        }
        let suffix = "+\(ExtractionRules.version).\(lexicon.fingerprint)"
        self.plugins = zip(plugins, sources).map {
            RegisteredPlugin(base: $0, name: $0.name, version: $0.version + suffix, source: $1)
        }
    }

    /// The built-in plugins, in registration order: four written in Swift over their rule
    /// packs, and `platforms`, a rule pack alone.
    public static var builtInPlugins: [any ExtractorPlugin] {
        [EnterprisesPlugin(), FinancePlugin(), CommissionersPlugin(), AwardsPlugin(), PlatformsPlugin.make()]
    }

    /// The built-in plugins' registry.
    public static let builtIn: PluginRegistry = {
        do {
            return try PluginRegistry(builtInPlugins)
        } catch {
            preconditionFailure("built-in plugins are consistent: \(error)")
        }
    }()

    /// The built-in plugins and an operator's rule packs (``RulePackDirectory``), after them.
    public static func with(operatorPacks packs: [RulePack]) throws(RegistryError) -> PluginRegistry {
        if packs.isEmpty { return builtIn }
        let builtIns = builtInPlugins
        return try PluginRegistry(
            builtIns + packs.map { RulePackPlugin(pack: $0) },
            sources: Array(repeating: "built-in", count: builtIns.count) + packs.map(\.source)
        )
    }

    /// The plugin called `name`.
    public func plugin(named name: String) -> RegisteredPlugin? { plugins.first { $0.name == name } }

    /// Runs every plugin over `document` and returns all observations ordered by evidence start.
    /// A plugin's result never affects another's.
    public func extract(_ document: Document) -> [Observation] { extract(document, timing: nil) }

    /// Runs every plugin (or only `only`), reporting each plugin's duration in seconds to `timing`.
    public func extract(
        _ document: Document,
        only: String? = nil,
        timing: (@Sendable (String, Double) -> Void)?
    ) -> [Observation] {
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
