import CCrypto

/// SHA-256 (FIPS 180-4), the documents' idempotency key, computed by libcrypto.
///
/// OpenSSL uses the CPU's SHA extensions where present: several times faster than portable
/// code, which mattered once decoding and extraction got fast (SHA-256 was 6% of the time).
/// libcrypto comes with libpq's own dependencies (libpq-dev depends on libssl-dev).
public enum SHA256 {
    /// The digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            out.withUnsafeMutableBufferPointer { md in
                EVP_Digest(input.baseAddress, input.count, md.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest fails only when the library cannot allocate a context: nothing to recover.
        precondition(ok == 1 && length == 32, "libcrypto EVP_Digest(SHA-256) failed")
        return out
    }

    /// The digest of `bytes` as 64 lower-case hex digits.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest(bytes) {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
