import Foundation

/// Operator rule packs: every `*.yaml` file of a directory, in name order.
public enum RulePackDirectory {
    /// The packs in `path`. A missing directory holds none; an unreadable one, or any file
    /// that is not a valid pack, is refused with its line.
    public static func load(_ path: String) throws(RulePackError) -> [RulePack] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return [] }
        guard isDir.boolValue else { throw RulePackError(.unreadable, file: path, line: 0, "not a directory") }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw RulePackError(.unreadable, file: path, line: 0, "cannot list the directory")
        }
        var packs: [RulePack] = []
        for name in names.sorted() where name.hasSuffix(".yaml") && !name.hasPrefix(".") {
            let file = path.hasSuffix("/") ? path + name : path + "/" + name
            guard let data = FileManager.default.contents(atPath: file) else {
                throw RulePackError(.unreadable, file: file, line: 0, "cannot read the file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RulePackError(.unreadable, file: file, line: 0, "not UTF-8 text")
            }
            let pack = try RulePackLoader.load(yaml: text, file: file)
            guard pack.isRulesOnly else {
                throw RulePackError(.schema, file: file, line: 0, "an operator pack's subjects each need key and unit")
            }
            if let other = packs.first(where: { $0.name == pack.name }) {
                throw RulePackError(
                    .duplicateName,
                    file: file,
                    line: 0,
                    "plugin name \(pack.name) is also used by \(other.source)"
                )
            }
            packs.append(pack)
        }
        return packs
    }
}
