#if canImport(Glibc)
import Glibc
#endif

/// The process environment, read once per call from `environ`.
public enum ProcessEnvironment {
    /// Every `NAME=value` pair of the environment.
    public static func current() -> [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return variables
    }
}
