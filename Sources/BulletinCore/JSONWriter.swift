/// A small JSON writer that keeps key order and writes exact decimals as strings, as the
/// `extract` output contract (`output.md`) requires.
public struct JSONWriter: Sendable {
    /// The JSON text written so far.
    public private(set) var output = ""
    private var needsComma: [Bool] = []

    public init() {}

    /// Writes `{`.
    public mutating func beginObject() { separator(); output += "{"; needsComma.append(false) }
    /// Writes `}`.
    public mutating func endObject() { output += "}"; needsComma.removeLast() }
    /// Writes `[`.
    public mutating func beginArray() { separator(); output += "["; needsComma.append(false) }
    /// Writes `]`.
    public mutating func endArray() { output += "]"; needsComma.removeLast() }

    /// Writes `"name":`.
    public mutating func key(_ name: String) {
        separator()
        Self.quote(name, into: &output)
        output += ":"
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    /// Writes a string, or `null`.
    public mutating func string(_ value: String?) {
        separator()
        if let v = value { Self.quote(v, into: &output) } else { output += "null" }
    }

    /// Writes an integer, or `null`.
    public mutating func int(_ value: Int?) { separator(); output += value.map(String.init) ?? "null" }

    /// Writes `true` / `false`.
    public mutating func bool(_ value: Bool) { separator(); output += value ? "true" : "false" }

    /// `"name": "value"` (or null).
    public mutating func field(_ name: String, _ value: String?) { key(name); string(value) }
    /// `"name": 12` (or null).
    public mutating func field(_ name: String, _ value: Int?) { key(name); int(value) }

    private mutating func separator() {
        guard let last = needsComma.last else { return }
        if last { output += "," }
        needsComma[needsComma.count - 1] = true
    }

    /// Appends `s` as a JSON string literal.
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out += "\""
    }
}

extension Document {
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
