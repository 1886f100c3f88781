import ArgumentParser
import BulletinPlugins
import BulletinRules
import DaemonSupport
import ServiceKit

/// The operator rule-pack directory, for the commands that extract.
struct PluginOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Directory of operator rule packs (*.yaml) (default: BULLETIND_PLUGINS_DIR, else /etc/bulletind/plugins.d).",
            valueName: "dir"
        )
    )
    var pluginsDir: String?

    /// The directory: the flag, `BULLETIND_PLUGINS_DIR`, or the default.
    var resolved: String {
        pluginsDir ?? ProcessEnvironment.current()["BULLETIND_PLUGINS_DIR"] ?? DaemonSettings.defaultPluginsDir
    }

    /// The built-in plugins and the packs in ``resolved``; a bad pack exits 78 with `FILE:LINE: reason`.
    func registry() throws -> PluginRegistry { try Self.registry(directory: resolved) }

    /// The built-in plugins and the packs in `directory`; a bad pack exits 78.
    static func registry(directory: String) throws -> PluginRegistry {
        do {
            return try PluginRegistry.with(operatorPacks: try RulePackDirectory.load(directory))
        } catch let error as RulePackError {
            FileReader.stderr("bulletind: rule pack refused: \(error)\n")
            throw ExitCodes.config
        } catch let error as RegistryError {
            FileReader.stderr("bulletind: rule pack refused: \(directory): \(error)\n")
            throw ExitCodes.config
        }
    }
}
