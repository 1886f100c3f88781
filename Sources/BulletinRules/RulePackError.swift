/// Why a rule pack was refused: the file, the line (1-based; 0 when the whole file is at fault)
/// and the reason. Its description is `FILE:LINE: reason`, the form editors and `grep -n` use.
public struct RulePackError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of fault it is.
    public enum Code: String, Sendable {
        /// The file is not YAML.
        case syntax
        /// A field is missing, unknown, or of the wrong type or value.
        case schema
        /// A key outside the pack's own namespace (`NAME.`).
        case foreignKey
        /// Two packs, or a pack and a built-in plugin, share a name.
        case duplicateName
        /// The file could not be read.
        case unreadable
    }

    public var code: Code
    /// The file as named to the loader.
    public var file: String
    /// The line of the fault, 1-based; 0 for the file as a whole.
    public var line: Int
    /// What is wrong, without the file's contents beyond the field name.
    public var reason: String

    public init(_ code: Code, file: String, line: Int, _ reason: String) {
        self.code = code
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)" }
}
