/// Splits a PostgreSQL script into its statements at top-level semicolons, as `psql` does,
/// so each can be sent alone: statements such as `CREATE INDEX CONCURRENTLY` refuse to run in
/// the implicit transaction of a multi-statement query string.
///
/// Semicolons inside quoted strings (`'…'`, `E'…'` with backslash escapes), quoted identifiers,
/// dollar-quoted bodies (`$$…$$`, `$fn$…$fn$`) and comments (`--`, nested `/* */`) do not split.
public enum SQLScriptStatements {
    /// The statements of `script`, in order, each without its closing semicolon; empty ones (and comments alone) left out.
    public static func split(_ script: String) -> [String] {
        let bytes = Array(script.utf8)
        var statements: [String] = []
        var start = 0
        var index = 0
        var hasCode = false  // the current statement has something besides whitespace and comments

        func isIdentifierByte(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || (byte >= 0x30 && byte <= 0x39)
                || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte >= 0x80
        }
        func at(_ position: Int) -> UInt8? { position < bytes.count ? bytes[position] : nil }
        func finish(upTo end: Int) {
            if hasCode {
                let text = String(decoding: bytes[start..<end], as: UTF8.self)
                statements.append(text.trimmingWhitespace())
            }
            start = end + 1
            hasCode = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "-") where at(index + 1) == UInt8(ascii: "-"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            case UInt8(ascii: "/") where at(index + 1) == UInt8(ascii: "*"):
                var depth = 1
                index += 2
                while index < bytes.count, depth > 0 {
                    if bytes[index] == UInt8(ascii: "/"), at(index + 1) == UInt8(ascii: "*") { depth += 1; index += 2 }
                    else if bytes[index] == UInt8(ascii: "*"), at(index + 1) == UInt8(ascii: "/") { depth -= 1; index += 2 }
                    else { index += 1 }
                }
                continue
            case UInt8(ascii: "'"):
                hasCode = true
                // E'…' (and e'…') strings take backslash escapes; standard strings double quotes only.
                let escapes = index > 0 && bytes[index - 1] | 0x20 == UInt8(ascii: "e")
                    && (index < 2 || !isIdentifierByte(bytes[index - 2]))
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "'") {
                    index += escapes && bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index += 1
                continue
            case UInt8(ascii: "\""):
                hasCode = true
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
                index += 1
                continue
            case UInt8(ascii: "$") where index == 0 || !isIdentifierByte(bytes[index - 1]):
                hasCode = true
                // A dollar quote's tag: `$$` or `$name$` (a name not starting with a digit).
                var end = index + 1
                while end < bytes.count, isIdentifierByte(bytes[end]), bytes[end] != UInt8(ascii: "$") { end += 1 }
                let startsWithDigit = end > index + 1 && bytes[index + 1] >= 0x30 && bytes[index + 1] <= 0x39
                guard end < bytes.count, bytes[end] == UInt8(ascii: "$"), !startsWithDigit else {
                    index += 1
                    continue
                }
                let tag = Array(bytes[index...end])
                index = end + 1
                while index < bytes.count, !bytes[index...].starts(with: tag) { index += 1 }
                index += tag.count
                continue
            case UInt8(ascii: ";"):
                finish(upTo: index)
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                break
            default:
                hasCode = true
            }
            index += 1
        }
        finish(upTo: min(index, bytes.count))
        return statements
    }
}

private extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        var trimmed = Substring(scalars)
        while let last = trimmed.last, last == " " || last == "\n" || last == "\t" || last == "\r" { trimmed.removeLast() }
        return String(trimmed)
    }
}
