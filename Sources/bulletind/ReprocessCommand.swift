import ArgumentParser
import BulletinCore
import BulletinIngest
import BulletinPlugins
import BulletinStore

/// `bulletind reprocess`: re-extract stored documents after a plugin upgrade.
struct ReprocessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprocess",
        abstract: "Re-run plugins over stored documents and replace their observations, document by document.",
        discussion: """
            Each document is replaced in one transaction with its row locked, so this is safe while daemons \
            run. A stored body this build normalizes differently is rewritten (body, title, date, issuer, \
            region) and every plugin run again over it, whatever the filter. Prints one line per changed \
            (document, plugin), one per renormalized document (SHA renormalized (fields): plugin +a -r, …), \
            and a summary.
            """
    )

    @Option(name: .long, help: "Only this plugin (default: all).")
    var plugin: String?

    @Option(name: .long, help: "Only documents ingested on or after this day (YYYY-MM-DD).")
    var since: String?

    @Option(name: .long, help: "Only the document with this SHA-256.")
    var document: String?

    @Flag(name: .long, help: "Only documents last processed by another version of the plugin than the running one.")
    var outdated = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var plugins: PluginOptions
    @OptionGroup var log: LogOptions

    func validate() throws {
        if let since, DateParser.parse(since) == nil { throw ValidationError("--since expects YYYY-MM-DD") }
    }

    func run() async throws {
        let registry = try plugins.registry()
        if let plugin, registry.plugin(named: plugin) == nil {
            throw ValidationError("unknown plugin \(plugin); `bulletind plugins` lists them")
        }
        let logger = try log.makeLogger()
        let client = PGClient(conninfo: database.resolved, logger: logger)
        let reprocessor = Reprocessor(client: client, registry: registry, logger: logger)
        do {
            let filter = Reprocessor.Filter(plugin: plugin, since: since, document: document, outdatedOnly: outdated)
            let report = try await reprocessor.run(filter)
            for line in report.lines { print(line) }
            print(
                "reprocessed \(report.documents) documents (\(report.pluginRuns) plugin runs): "
                    + "\(report.changedDocuments) changed, \(report.renormalized) renormalized, "
                    + "+\(report.added) -\(report.removed) observations"
            )
        } catch {
            logger.error("reprocess failed", metadata: ["error": "\(error)"])
            throw error.isTransient ? ExitCodes.unavailable : ExitCodes.software
        }
    }
}
