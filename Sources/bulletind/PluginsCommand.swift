import ArgumentParser
import BulletinCore
import BulletinPlugins

/// `bulletind plugins`: lists the registered extractor plugins.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List the extractor plugins, their versions and catalog keys."
    )

    @Flag(name: .long, help: "Print JSON Lines instead of text.")
    var json = false

    func run() {
        for p in PluginRegistry.builtIn.plugins {
            if json {
                var w = JSONWriter()
                w.beginObject()
                w.field("name", p.name)
                w.field("version", p.version)
                w.key("keys")
                w.beginArray()
                for k in p.keys {
                    w.beginObject()
                    w.field("key", k.name)
                    w.field("unit", k.unit.rawValue)
                    w.endObject()
                }
                w.endArray()
                w.endObject()
                print(w.output)
            } else {
                print("\(p.name) \(p.version)")
                for k in p.keys { print("  \(k.name) (\(k.unit.rawValue))") }
            }
        }
    }
}
