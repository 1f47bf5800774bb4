/// Unpadded base64url (RFC 4648 section 5): the alphabet that is safe in URLs, file names and
/// chat-button payloads. Decoding accepts only the canonical form (unused trailing bits zero),
/// so each byte string has exactly one token.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [UInt8: UInt32] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, UInt32($0)) })

    /// Characters of the encoding of `count` bytes.
    static func encodedLength(_ count: Int) -> Int { (count * 4 + 2) / 3 }

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(encodedLength(bytes.count))
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = bytes[start..<min(start + 3, bytes.count)]
            let bits = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for i in 0...chunk.count { out.append(alphabet[Int(bits >> (18 - 6 * UInt32(i)) & 0x3F)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `text`, or nil if it is not canonical unpadded base64url.
    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        for start in stride(from: 0, to: chars.count, by: 4) {
            let group = chars[start..<min(start + 4, chars.count)]
            var bits: UInt32 = 0
            for (i, char) in group.enumerated() {
                guard let value = values[char] else { return nil }
                bits |= value << (18 - 6 * UInt32(i))
            }
            let produced = group.count - 1
            // Bits past the last whole byte must be zero, or two texts would mean the same bytes.
            guard bits & (0xFF_FFFF >> (8 * UInt32(produced))) == 0 else { return nil }
            for i in 0..<produced { out.append(UInt8(truncatingIfNeeded: bits >> (16 - 8 * UInt32(i)))) }
        }
        return out
    }
}
