import BulletinCore
import BulletinPlugins
import Foundation
import Testing

@testable import BulletinStore

extension PostgreSQLTests {
    /// The private server's socket folder and port, from the PG* variables the test script sets.
    static var socket: (host: String, port: String) {
        let environment = ProcessInfo.processInfo.environment
        return (environment["PGHOST"] ?? "/tmp", environment["PGPORT"] ?? "5432")
    }

    /// Keyword and URI conninfos naming a server that is not there first and the real one
    /// second: libpq goes on to the one that takes writes.
    @Test func aTwoHostConninfoReachesTheServerThatTakesWrites() throws {
        let database = try TestPG.freshDatabase().replacingOccurrences(of: "dbname=", with: "")
        let (host, port) = Self.socket
        let gone = "/nonexistent-bulletind-socket-dir"
        for conninfo in [
            "host=\(gone),\(host) port=\(port),\(port) dbname=\(database) target_session_attrs=read-write",
            "postgresql:///\(database)?host=\(gone),\(host)&port=\(port),\(port)&target_session_attrs=read-write",
        ] {
            #expect(ConnectionTargets(conninfo: conninfo)?.hosts.count == 2)
            #expect(ConnectionTargets(conninfo: conninfo)?.warning == nil)
            let client = PGClient(conninfo: conninfo, logger: TestPG.logger)
            let answer = try client.runBlocking("where") { c throws(DatabaseError) in
                (
                    try c.execute("SELECT current_database(), pg_is_in_recovery()", operation: "where").rows.first,
                    c.endpoint
                )
            }
            #expect(answer.0 == [database, "f"])
            #expect(answer.1.hasPrefix("\(host):\(port)/"))
            client.close()
        }
    }

    /// A write refused because the session only reads (25006, what a standby or a demoted
    /// primary answers) is transient, and the connection is not used again: the next call
    /// connects anew and succeeds.
    @Test func aReadOnlyRefusalIsTransientAndTheNextCallReconnects() throws {
        let db = try TestPG.migratedDatabase().client
        let document = try Document(bytes: try TestPG.sample(), fileName: "a.txt")
        _ = try db.runBlocking("read only") { c throws(DatabaseError) in
            try c.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY", operation: "read only")
        }
        let refused = Result { () throws(DatabaseError) in
            try db.runBlocking("store") { c throws(DatabaseError) in
                try DocumentWriter.store(Self.extracted(document), versions: Self.versions, on: c)
            }
        }
        guard case .failure(let error) = refused else {
            Issue.record("a read-only session must refuse the write")
            return
        }
        #expect(error.sqlState == .readOnlySQLTransaction)
        #expect(error.isTransient && error.sqlState.requiresReconnect)
        let stored = try db.runBlocking("store again") { c throws(DatabaseError) in
            try DocumentWriter.store(Self.extracted(document), versions: Self.versions, on: c)
        }
        guard case .inserted = stored else {
            Issue.record("expected an insert on the new connection: \(stored)")
            return
        }
        #expect(db.reconnects.load(ordering: .relaxed) == 1)
    }

    /// The store reads its server's identity (system identifier and timeline) and reports the
    /// first server it writes to; it tells which documents a server lacks by their hashes.
    @Test func theStoreReportsItsServerAndTheDocumentsItLacks() async throws {
        let database = try TestPG.migratedDatabase()
        let store = PostgresDocumentStore(configuration: .init(conninfo: database.conninfo), logger: TestPG.logger)
        let document = try Document(bytes: try TestPG.sample(), fileName: "a.txt")
        _ = try await store.store(DocumentBatch(documents: [Self.extracted(document)], pluginVersions: Self.versions))
        let expected = try database.client.runBlocking("identity") { c throws(DatabaseError) in
            try ServerIdentity.read(on: c)
        }
        #expect(expected.timeline >= 1 && !expected.systemIdentifier.isEmpty)
        var changes = store.serverChanges.makeAsyncIterator()
        #expect(await changes.next() == ServerChange(previous: nil, current: expected))
        let absent = String(repeating: "0", count: 64)
        #expect(try await store.missingDocuments([document.sha256, absent]) == [absent])
        #expect(try await store.missingDocuments([]) == [])
    }
}
