import SchemaLanguage

/// Schema text made safe to place inside a line comment of any output language.
///
/// A line comment ends at a line terminator, and each language has its own: SQL at `\n` (and
/// `\r` in PostgreSQL), JavaScript also at U+2028 and U+2029, Swift at `\r`. Every character
/// that could end a comment somewhere, or that hides or reorders text on screen (control
/// characters, bidirectional overrides), is written as a visible escape instead: `\n`, `\r`,
/// `\u{202E}`. Every comment an emitter writes goes through its language's wrapper of this
/// (``SQLDialect/comment(_:)``, ``JavaScriptSyntax/comment(_:indent:)``, ``SwiftPrinter/doc(_:indent:)``,
/// ``Markdown/oneLine(_:)``).
enum CommentText {
    /// The text on one line, with every unsafe character escaped.
    static func oneLine(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default:
                if isUnsafe(scalar) {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Whether a character may end a line somewhere, is invisible control text, or reorders
    /// what a reader sees (tab is kept: it is plain spacing everywhere).
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool { TextSafety.isUnsafe(scalar) }
}
