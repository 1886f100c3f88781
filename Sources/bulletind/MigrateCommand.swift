import ArgumentParser
import BulletinStore

/// `bulletind migrate`: applies the schema migrations.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the bulletin schema in PostgreSQL.",
        discussion: "Safe to run from several instances at once: an advisory lock serializes them."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var log: LogOptions

    func run() throws {
        let logger = try log.makeLogger()
        let client = PGClient(conninfo: database.resolved, logger: logger)
        do {
            let applied = try client.runBlocking("migrate") { connection throws(DatabaseError) in
                try Migrations.apply(on: connection, logger: logger)
            }
            let version = try client.runBlocking("schema version") { connection throws(DatabaseError) in
                try Migrations.currentVersion(on: connection)
            }
            if applied.isEmpty {
                print("schema is up to date (version \(version))")
            } else {
                print(
                    "applied migrations \(applied.map(String.init).joined(separator: ", ")); schema version \(version)"
                )
            }
        } catch {
            logger.error("migration failed", metadata: ["error": "\(error)"])
            throw error.isTransient ? ExitCodes.unavailable : ExitCodes.software
        }
    }
}
