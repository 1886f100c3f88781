import BulletinCore
import BulletinPlugins
import BulletinStore
import Logging

/// Re-runs plugins over stored document bodies and replaces each plugin's observations per
/// document in one transaction (the document row is locked meanwhile), so it is safe while
/// daemons run. No file is needed again: the normalized body is in `bulletin.documents`.
///
/// A stored body that this build normalizes differently (an older build stored it) is
/// renormalized first, whatever the filter: in the same transaction the row gets the new
/// body, title, date, issuer and region, and every plugin is run again and its version
/// recorded, since every plugin's evidence offsets refer to the body.
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
        /// Documents whose stored body was renormalized (and every plugin run again).
        public var renormalized = 0
        /// One line per changed (document, plugin), and per renormalized document.
        public var lines: [String] = []
    }

    /// What reprocessing one document did.
    enum DocumentResult: Sendable {
        /// The plugins ran; what each changed.
        case replaced(sha256: String, changes: [PluginChange])
        /// The stored body was normalized anew; the fields of the row that changed, and what
        /// each plugin then changed; `unloaded` have rows but are not loaded, so their offsets
        /// may no longer match the body.
        case renormalized(sha256: String, fields: [String], changes: [PluginChange], unloaded: [String])
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
        guard stored.bodyIsCanonical else { return try renormalize(stored, registry: registry, on: connection) }
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

    /// Rewrites the row of a document whose stored body this build normalizes differently and
    /// runs every plugin over the new body, inside the caller's transaction.
    private static func renormalize(
        _ stored: StoredDocuments.Locked,
        registry: PluginRegistry,
        on connection: PGConnection
    ) throws(DatabaseError) -> DocumentResult {
        let document = stored.renormalized()
        try StoredDocuments.rewriteBody(of: stored.id, with: document, on: connection)
        var fields = ["body"]
        let old = stored.storedMetadata
        if document.title != old.title { fields.append("title") }
        if document.published != old.published { fields.append("published") }
        if document.issuer != old.issuer { fields.append("issuer") }
        if document.region != old.region { fields.append("region") }
        var changes: [PluginChange] = []
        for plugin in registry.plugins {
            let observations = registry.extract(document, only: plugin.name, timing: nil)
            let change = try StoredDocuments.replaceObservations(
                of: stored.id,
                by: PluginVersion(name: plugin.name, version: plugin.version),
                with: observations,
                on: connection
            )
            changes.append(PluginChange(plugin: plugin.name, change: change))
        }
        let loaded = Set(registry.plugins.map(\.name))
        let unloaded = try StoredDocuments.plugins(of: stored.id, on: connection).filter { !loaded.contains($0) }
        return .renormalized(sha256: stored.document.sha256, fields: fields, changes: changes, unloaded: unloaded)
    }

    private func record(_ result: DocumentResult, in report: inout Report) {
        switch result {
        case .missing:
            return
        case .renormalized(let sha256, let fields, let changes, let unloaded):
            report.renormalized += 1
            report.changedDocuments += 1
            var parts: [String] = []
            for change in changes {
                report.pluginRuns += 1
                report.added += change.change.added
                report.removed += change.change.removed
                parts.append("\(change.plugin) +\(change.change.added) -\(change.change.removed)")
            }
            var line =
                "\(sha256.prefix(12)) renormalized (\(fields.joined(separator: ", "))): "
                + parts.joined(separator: ", ")
            if !unloaded.isEmpty {
                line += "; rows of plugins not loaded kept: \(unloaded.joined(separator: ", "))"
                logger.warning(
                    "renormalized a document with rows of plugins not loaded; their offsets may not match",
                    metadata: ["sha256": "\(sha256.prefix(12))", "plugins": "\(unloaded.joined(separator: ","))"]
                )
            }
            report.lines.append(line)
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
