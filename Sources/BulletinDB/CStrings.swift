/// Passes Swift strings to C as `const char * const *` for the duration of a call only.
enum CStrings {
    /// Calls `body` with pointers to NUL-terminated copies of `strings` (`nil` stays NULL).
    /// The pointers are valid only inside `body`.
    static func with<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        var buffer: [CChar] = []
        var offsets: [Int?] = []
        offsets.reserveCapacity(strings.count)
        for s in strings {
            guard let s else { offsets.append(nil); continue }
            offsets.append(buffer.count)
            var text = s
            text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { buffer.append(contentsOf: $0) }
            }
            buffer.append(0)
        }
        if buffer.isEmpty { buffer.append(0) }
        return buffer.withUnsafeBufferPointer { base in
            body(offsets.map { $0.map { base.baseAddress! + $0 } })
        }
    }
}
