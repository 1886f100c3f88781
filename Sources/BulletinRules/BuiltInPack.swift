/// Loads a pack compiled into a plugin (`resources: [.embedInCode("NAME.yaml")]`).
public enum BuiltInPack {
    /// The pack in `bytes`; a built-in pack that does not load is a programming error, which the
    /// plugin tests catch before it ships.
    public static func load(_ bytes: [UInt8], file: String) -> RulePack {
        do {
            return try RulePackLoader.load(yaml: String(decoding: bytes, as: UTF8.self), file: file, source: "built-in")
        } catch {
            preconditionFailure("built-in rule pack: \(error)")
        }
    }

    /// The pack's subjects must be `names`, in order: the plugin's code indexes them.
    public static func check(_ pack: RulePack, subjects names: [String]) {
        precondition(pack.subjects.map(\.name) == names, "rule pack \(pack.name): subjects must be \(names)")
    }
}
