/// Why a configuration was refused: where (a file and line; line 0 for the environment or a
/// flag) and the reason.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, variable or flag that holds the bad setting.
    public var source: String
    /// The line in the file; 0 for the environment and flags.
    public var line: Int
    /// What is wrong, starting with the key.
    public var reason: String

    /// A refusal of `source`, `line`: `reason`.
    public init(source: String, line: Int, reason: String) {
        self.source = source
        self.line = line
        self.reason = reason
    }

    /// `FILE:LINE: reason` (or `SOURCE: reason` without a line).
    public var description: String { line > 0 ? "\(source):\(line): \(reason)" : "\(source): \(reason)" }
}
