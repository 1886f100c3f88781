import ArgumentParser
import BulletinDB

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
        let db = Database(conninfo: database.resolved, logger: logger)
        do {
            let applied = try db.runBlocking("migrate") { conn throws(DatabaseError) in try Migrations.apply(on: conn, logger: logger) }
            let version = try db.runBlocking("schema version") { conn throws(DatabaseError) in try Migrations.currentVersion(on: conn) }
            print(applied.isEmpty ? "schema is up to date (version \(version))" : "applied migrations \(applied.map(String.init).joined(separator: ", ")); schema version \(version)")
        } catch {
            logger.error("migration failed", metadata: ["error": "\(error)"])
            throw error.isTransient ? ExitCodes.unavailable : ExitCodes.software
        }
    }
}
