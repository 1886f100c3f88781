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
        let merged: Logger.Metadata
        if metadata.isEmpty {
            merged = event.metadata ?? [:]
        } else if let extra = event.metadata {
            merged = metadata.merging(extra) { $1 }
        } else {
            merged = metadata
        }
        let timestamp = timestamps ? WallClock().now.iso8601 : nil
        var bytes = Self.line(
            level: event.level,
            message: event.message,
            metadata: merged,
            format: format,
            timestamp: timestamp
        )
        // One write(2) per line, so lines from several threads never interleave.
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

    /// One log line, newline included: fields in key order after `ts`, `level` and `msg`.
    ///
    /// The daemon logs a line per stored file; writing it as bytes, not by growing Strings, made
    /// the line a third as costly.
    static func line(
        level: Logger.Level,
        message: Logger.Message,
        metadata: Logger.Metadata,
        format: Format,
        timestamp: String?
    ) -> [UInt8] {
        let fields = metadata.sorted { $0.key < $1.key }
        switch format {
        case .logfmt:
            var out: [UInt8] = []
            out.reserveCapacity(160)
            if let timestamp {
                out.append(contentsOf: "ts=".utf8)
                out.append(contentsOf: timestamp.utf8)
                out.append(UInt8(ascii: " "))
            }
            out.append(contentsOf: "level=".utf8)
            out.append(contentsOf: level.rawValue.utf8)
            out.append(contentsOf: " msg=".utf8)
            appendLogfmtValue(message.description, to: &out)
            for (key, value) in fields {
                out.append(UInt8(ascii: " "))
                out.append(contentsOf: key.utf8)
                out.append(UInt8(ascii: "="))
                appendLogfmtValue(text(value), to: &out)
            }
            out.append(UInt8(ascii: "\n"))
            return out
        case .json:
            var w = JSONWriter()
            w.beginObject()
            if let timestamp { w.field("ts", timestamp) }
            w.field("level", level.rawValue)
            w.field("msg", message.description)
            for (key, value) in fields { w.field(key, text(value)) }
            w.endObject()
            return Array((w.output + "\n").utf8)
        }
    }

    /// A metadata value as text: a string as it is, anything else as swift-log prints it.
    private static func text(_ value: Logger.MetadataValue) -> String {
        if case .string(let s) = value { return s }
        return value.description
    }

    /// Appends `s` as a logfmt value: as it is, or quoted and escaped when it is empty or holds
    /// a space, `=`, `"` or a control character.
    static func appendLogfmtValue(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { utf8 in
            let needsQuotes =
                utf8.isEmpty
                || utf8.contains {
                    $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "\"") || $0 < 0x20
                }
            guard needsQuotes else {
                out.append(contentsOf: utf8)
                return
            }
            out.append(UInt8(ascii: "\""))
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
                case 0..<0x20: out.append(contentsOf: "\\u{\(String(byte, radix: 16))}".utf8)
                default: out.append(byte)  // UTF-8 bytes of other characters are all 0x20 or more
                }
            }
            out.append(UInt8(ascii: "\""))
        }
    }
}
