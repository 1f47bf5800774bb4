/// Names the emitter invents for constraints, triggers, functions and roles.
enum SQLName {
    /// The longest name used in any dialect: PostgreSQL's 63 bytes, so a schema yields the same
    /// names everywhere.
    static let maxLength = 63

    /// The name itself when short enough; otherwise its head plus a stable hash of the whole, so two
    /// long names that share a head still differ and the result never depends on the run.
    /// - Parameter maxLength: a shorter limit where an engine needs one (MySQL role names: 32).
    static func limited(_ name: String, to maxLength: Int = maxLength) -> String {
        guard name.utf8.count > maxLength else { return name }
        let hash = fnv1a(name)
        let suffix = "_" + String(hash, radix: 16).leftPadded(to: 8)
        var head = ""
        for character in name where head.utf8.count + String(character).utf8.count <= maxLength - suffix.utf8.count {
            head.append(character)
        }
        return head + suffix
    }

    /// `<parts joined by _>`, limited.
    static func make(_ parts: String...) -> String { limited(parts.joined(separator: "_")) }

    /// 32-bit FNV-1a: tiny, stable across platforms and releases (unlike `Hasher`).
    private static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
