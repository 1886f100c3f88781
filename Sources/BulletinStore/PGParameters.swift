import BulletinCore

/// Statement parameters in the form libpq takes them: NUL-terminated texts in one buffer, and
/// text arrays in PostgreSQL's binary array format.
///
/// Array parameters (`{"a","b",NULL}`, `{1,2}`) are written straight into the buffer, escaped so
/// that any text, including quotes, backslashes, braces and SQL, arrives verbatim; no
/// intermediate String is made for them. Text arrays (``appendTextArray(_:)``) are sent in
/// binary: each element is its length and its bytes, so neither side scans the text for quotes
/// and backslashes (the bodies and evidence sentences are most of a batch's bytes). Build it
/// anywhere (it is `Sendable`), pass it to ``PGConnection``: the pointers libpq sees exist only
/// for the duration of the call.
public struct PGParameters: Sendable {
    private var bytes: [UInt8] = []
    /// Start of each parameter in `bytes`; -1 for SQL NULL.
    private var offsets: [Int] = []
    /// Byte length of each binary parameter; 0 for a text one (libpq reads up to its NUL).
    private var lengths: [Int32] = []
    /// 1 for each binary parameter, 0 for text.
    private var formats: [Int32] = []
    private var firstElement = true
    /// Elements written so far into the text array being appended, and whether one was NULL.
    private var textElements = 0
    private var textArrayHasNull = false

    /// PostgreSQL's type OID of `text`, the element type of the binary arrays.
    private static let textOID: Int32 = 25

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
        lengths.append(0)
        formats.append(0)
        guard var text else {
            offsets.append(-1)
            return
        }
        offsets.append(bytes.count)
        text.withUTF8 { bytes.append(contentsOf: $0) }
        bytes.append(0)
    }

    /// Appends a `text[]` parameter, in binary, whose elements `body` writes with ``text(_:)``.
    public mutating func appendTextArray(_ body: (inout PGParameters) -> Void) {
        let start = bytes.count
        offsets.append(start)
        formats.append(1)
        // Dimensions, has-NULL flag, element type, then the one dimension's size and lower bound.
        for field in [1, 0, Self.textOID, 0, 1] as [Int32] { appendInt32(field) }
        textElements = 0
        textArrayHasNull = false
        body(&self)
        if textElements == 0 {
            // The empty array has no dimensions.
            bytes.removeSubrange(start...)
            for field in [0, 0, Self.textOID] as [Int32] { appendInt32(field) }
        } else {
            setInt32(textArrayHasNull ? 1 : 0, at: start + 4)
            setInt32(Int32(textElements), at: start + 12)
        }
        lengths.append(Int32(bytes.count - start))
    }

    /// An element of the text array being appended (see ``appendTextArray(_:)``), or NULL.
    public mutating func text(_ value: String?) {
        textElements += 1
        guard var value else {
            textArrayHasNull = true
            appendInt32(-1)
            return
        }
        value.withUTF8 { utf8 in
            appendInt32(Int32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    private mutating func appendInt32(_ value: Int32) {
        let v = UInt32(bitPattern: value)
        bytes.append(UInt8(truncatingIfNeeded: v >> 24))
        bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    private mutating func setInt32(_ value: Int32, at offset: Int) {
        let v = UInt32(bitPattern: value)
        bytes[offset] = UInt8(truncatingIfNeeded: v >> 24)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: v >> 16)
        bytes[offset + 2] = UInt8(truncatingIfNeeded: v >> 8)
        bytes[offset + 3] = UInt8(truncatingIfNeeded: v)
    }

    /// Appends a parameter written as an array literal by `body` (with ``element(_:)-…``).
    public mutating func appendArray(_ body: (inout PGParameters) -> Void) {
        lengths.append(0)
        formats.append(0)
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

    /// Calls `body` with one pointer per parameter (NULL for SQL NULL), and, when a parameter is
    /// binary, the lengths and formats libpq needs (nil when all are text); valid only inside it.
    public func withPointersAndFormats<R>(_ body: ([UnsafePointer<CChar>?], [Int32]?, [Int32]?) -> R) -> R {
        let binary = formats.contains(1)
        return withPointers { pointers in body(pointers, binary ? lengths : nil, binary ? formats : nil) }
    }
}
