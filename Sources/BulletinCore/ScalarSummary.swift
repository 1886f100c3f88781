/// A 256-bit summary of the scalars of a text: a word whose first or second scalar's bit is
/// clear cannot occur in it. Plugins ask these questions thousands of times per document; most
/// words are absent, and the summary answers those without a scan. (64 bits of first scalars
/// alone were mostly set for a sentence's `before`: its scans were a tenth of all cue tests.)
public struct ScalarSummary: Sendable {
    private var bits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The summary of no text.
    public init() {}

    public init(_ s: ScalarString) { add(s.unicodeScalars) }

    /// Adds the scalars of `scalars` (a summary of a longer text grown piece by piece is the
    /// summary of the whole: a sentence's prefixes up to each figure are summarised in one pass).
    public mutating func add(_ scalars: ArraySlice<Unicode.Scalar>) {
        // The word is chosen without a branch: a switch on two bits of CJK scalars was
        // mispredicted every other scalar (this init was ~1.7% of extraction).
        var b0 = bits.0
        var b1 = bits.1
        var b2 = bits.2
        var b3 = bits.3
        scalars.withUnsafeBufferPointer { buf in
            for c in buf {
                let v = c.value
                let bit: UInt64 = 1 << UInt64(v & 63)
                let w = (v >> 6) & 3
                b0 |= w == 0 ? bit : 0
                b1 |= w == 1 ? bit : 0
                b2 |= w == 2 ? bit : 0
                b3 |= w == 3 ? bit : 0
            }
        }
        bits = (b0, b1, b2, b3)
    }

    @inline(__always) func has(_ v: UInt32) -> Bool {
        let bit: UInt64 = 1 << UInt64(v & 63)
        switch (v >> 6) & 3 {
        case 0: return bits.0 & bit != 0
        case 1: return bits.1 & bit != 0
        case 2: return bits.2 & bit != 0
        default: return bits.3 & bit != 0
        }
    }

    /// False when `word` cannot occur in the text.
    @inline(__always) public func may(_ word: String) -> Bool {
        // The low eight bits of a scalar are read from the bytes of its UTF-8 encoding (at
        // most the last two bytes): no String decoding.
        var bytes = word.utf8.makeIterator()
        guard let first = Self.low8(&bytes) else { return true }
        guard has(first) else { return false }
        guard let second = Self.low8(&bytes) else { return true }
        return has(second)
    }

    /// The low eight bits of the next scalar of a UTF-8 stream.
    @inline(__always) static func low8(_ bytes: inout String.UTF8View.Iterator) -> UInt32? {
        guard let lead = bytes.next() else { return nil }
        if lead < 0x80 { return UInt32(lead) }
        let more = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1
        var prev = UInt32(lead)
        var last = UInt32(lead)
        for _ in 0..<more {
            prev = last
            last = UInt32(bytes.next() ?? 0)
        }
        // Bits 0–5 from the last byte, bits 6–7 from the one before it.
        return (last & 0x3F) | (prev & 0x03) << 6
    }
}
