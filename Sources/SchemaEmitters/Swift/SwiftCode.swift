import SchemaLanguage

/// Small helpers for writing Swift source text.
enum SwiftCode {
    /// A Swift string literal with `text` escaped: `\\` and `"` (so `\(` and `\"""` stay text),
    /// and every control, line-separator or bidirectional character as `\u{…}`.
    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if CommentText.isUnsafe(scalar) {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The header comment lines every generated file starts with (see ``GeneratedHeader``).
    static func header(_ schema: Schema) -> [String] {
        ["// " + CommentText.oneLine(GeneratedHeader.text(for: schema))]
    }
}
