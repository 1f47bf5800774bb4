/// SipHash-2-4 (Aumasson and Bernstein): a keyed 64-bit pseudorandom function built for short
/// inputs, used as the message authentication code of page tokens.
///
/// Foundation has no MAC on Linux and the package depends on nothing else; SipHash is small
/// enough to carry and, with a secret 128-bit key, makes forging a tag a 2^64 online guess.
struct SipHash24 {
    private var v0: UInt64 = 0x736f_6d65_7073_6575
    private var v1: UInt64 = 0x646f_7261_6e64_6f6d
    private var v2: UInt64 = 0x6c79_6765_6e65_7261
    private var v3: UInt64 = 0x7465_6462_7974_6573

    /// The tag of `message` under the 16-byte `key`.
    static func tag(_ message: [UInt8], key: [UInt8]) -> UInt64 {
        precondition(key.count == 16, "SipHash takes a 128-bit key")
        var state = SipHash24(k0: littleEndian(key, at: 0), k1: littleEndian(key, at: 8))
        let whole = message.count / 8 * 8
        for start in stride(from: 0, to: whole, by: 8) { state.compress(littleEndian(message, at: start)) }
        var last = UInt64(truncatingIfNeeded: message.count) << 56
        for (shift, byte) in message[whole...].enumerated() { last |= UInt64(byte) << (8 * UInt64(shift)) }
        state.compress(last)
        return state.finish()
    }

    private init(k0: UInt64, k1: UInt64) {
        v0 ^= k0; v1 ^= k1; v2 ^= k0; v3 ^= k1
    }

    private mutating func compress(_ m: UInt64) {
        v3 ^= m
        round(); round()
        v0 ^= m
    }

    private mutating func finish() -> UInt64 {
        v2 ^= 0xff
        round(); round(); round(); round()
        return v0 ^ v1 ^ v2 ^ v3
    }

    private mutating func round() {
        v0 &+= v1; v1 = rotate(v1, 13); v1 ^= v0; v0 = rotate(v0, 32)
        v2 &+= v3; v3 = rotate(v3, 16); v3 ^= v2
        v0 &+= v3; v3 = rotate(v3, 21); v3 ^= v0
        v2 &+= v1; v1 = rotate(v1, 17); v1 ^= v2; v2 = rotate(v2, 32)
    }

    private func rotate(_ x: UInt64, _ by: UInt64) -> UInt64 { x << by | x >> (64 - by) }

    private static func littleEndian(_ bytes: [UInt8], at start: Int) -> UInt64 {
        (0..<8).reduce(0) { $0 | UInt64(bytes[start + $1]) << (8 * UInt64($1)) }
    }
}
