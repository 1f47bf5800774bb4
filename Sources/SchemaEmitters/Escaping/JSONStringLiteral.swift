/// A JSON string literal with every character that needs it escaped: quotes, backslashes and
/// control characters, and U+2028/U+2029 so the same text is also a safe JavaScript literal.
/// The one spelling of a string for JSON and JavaScript outputs (Mongo scripts, jsonb literals).
public enum JSONStringLiteral {
    /// `text` quoted and escaped.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        append(text, to: &result)
        return result + "\""
    }

    /// Appends `text`'s escaped characters (without the quotes) to `out`.
    public static func append(_ text: String, to out: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
