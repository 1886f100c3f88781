import Foundation
import Logging
import Testing

@testable import BulletinStore

#if canImport(Glibc)
import Glibc
#endif

/// A fresh, migrated database: its conninfo and a client connected to it.
struct TestDatabase {
    var conninfo: String
    var client: PGClient
}

/// The private PostgreSQL the test script started (PG* variables), and a fresh database per test.
enum TestPG {
    /// Database tests run when BULLETIND_TEST_PG=1 (the README's test command sets it).
    static var enabled: Bool { ProcessInfo.processInfo.environment["BULLETIND_TEST_PG"] == "1" }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let logger: Logger = {
        var l = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        l.logLevel = .critical
        return l
    }()

    /// Drops the test databases earlier runs left behind, once per test process, before this one
    /// makes any: a development server otherwise gathers hundreds, and the suite's restart after
    /// an immediate stop then spends most of a minute syncing them. A database still in use (by
    /// another test process) is left alone.
    private static let sweep: Void = {
        let admin = PGClient(conninfo: "dbname=postgres", logger: logger)
        defer { admin.close() }
        let names =
            (try? admin.runBlocking("list test databases") { c throws(DatabaseError) in
                try c.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE 'bulletind\\_t\\_%'",
                    operation: "list test databases"
                ).rows.compactMap { $0.first ?? nil }
            }) ?? []
        for name in names where name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
            _ = try? admin.runBlocking("drop test database") { c throws(DatabaseError) in
                try c.execute("DROP DATABASE IF EXISTS \(name)", operation: "drop test database")
            }
        }
    }()

    /// Creates an empty database and returns its conninfo (other settings from PG* variables).
    static func freshDatabase() throws -> String {
        sweep
        let name = "bulletind_t_\(UInt32.random(in: 0...UInt32.max))"
        let admin = PGClient(conninfo: "dbname=postgres", logger: logger)
        _ = try admin.runBlocking("create test database") { c throws(DatabaseError) in
            try c.execute("CREATE DATABASE \(name)", operation: "create database")
        }
        admin.close()
        return "dbname=\(name)"
    }

    /// A fresh, migrated database.
    static func migratedDatabase() throws -> TestDatabase {
        let conninfo = try freshDatabase()
        let client = PGClient(conninfo: conninfo, logger: logger)
        try client.runBlocking("migrate") { c throws(DatabaseError) in _ = try Migrations.apply(on: c, logger: logger) }
        return TestDatabase(conninfo: conninfo, client: client)
    }

    /// Rows in `table`. A handle whose connection died in a server restart reports that once
    /// (transient) and reconnects on the next call, so transient errors are retried a few times.
    static func count(_ db: PGClient, _ table: String) throws -> Int {
        var lastError: DatabaseError?
        for _ in 0..<6 {
            let result: Result<Int, DatabaseError> = Result { () throws(DatabaseError) -> Int in
                try db.runBlocking("count") { c throws(DatabaseError) in
                    Int(try c.execute("SELECT count(*) FROM \(table)", operation: "count").scalar ?? "-1") ?? -1
                }
            }
            switch result {
            case .success(let n): return n
            case .failure(let e):
                guard e.isTransient else { throw e }
                lastError = e
                usleep(200_000)
            }
        }
        throw lastError!
    }

    /// Runs Deploy/pg-dev.sh with `command` (restart-immediate, stop-immediate, start-again).
    /// (`system` rather than Foundation's Process: the restarted postmaster inherits Process's
    /// internal descriptors, and waitUntilExit would wait for the server to exit.)
    static func server(_ command: String) throws {
        let script = root.appendingPathComponent("Deploy/pg-dev.sh").path
        let status = system("bash '\(script)' \(command) </dev/null >/dev/null 2>&1")
        #expect(status == 0, "pg-dev.sh \(command) failed")
    }

    static func sample(_ name: String = "qinghe-2024-conference.txt") throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent("Deploy/sample/\(name)")))
    }
}
