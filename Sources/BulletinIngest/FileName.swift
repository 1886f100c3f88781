/// A directory entry's name as raw bytes: Linux names need not be UTF-8, and a name with
/// invalid bytes, newlines or quotes must still be claimed, moved and reported.
public struct FileName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name's bytes (no `/`, no NUL).
    public var bytes: [UInt8]

    /// The name with these bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The name `s` in UTF-8.
    public init(_ s: String) { self.bytes = Array(s.utf8) }

    /// The name for logs and JSON: UTF-8 where valid, `\xNN` for other bytes, control characters escaped.
    public var description: String {
        // Nearly every name is valid UTF-8 without control characters (which in UTF-8 are single
        // bytes): it is itself. This runs for every stored file's log line.
        if !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }), let s = String(validating: bytes, as: UTF8.self) {
            return s
        }
        var out = ""
        var i = 0
        while i < bytes.count {
            // decode one UTF-8 sequence if valid
            let b = bytes[i]
            let len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0
            if len > 0, i + len <= bytes.count, let s = String(validating: bytes[i..<(i + len)], as: UTF8.self) {
                for c in s.unicodeScalars {
                    if c.value < 0x20 || c.value == 0x7F {
                        out += "\\x" + hex(UInt8(c.value))
                    } else {
                        out.unicodeScalars.append(c)
                    }
                }
                i += len
            } else {
                out += "\\x" + hex(b)
                i += 1
            }
        }
        return out
    }

    private func hex(_ b: UInt8) -> String {
        let d = Array("0123456789abcdef")
        return String([d[Int(b >> 4)], d[Int(b & 15)]])
    }

    /// True for names the queue never takes: hidden files, `*.tmp`, `*.part`, editor backups.
    public var isIgnored: Bool {
        guard let first = bytes.first else { return true }
        if first == UInt8(ascii: ".") { return true }
        for suffix in [".tmp", ".part", ".swp", ".crdownload", "~"] where bytes.count >= suffix.utf8.count {
            if bytes.suffix(suffix.utf8.count).elementsEqual(suffix.utf8) { return true }
        }
        return false
    }

    /// The name with `suffix` appended.
    public func appending(_ suffix: String) -> FileName { FileName(bytes: bytes + Array(suffix.utf8)) }

    /// The name with `suffix` appended, the name cut first (at a UTF-8 character boundary) so
    /// that the result has at most `limit` bytes.
    public func appending(_ suffix: String, within limit: Int) -> FileName {
        let tail = Array(suffix.utf8)
        var keep = min(bytes.count, max(0, limit - tail.count))
        // Never cut inside a UTF-8 sequence: back up over continuation bytes.
        while keep > 0, keep < bytes.count, bytes[keep] & 0xC0 == 0x80 { keep -= 1 }
        return FileName(bytes: Array(bytes.prefix(keep)) + tail)
    }

    public static func < (a: FileName, b: FileName) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
