/// A small JSON writer that keeps key order and writes exact decimals as strings, as the
/// `extract` output contract (`output.md`) requires.
public struct JSONWriter: Sendable {
    /// The JSON text written so far.
    public private(set) var output = ""
    private var needsComma: [Bool] = []

    public init() { output.reserveCapacity(2048) }

    /// Writes `{`.
    public mutating func beginObject() {
        separator()
        output += "{"
        needsComma.append(false)
    }
    /// Writes `}`.
    public mutating func endObject() {
        output += "}"
        needsComma.removeLast()
    }
    /// Writes `[`.
    public mutating func beginArray() {
        separator()
        output += "["
        needsComma.append(false)
    }
    /// Writes `]`.
    public mutating func endArray() {
        output += "]"
        needsComma.removeLast()
    }

    /// Writes `"name":`. Names are the program's own field names, which need no escape.
    public mutating func key(_ name: String) {
        separator()
        assert(!name.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }, "a JSON field name that needs escaping")
        output += "\"\(name)\":"
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    /// Writes a string, or `null`.
    public mutating func string(_ value: String?) {
        separator()
        if let v = value { Self.quote(v, into: &output) } else { output += "null" }
    }

    /// Writes an integer, or `null`.
    public mutating func int(_ value: Int?) {
        separator()
        output += value.map(String.init) ?? "null"
    }

    /// Writes `true` / `false`.
    public mutating func bool(_ value: Bool) {
        separator()
        output += value ? "true" : "false"
    }

    /// `"name": "value"` (or null).
    public mutating func field(_ name: String, _ value: String?) {
        key(name)
        string(value)
    }
    /// `"name": 12` (or null).
    public mutating func field(_ name: String, _ value: Int?) {
        key(name)
        int(value)
    }

    private mutating func separator() {
        guard let last = needsComma.last else { return }
        if last { output += "," }
        needsComma[needsComma.count - 1] = true
    }

    /// Appends `s` as a JSON string literal.
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape at all: appended whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out += s
            out += "\""
            return
        }
        // Runs that need no escape are appended whole: per-scalar appends dominate otherwise.
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            var i = 0
            func flush(_ end: Int) {
                if end > runStart {
                    out += String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<end]), as: UTF8.self)
                }
            }
            while i < bytes.count {
                let b = bytes[i]
                var escape: String?
                var width = 1
                switch b {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0..<0x20: escape = Self.unicodeEscape(UInt32(b))
                case 0xE2
                where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    // U+2028, U+2029: valid JSON, but not in JavaScript string literals.
                    escape = Self.unicodeEscape(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029)
                    width = 3
                default: break
                }
                if let e = escape {
                    flush(i)
                    out += e
                    i += width
                    runStart = i
                } else {
                    i += 1
                }
            }
            flush(bytes.count)
        }
        out += "\""
    }

    private static func unicodeEscape(_ v: UInt32) -> String {
        let hex = String(v, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}

extension DocumentRecord {
    /// One line of `bulletind extract` output (`output.md`), without the trailing newline.
    public func extractJSON(file: String, observations: [Observation]) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("file", file)
        w.field("sha256", sha256)
        w.field("encoding", encoding)
        w.field("title", title)
        w.field("published", published?.description)
        w.field("issuer", issuer)
        w.field("region", region)
        w.key("metrics")
        w.beginArray()
        for o in observations { o.writeJSON(into: &w) }
        w.endArray()
        w.endObject()
        return w.output
    }
}

extension Observation {
    /// Writes the observation as `output.md` specifies.
    public func writeJSON(into w: inout JSONWriter) {
        w.beginObject()
        w.field("plugin", plugin)
        w.field("plugin_version", pluginVersion)
        w.field("key", key)
        w.field("value", value.description)
        w.field("unit", unit.rawValue)
        w.field("approx", approx.rawValue)
        w.field("status", status.rawValue)
        w.field("period", period)
        w.field("level", level?.rawValue)
        w.field("region", region)
        w.field("subject", subject)
        w.key("evidence")
        w.beginObject()
        w.field("text", evidence.text)
        w.field("start", evidence.start)
        w.field("end", evidence.end)
        w.endObject()
        w.endObject()
    }
}
