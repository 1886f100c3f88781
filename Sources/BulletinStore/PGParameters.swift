import BulletinCore

/// Statement parameters in the form libpq takes them: NUL-terminated texts in one buffer.
///
/// Array parameters (`{"a","b",NULL}`, `{1,2}`) are written straight into the buffer, escaped so
/// that any text, including quotes, backslashes, braces and SQL, arrives verbatim; no
/// intermediate String is made for them. Build it anywhere (it is `Sendable`), pass it to
/// ``PGConnection``: the pointers libpq sees exist only for the duration of the call.
public struct PGParameters: Sendable {
    private var bytes: [UInt8] = []
    /// Start of each parameter in `bytes`; -1 for SQL NULL.
    private var offsets: [Int] = []
    private var firstElement = true

    /// No parameters.
    public init() {}

    /// Text parameters; `nil` is SQL NULL.
    public init(_ texts: [String?]) {
        for t in texts { append(t) }
    }

    /// The number of parameters.
    public var count: Int { offsets.count }

    /// Makes room for `bytes` bytes of parameter text at once, so that a large document body
    /// does not leave the buffer at twice its size after growing.
    public mutating func reserveCapacity(_ bytes: Int) {
        self.bytes.reserveCapacity(self.bytes.count + bytes)
    }

    /// Appends a text parameter (`nil` is SQL NULL).
    public mutating func append(_ text: String?) {
        guard var text else {
            offsets.append(-1)
            return
        }
        offsets.append(bytes.count)
        text.withUTF8 { bytes.append(contentsOf: $0) }
        bytes.append(0)
    }

    /// Appends a parameter written as an array literal by `body` (with ``element(_:)-…``).
    public mutating func appendArray(_ body: (inout PGParameters) -> Void) {
        offsets.append(bytes.count)
        bytes.append(UInt8(ascii: "{"))
        firstElement = true
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0)
    }

    /// An array element: quoted and escaped text, or NULL.
    public mutating func element(_ text: String?) {
        separator()
        guard var text else {
            bytes.append(contentsOf: Self.null)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8 { utf8 in
            // Runs without a quote or backslash (nearly all text) are copied in one piece.
            var runStart = 0
            for k in 0..<utf8.count where utf8[k] == UInt8(ascii: "\"") || utf8[k] == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<k]))
                bytes.append(UInt8(ascii: "\\"))
                runStart = k
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// An array element: an integer, or NULL.
    public mutating func element(_ value: Int?) {
        separator()
        guard let value else {
            bytes.append(contentsOf: Self.null)
            return
        }
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var v = value.magnitude
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0
            for k in stride(from: n - 1, through: 0, by: -1) { bytes.append(d[k]) }
        }
    }

    /// An array element: an exact decimal (unquoted).
    public mutating func element(_ value: ExactDecimal) {
        separator()
        var text = value.description
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func separator() {
        if firstElement { firstElement = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    private static let null = Array("NULL".utf8)

    /// Calls `body` with one pointer per parameter (NULL for SQL NULL), valid only inside it.
    public func withPointers<R>(_ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { base in
                body(offsets.map { $0 < 0 ? nil : base.baseAddress! + $0 })
            }
        }
    }
}
