/// Which characters schema text may carry into generated SQL, scripts, code and docs.
///
/// Emitters escape whatever they write, but a name (a table, column or index name written with
/// `named`, a database name) becomes an identifier in every target, and no target can spell
/// control characters there in a way a reader sees: such names are rejected by the checker.
public enum TextSafety {
    /// A character that may end a line somewhere (SQL, JavaScript and Swift disagree on which), is
    /// invisible control text, or reorders what a reader sees (bidirectional controls). Tab is not.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true  // line and paragraph separators: line terminators in JavaScript
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional controls
        default: false
        }
    }

    /// The first character a name may not contain (any unsafe one, tab included), or nil.
    public static func forbiddenInName(_ name: String) -> Unicode.Scalar? {
        name.unicodeScalars.first { $0 == "\t" || isUnsafe($0) }
    }

    /// `U+000A`: how diagnostics name a character.
    public static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
