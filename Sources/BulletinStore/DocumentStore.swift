import BulletinCore
import ServiceLifecycle

/// Where documents and their observations are kept: PostgreSQL in production
/// (``PostgresDocumentStore``), memory in tests (``InMemoryDocumentStore``).
///
/// A store is a `Service`: its `run()` makes it ready (for PostgreSQL: waits for the server and
/// applies migrations), watches its health, and closes its connections when the service group
/// shuts it down. Put it first in the group so that it is stopped last.
///
/// Storing is idempotent: a document is keyed by the SHA-256 of its bytes, and the same bytes
/// stored again are reported as ``StoreOutcome/duplicate`` without writing anything.
public protocol DocumentStore: Service {
    /// Returns once documents can be stored.
    /// - Throws: `CancellationError` when the waiting task is cancelled first.
    func waitUntilReady() async throws

    /// Stores a batch in one transaction and returns one result per document, in order.
    ///
    /// A document the database rejects (a permanent failure) is reported for it alone and its
    /// neighbours are still stored.
    /// - Throws: a transient ``DatabaseError`` when nothing of the batch was committed and
    ///   trying again later may succeed (connection lost, server restarting, deadlock).
    func store(_ batch: DocumentBatch) async throws(DatabaseError) -> [Result<StoreOutcome, DatabaseError>]

    /// The database's health as last seen, for readiness and metrics.
    var health: StoreHealth { get }

    /// The server this store reached first, then every different server it writes to later
    /// (a promoted standby, another cluster): what the queue's reconciliation follows. One
    /// consumer only.
    var serverChanges: AsyncStream<ServerChange> { get }

    /// The hashes among `sha256s` that no stored document has.
    /// - Throws: a transient ``DatabaseError`` when the database cannot answer now.
    func missingDocuments(_ sha256s: [String]) async throws(DatabaseError) -> Set<String>
}

/// What storing one document did.
public enum StoreOutcome: Sendable, Equatable {
    /// A new document: its id and the number of observations written.
    case inserted(documentID: Int64, observations: Int)
    /// The same bytes were stored before: nothing written.
    case duplicate
}

/// A name and version of the extractor plugin that processed a document.
public struct PluginVersion: Sendable, Hashable {
    /// The plugin's name, e.g. `finance`.
    public var name: String
    /// Its semantic version, e.g. `1.0.0`.
    public var version: String

    /// The plugin `name` at `version`.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }
}

/// A document's record with the observations its plugins extracted.
public struct ExtractedDocument: Sendable {
    /// What is stored of the document (its analysis is dropped once extracted).
    public var document: DocumentRecord
    /// Its observations, in evidence order.
    public var observations: [Observation]

    /// `document` with `observations`.
    public init(document: DocumentRecord, observations: [Observation]) {
        self.document = document
        self.observations = observations
    }

    /// The record of `document` with `observations`.
    public init(document: Document, observations: [Observation]) {
        self.init(document: DocumentRecord(document), observations: observations)
    }
}

/// Documents stored together, and the plugin versions that processed them.
public struct DocumentBatch: Sendable {
    /// The documents, in the order their results are returned.
    public var documents: [ExtractedDocument]
    /// The plugins (and versions) that processed every document of the batch.
    public var pluginVersions: [PluginVersion]

    /// A batch of `documents` processed by `pluginVersions`.
    public init(documents: [ExtractedDocument], pluginVersions: [PluginVersion]) {
        self.documents = documents
        self.pluginVersions = pluginVersions
    }
}

/// Whether a store can take documents now, and why not.
public struct StoreHealth: Sendable, Equatable {
    /// False while the database does not answer.
    public var isUp: Bool
    /// Why it does not (`SQLSTATE 08006 …`); nil while up.
    public var problem: String?
    /// Connections opened after an earlier one broke.
    public var reconnects: Int

    /// A health report.
    public init(isUp: Bool, problem: String? = nil, reconnects: Int = 0) {
        self.isUp = isUp
        self.problem = problem
        self.reconnects = reconnects
    }
}

extension PluginVersion {
    /// `{"awards": "1.0.0", …}`: the versions as the JSON object stored in
    /// `documents.plugin_versions`.
    static func jsonObject(_ versions: [PluginVersion]) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        for plugin in versions { writer.field(plugin.name, plugin.version) }
        writer.endObject()
        return writer.output
    }
}
