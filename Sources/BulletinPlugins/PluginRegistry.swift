import AwardsPlugin
import BulletinCore
import CommissionersPlugin
import EnterprisesPlugin
import FinancePlugin

/// Why a registry could not be built.
public struct RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The plugin name registered twice.
    public var duplicateName: String
    public init(duplicateName: String) { self.duplicateName = duplicateName }
    public var description: String { "plugin name registered twice: \(duplicateName)" }
}

/// The one explicit list of extractor plugins.
///
/// Adding a plugin: create `Plugins/NAME/` (code, README.md, fixtures/), add its target to
/// `Package.swift`, and add it to ``PluginRegistry/builtIn``.
public struct PluginRegistry: Sendable {
    /// Registered plugins, in registration order.
    public let plugins: [any ExtractorPlugin]

    /// A registry of `plugins`; duplicate names are rejected.
    public init(_ plugins: [any ExtractorPlugin]) throws(RegistryError) {
        var seen = Set<String>()
        for p in plugins where !seen.insert(p.name).inserted { throw RegistryError(duplicateName: p.name) }
        self.plugins = plugins
    }

    /// The four built-in plugins.
    public static let builtIn: PluginRegistry = {
        do {
            return try PluginRegistry([EnterprisesPlugin(), FinancePlugin(), CommissionersPlugin(), AwardsPlugin()])
        } catch {
            preconditionFailure("built-in plugin names are unique: \(error)")
        }
    }()

    /// The plugin called `name`.
    public func plugin(named name: String) -> (any ExtractorPlugin)? { plugins.first { $0.name == name } }

    /// Runs every plugin over `document` and returns all observations ordered by evidence start.
    /// A plugin's result never affects another's.
    public func extract(_ document: Document) -> [Observation] { extract(document, timing: nil) }

    /// Runs every plugin (or only `only`), reporting each plugin's duration in seconds to `timing`.
    public func extract(_ document: Document, only: String? = nil, timing: (@Sendable (String, Double) -> Void)?) -> [Observation] {
        let context = ExtractionContext(document: document)
        var all: [Observation] = []
        for p in plugins where only == nil || p.name == only {
            if let timing {
                let start = ContinuousClock.now
                all.append(contentsOf: p.extract(from: document, context: context))
                let d = ContinuousClock.now - start
                timing(p.name, Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
            } else {
                all.append(contentsOf: p.extract(from: document, context: context))
            }
        }
        return all.sorted { ($0.evidence.start, $0.key) < ($1.evidence.start, $1.key) }
    }
}
