import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Strict byte-to-text conversion through the C library's iconv.
///
/// glibc's iconv knows GB18030, GBK, BIG5-HKSCS and UTF-16; Foundation on Linux does not
/// reliably. Conversion is strict: any invalid or incomplete sequence fails the whole text.
///
/// Conversion descriptors are pooled per charset: `iconv_open` loads the gconv module with
/// `dlopen` and `iconv_close` unloads it, which cost more than decoding a whole bulletin.
enum Iconv {
    /// Decodes `bytes` from `charset` into scalars, or `nil` if any sequence is invalid.
    ///
    /// The output is UTF-32 in host order, so no second decoding pass is needed.
    static func decode(_ bytes: some Collection<UInt8>, from charset: String) -> [Unicode.Scalar]? {
        var input = Array(bytes)
        if input.isEmpty { return [] }
        guard let cd = pool.take(charset) else { return nil }
        defer { pool.give(cd, charset) }
        _ = iconv(cd.raw, nil, nil, nil, nil)  // back to the initial shift state
        var output = [UInt32](repeating: 0, count: input.count + 4)
        let ok: Int? = input.withUnsafeMutableBufferPointer { inBuf -> Int? in
            output.withUnsafeMutableBufferPointer { outBuf -> Int? in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count * 4
                let r = iconv(cd.raw, &inPtr, &inLeft, &outPtr, &outLeft)
                if r == -1 || inLeft != 0 { return nil }
                return (outBuf.count * 4 - outLeft) / 4
            }
        }
        guard let written = ok else { return nil }
        var out = [Unicode.Scalar]()
        out.reserveCapacity(written)
        for k in 0..<written { out.append(Unicode.Scalar(output[k]) ?? "\u{FFFD}") }
        return out
    }

    /// An open descriptor; used by one thread at a time (taken from and given back to the pool).
    struct Descriptor: @unchecked Sendable {
        let raw: iconv_t
    }

    /// Idle descriptors by charset, at most `limit` each; the rest are closed.
    final class Pool: Sendable {
        private let idle = Mutex<[String: [Descriptor]]>([:])
        private let limit = 16

        func take(_ charset: String) -> Descriptor? {
            if let d = idle.withLock({ $0[charset]?.popLast() }) { return d }
            let cd = iconv_open(hostUTF32, charset)
            if cd == iconv_t(bitPattern: -1) { return nil }
            return cd.map { Descriptor(raw: $0) }
        }

        func give(_ d: Descriptor, _ charset: String) {
            let kept = idle.withLock { pool -> Bool in
                if pool[charset, default: []].count >= limit { return false }
                pool[charset, default: []].append(d)
                return true
            }
            if !kept { iconv_close(d.raw) }
        }
    }

    static let pool = Pool()

    /// UTF-32 in the machine's byte order, without a byte-order mark.
    static let hostUTF32 = UInt32(1).littleEndian == 1 ? "UTF-32LE" : "UTF-32BE"
}
