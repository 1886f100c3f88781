import ArgumentParser

/// `bulletind`: Chinese S&T bulletins from an inbox directory into PostgreSQL.
@main
struct Bulletind: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulletind",
        abstract: "Turn Chinese science-and-technology bulletins dropped in an inbox into figures in PostgreSQL.",
        discussion: """
            Database connection: --conninfo (a libpq conninfo string or postgresql:// URI), else \
            BULLETIND_CONNINFO, else libpq's own defaults (PGHOST, PGPORT, PGDATABASE, PGUSER, \
            PGPASSWORD, PGSERVICE, ~/.pgpass), exactly as psql.

            Exit status: 0 success; 64 usage error; 65 bad input data; 66 input file missing or \
            unreadable; 69 database unavailable; 70 internal error; 78 configuration error.
            """,
        version: BuildInfo.version,
        subcommands: [
            RunCommand.self, ExtractCommand.self, MigrateCommand.self, StatusCommand.self,
            ReprocessCommand.self, ReconcileCommand.self, PluginsCommand.self, QuantitiesCommand.self,
        ]
    )
}

/// The build's version.
enum BuildInfo {
    static let version = "0.1.0"
}

/// sysexits-style exit codes.
enum ExitCodes {
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let unavailable = ExitCode(69)
    static let ioError = ExitCode(74)
    static let software = ExitCode(70)
    static let config = ExitCode(78)
}
