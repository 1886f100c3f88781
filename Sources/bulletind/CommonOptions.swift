import ArgumentParser
import DaemonSupport
import Logging
import ServiceKit

/// Options shared by the commands that talk to PostgreSQL.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "libpq conninfo string or URI (default: BULLETIND_CONNINFO, else PG* variables).",
            valueName: "conninfo"
        )
    )
    var conninfo: String?

    /// The conninfo to use; empty means libpq's defaults.
    var resolved: String { conninfo ?? Self.fromEnvironment }

    /// BULLETIND_CONNINFO, or empty (libpq's PG* defaults).
    static var fromEnvironment: String { ProcessEnvironment.current()["BULLETIND_CONNINFO"] ?? "" }
}

/// Log options.
struct LogOptions: ParsableArguments {
    init() {}

    init(logFormat: String, logLevel: String) {
        self.logFormat = logFormat
        self.logLevel = logLevel
    }

    @Option(name: .long, help: "Log format on stderr: logfmt or json.")
    var logFormat: String = "logfmt"

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    /// A logger writing to stderr in the chosen format; with timestamps unless journald adds them.
    func makeLogger(_ label: String = "bulletind") throws -> Logger {
        guard let format = StderrLogHandler.Format(rawValue: logFormat) else {
            throw ValidationError("--log-format must be logfmt or json")
        }
        guard let level = Logger.Level(rawValue: logLevel) else {
            let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--log-level must be one of: \(levels)")
        }
        let timestamps = ProcessEnvironment.current()["JOURNAL_STREAM"] == nil
        return Logger(label: label) {
            StderrLogHandler(label: $0, format: format, level: level, timestamps: timestamps)
        }
    }
}
