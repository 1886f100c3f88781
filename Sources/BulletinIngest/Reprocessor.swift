import BulletinCore
import BulletinPlugins
import BulletinStore
import Logging

/// Re-runs plugins over stored document bodies and replaces each plugin's observations per
/// document in one transaction (the document row is locked meanwhile), so it is safe while
/// daemons run. No file is needed again: the normalized body is in `bulletin.documents`.
public struct Reprocessor: Sendable {
    /// Which documents and plugins.
    public struct Filter: Sendable {
        /// Only this plugin (nil: all).
        public var plugin: String?
        /// Documents ingested on or after this day (`YYYY-MM-DD`).
        public var since: String?
        /// Only the document with this SHA-256.
        public var document: String?
        /// Only (document, plugin) pairs last processed by another version than the running one.
        public var outdatedOnly = false

        /// A filter; every part is optional.
        public init(plugin: String? = nil, since: String? = nil, document: String? = nil, outdatedOnly: Bool = false) {
            self.plugin = plugin
            self.since = since
            self.document = document
            self.outdatedOnly = outdatedOnly
        }
    }

    /// What changed.
    public struct Report: Sendable, Equatable {
        /// Documents looked at.
        public var documents = 0
        /// Plugins run over a document.
        public var pluginRuns = 0
        /// Documents whose observations changed.
        public var changedDocuments = 0
        /// Observations added.
        public var added = 0
        /// Observations removed.
        public var removed = 0
        /// Plugin runs that changed nothing.
        public var unchanged = 0
        /// One line per changed (document, plugin), and per skipped document.
        public var lines: [String] = []
    }

    /// What reprocessing one document did.
    enum DocumentResult: Sendable {
        /// The plugins ran; what each changed.
        case replaced(sha256: String, changes: [PluginChange])
        /// The stored body does not normalize to itself, so offsets would be wrong: left alone.
        case bodyMismatch(sha256: String)
        /// The document is gone.
        case missing
    }

    /// What one plugin changed in one document.
    struct PluginChange: Sendable {
        var plugin: String
        var change: StoredDocuments.Change
    }

    let client: PGClient
    let registry: PluginRegistry
    let logger: Logger

    /// A reprocessor working through `client` with the plugins of `registry`.
    public init(client: PGClient, registry: PluginRegistry, logger: Logger) {
        self.client = client
        self.registry = registry
        self.logger = logger
    }

    /// Runs the filter; returns what changed.
    public func run(_ filter: Filter) async throws(DatabaseError) -> Report {
        let plugins = registry.plugins.filter { filter.plugin == nil || $0.name == filter.plugin }
            .map { PluginVersion(name: $0.name, version: $0.version) }
        let ids = try await client.run("reprocess: select") { connection throws(DatabaseError) in
            try StoredDocuments.ids(sha256: filter.document, since: filter.since, on: connection)
        }
        var report = Report()
        for id in ids {
            report.documents += 1
            let registry = registry
            let result = try await client.run("reprocess document") { connection throws(DatabaseError) in
                try connection.transaction("reprocess") { transaction throws(DatabaseError) in
                    try Self.reprocess(id, plugins: plugins, filter: filter, registry: registry, on: transaction)
                }
            }
            record(result, in: &report)
        }
        return report
    }

    /// Re-extracts document `id` with `plugins` inside the caller's transaction.
    private static func reprocess(
        _ id: Int64,
        plugins: [PluginVersion],
        filter: Filter,
        registry: PluginRegistry,
        on connection: PGConnection
    ) throws(DatabaseError) -> DocumentResult {
        // Locking the row makes concurrent reprocessors take turns.
        guard let stored = try StoredDocuments.lock(id, on: connection) else { return .missing }
        let sha256 = stored.document.sha256
        guard stored.bodyIsCanonical else { return .bodyMismatch(sha256: sha256) }
        var changes: [PluginChange] = []
        for plugin in plugins {
            if filter.outdatedOnly, stored.pluginVersions.contains(plugin) { continue }
            let observations = registry.extract(stored.document, only: plugin.name, timing: nil)
            let change = try StoredDocuments.replaceObservations(
                of: id,
                by: plugin,
                with: observations,
                on: connection
            )
            changes.append(PluginChange(plugin: plugin.name, change: change))
        }
        return .replaced(sha256: sha256, changes: changes)
    }

    private func record(_ result: DocumentResult, in report: inout Report) {
        switch result {
        case .missing:
            return
        case .bodyMismatch(let sha256):
            logger.warning(
                "stored body does not normalize to itself; not reprocessed",
                metadata: ["sha256": "\(sha256.prefix(12))"]
            )
            report.lines.append("\(sha256.prefix(12)) skipped: stored body does not normalize to itself")
        case .replaced(let sha256, let changes):
            var changed = false
            for change in changes {
                report.pluginRuns += 1
                report.added += change.change.added
                report.removed += change.change.removed
                if change.change.added + change.change.removed > 0 {
                    changed = true
                    report.lines.append(
                        "\(sha256.prefix(12)) \(change.plugin): +\(change.change.added) -\(change.change.removed)"
                    )
                } else {
                    report.unchanged += 1
                }
            }
            if changed { report.changedDocuments += 1 }
        }
    }
}
