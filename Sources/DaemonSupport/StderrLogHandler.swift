import BulletinCore
import Logging
import ServiceKit

#if canImport(Glibc)
import Glibc
#endif

/// Log lines on stderr for journald: `logfmt` (default) or `json`, one line per event, no
/// timestamp (journald adds it) unless asked.
public struct StderrLogHandler: LogHandler {
    /// The line format.
    public enum Format: String, Sendable, CaseIterable {
        /// `level=info msg=stored file=a.txt`
        case logfmt
        /// `{"level":"info","msg":"stored","file":"a.txt"}`
        case json
    }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let format: Format
    private let timestamps: Bool

    /// A handler writing `format` lines at `level` and above.
    /// - Parameter timestamps: add a `ts` field (UTC, to the second). Defaults to `false`.
    public init(label: String, format: Format, level: Logger.Level, timestamps: Bool = false) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.timestamps = timestamps
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        var line = ""
        switch format {
        case .logfmt:
            if timestamps { line += "ts=\(WallClock().now.iso8601) " }
            line += "level=\(event.level.rawValue) msg=\(Self.logfmtValue("\(event.message)"))"
            for (k, v) in all.sorted(by: { $0.key < $1.key }) { line += " \(k)=\(Self.logfmtValue("\(v)"))" }
        case .json:
            var w = JSONWriter()
            w.beginObject()
            if timestamps { w.field("ts", WallClock().now.iso8601) }
            w.field("level", event.level.rawValue)
            w.field("msg", "\(event.message)")
            for (k, v) in all.sorted(by: { $0.key < $1.key }) { w.field(k, "\(v)") }
            w.endObject()
            line = w.output
        }
        line += "\n"
        // One write(2) per line, so lines from several threads never interleave.
        var bytes = Array(line.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + off, $0.count - off) }
            if n <= 0 {
                if errno == EINTR { continue }
                break
            }
            off += n
        }
    }

    static func logfmtValue(_ s: String) -> String {
        let needsQuotes =
            s.isEmpty || s.unicodeScalars.contains { $0 == " " || $0 == "=" || $0 == "\"" || $0.value < 0x20 }
        guard needsQuotes else { return s }
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if c.value < 0x20 {
                    out += "\\u{\(String(c.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
