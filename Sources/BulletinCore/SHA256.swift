/// SHA-256 (FIPS 180-4), used for the documents' idempotency key.
///
/// A small self-contained implementation keeps the build free of a crypto package; it is
/// checked against the standard test vectors.
public enum SHA256 {

    /// The digest of `bytes`. Whole blocks are read in place; only the padded tail is copied.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
            (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
        let full = bytes.count / 64 * 64
        do {
            bytes.withUnsafeBufferPointer { m in
                var chunk = 0
                while chunk < full { compress(&h, m.baseAddress! + chunk); chunk += 64 }
            }
            var tail = Array(bytes[full...])
            tail.append(0x80)
            while tail.count % 64 != 56 { tail.append(0) }
            let bitLength = UInt64(bytes.count) &* 8
            for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
            tail.withUnsafeBufferPointer { t in
                var chunk = 0
                while chunk < t.count { compress(&h, t.baseAddress! + chunk); chunk += 64 }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for v in [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] {
            for s in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) }
        }
        return out
    }

    /// One 64-byte block, fully unrolled over a 16-word rolling message schedule (no arrays,
    /// no bounds checks: about twice the speed of the loop form).
    @inline(__always)
    private static func compress(_ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
                                 _ p: UnsafePointer<UInt8>) {
        let raw = UnsafeRawPointer(p)
        var w0 = raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self).bigEndian
        var w1 = raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self).bigEndian
        var w2 = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self).bigEndian
        var w3 = raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self).bigEndian
        var w4 = raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self).bigEndian
        var w5 = raw.loadUnaligned(fromByteOffset: 20, as: UInt32.self).bigEndian
        var w6 = raw.loadUnaligned(fromByteOffset: 24, as: UInt32.self).bigEndian
        var w7 = raw.loadUnaligned(fromByteOffset: 28, as: UInt32.self).bigEndian
        var w8 = raw.loadUnaligned(fromByteOffset: 32, as: UInt32.self).bigEndian
        var w9 = raw.loadUnaligned(fromByteOffset: 36, as: UInt32.self).bigEndian
        var w10 = raw.loadUnaligned(fromByteOffset: 40, as: UInt32.self).bigEndian
        var w11 = raw.loadUnaligned(fromByteOffset: 44, as: UInt32.self).bigEndian
        var w12 = raw.loadUnaligned(fromByteOffset: 48, as: UInt32.self).bigEndian
        var w13 = raw.loadUnaligned(fromByteOffset: 52, as: UInt32.self).bigEndian
        var w14 = raw.loadUnaligned(fromByteOffset: 56, as: UInt32.self).bigEndian
        var w15 = raw.loadUnaligned(fromByteOffset: 60, as: UInt32.self).bigEndian
        var (a, b, c, d, e, f, g, hh) = h
        round(a, b, c, &d, e, f, g, &hh, 0x428a2f98 &+ w0)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0x71374491 &+ w1)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0xb5c0fbcf &+ w2)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0xe9b5dba5 &+ w3)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0x3956c25b &+ w4)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0x59f111f1 &+ w5)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0x923f82a4 &+ w6)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0xab1c5ed5 &+ w7)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0xd807aa98 &+ w8)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0x12835b01 &+ w9)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0x243185be &+ w10)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0x550c7dc3 &+ w11)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0x72be5d74 &+ w12)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0x80deb1fe &+ w13)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0x9bdc06a7 &+ w14)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        round(a, b, c, &d, e, f, g, &hh, 0xc19bf174 &+ w15)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
        round(a, b, c, &d, e, f, g, &hh, 0xe49b69c1 &+ w0)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
        round(a, b, c, &d, e, f, g, &hh, 0xefbe4786 &+ w1)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
        round(a, b, c, &d, e, f, g, &hh, 0x0fc19dc6 &+ w2)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
        round(a, b, c, &d, e, f, g, &hh, 0x240ca1cc &+ w3)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
        round(a, b, c, &d, e, f, g, &hh, 0x2de92c6f &+ w4)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
        round(a, b, c, &d, e, f, g, &hh, 0x4a7484aa &+ w5)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
        round(a, b, c, &d, e, f, g, &hh, 0x5cb0a9dc &+ w6)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
        round(a, b, c, &d, e, f, g, &hh, 0x76f988da &+ w7)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
        round(a, b, c, &d, e, f, g, &hh, 0x983e5152 &+ w8)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
        round(a, b, c, &d, e, f, g, &hh, 0xa831c66d &+ w9)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
        round(a, b, c, &d, e, f, g, &hh, 0xb00327c8 &+ w10)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
        round(a, b, c, &d, e, f, g, &hh, 0xbf597fc7 &+ w11)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
        round(a, b, c, &d, e, f, g, &hh, 0xc6e00bf3 &+ w12)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
        round(a, b, c, &d, e, f, g, &hh, 0xd5a79147 &+ w13)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
        round(a, b, c, &d, e, f, g, &hh, 0x06ca6351 &+ w14)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
        round(a, b, c, &d, e, f, g, &hh, 0x14292967 &+ w15)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
        round(a, b, c, &d, e, f, g, &hh, 0x27b70a85 &+ w0)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
        round(a, b, c, &d, e, f, g, &hh, 0x2e1b2138 &+ w1)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
        round(a, b, c, &d, e, f, g, &hh, 0x4d2c6dfc &+ w2)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
        round(a, b, c, &d, e, f, g, &hh, 0x53380d13 &+ w3)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
        round(a, b, c, &d, e, f, g, &hh, 0x650a7354 &+ w4)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
        round(a, b, c, &d, e, f, g, &hh, 0x766a0abb &+ w5)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
        round(a, b, c, &d, e, f, g, &hh, 0x81c2c92e &+ w6)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
        round(a, b, c, &d, e, f, g, &hh, 0x92722c85 &+ w7)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
        round(a, b, c, &d, e, f, g, &hh, 0xa2bfe8a1 &+ w8)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
        round(a, b, c, &d, e, f, g, &hh, 0xa81a664b &+ w9)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
        round(a, b, c, &d, e, f, g, &hh, 0xc24b8b70 &+ w10)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
        round(a, b, c, &d, e, f, g, &hh, 0xc76c51a3 &+ w11)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
        round(a, b, c, &d, e, f, g, &hh, 0xd192e819 &+ w12)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
        round(a, b, c, &d, e, f, g, &hh, 0xd6990624 &+ w13)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
        round(a, b, c, &d, e, f, g, &hh, 0xf40e3585 &+ w14)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
        round(a, b, c, &d, e, f, g, &hh, 0x106aa070 &+ w15)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
        round(a, b, c, &d, e, f, g, &hh, 0x19a4c116 &+ w0)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
        round(a, b, c, &d, e, f, g, &hh, 0x1e376c08 &+ w1)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
        round(a, b, c, &d, e, f, g, &hh, 0x2748774c &+ w2)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
        round(a, b, c, &d, e, f, g, &hh, 0x34b0bcb5 &+ w3)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
        round(a, b, c, &d, e, f, g, &hh, 0x391c0cb3 &+ w4)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
        round(a, b, c, &d, e, f, g, &hh, 0x4ed8aa4a &+ w5)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
        round(a, b, c, &d, e, f, g, &hh, 0x5b9cca4f &+ w6)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
        round(a, b, c, &d, e, f, g, &hh, 0x682e6ff3 &+ w7)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
        round(a, b, c, &d, e, f, g, &hh, 0x748f82ee &+ w8)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
        round(a, b, c, &d, e, f, g, &hh, 0x78a5636f &+ w9)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
        round(a, b, c, &d, e, f, g, &hh, 0x84c87814 &+ w10)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
        round(a, b, c, &d, e, f, g, &hh, 0x8cc70208 &+ w11)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
        round(a, b, c, &d, e, f, g, &hh, 0x90befffa &+ w12)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
        round(a, b, c, &d, e, f, g, &hh, 0xa4506ceb &+ w13)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
        round(a, b, c, &d, e, f, g, &hh, 0xbef9a3f7 &+ w14)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
        round(a, b, c, &d, e, f, g, &hh, 0xc67178f2 &+ w15)
        (a, b, c, d, e, f, g, hh) = (hh, a, b, c, d, e, f, g)
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
    }

    /// One round: `d += T1`, `h = T1 + T2`; the caller rotates the names.
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                              _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ kw
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        d = d &+ t1
        h = t1 &+ t2
    }

    @inline(__always) private static func sigma0(_ x: UInt32) -> UInt32 { rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3) }
    @inline(__always) private static func sigma1(_ x: UInt32) -> UInt32 { rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10) }

    /// The digest of `bytes` as 64 lower-case hex digits.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest(bytes) { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
