/// Splits a schema file into tokens. Never fails: unknown characters and unterminated strings
/// become tokens the parser reports, so one run finds every problem.
public struct Lexer {
    private let bytes: [UInt8]
    private var offset = 0
    /// Problems found while lexing (unterminated strings, bad escapes).
    public private(set) var problems: [(message: String, hint: String, range: SourceRange)] = []

    /// Creates a lexer over a file's bytes.
    public init(file: SourceFile) { self.bytes = file.bytes }

    /// All tokens of the file, ending with ``TokenKind/endOfFile``.
    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            tokens.append(token)
            if token.kind == .endOfFile { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        offset + ahead < bytes.count ? bytes[offset + ahead] : nil
    }

    private func token(_ kind: TokenKind, from start: Int) -> Token {
        Token(kind: kind, text: String(decoding: bytes[start..<offset], as: UTF8.self),
              range: SourceRange(start: start, end: offset))
    }

    private mutating func next() -> Token {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0D { offset += 1 }
        let start = offset
        guard let byte = peek() else { return token(.endOfFile, from: start) }
        offset += 1
        switch byte {
        case UInt8(ascii: "\n"): return token(.newline, from: start)
        case UInt8(ascii: "{"): return token(.leftBrace, from: start)
        case UInt8(ascii: "}"): return token(.rightBrace, from: start)
        case UInt8(ascii: "("): return token(.leftParen, from: start)
        case UInt8(ascii: ")"): return token(.rightParen, from: start)
        case UInt8(ascii: "["): return token(.leftBracket, from: start)
        case UInt8(ascii: "]"): return token(.rightBracket, from: start)
        case UInt8(ascii: ","): return token(.comma, from: start)
        case UInt8(ascii: ";"): return token(.semicolon, from: start)
        case UInt8(ascii: ":"): return token(.colon, from: start)
        case UInt8(ascii: "?"): return token(.question, from: start)
        case UInt8(ascii: "="): return token(.equals, from: start)
        case UInt8(ascii: "."):
            if peek() == UInt8(ascii: ".") { offset += 1; return token(.dotDot, from: start) }
            return token(.dot, from: start)
        case UInt8(ascii: "!"):
            if peek() == UInt8(ascii: "=") { offset += 1; return token(.notEquals, from: start) }
            return token(.invalid, from: start)
        case UInt8(ascii: "<"):
            if peek() == UInt8(ascii: "=") { offset += 1; return token(.lessOrEqual, from: start) }
            return token(.less, from: start)
        case UInt8(ascii: ">"):
            if peek() == UInt8(ascii: "=") { offset += 1; return token(.greaterOrEqual, from: start) }
            return token(.greater, from: start)
        case UInt8(ascii: "-"):
            if peek() == UInt8(ascii: ">") { offset += 1; return token(.arrow, from: start) }
            if let digit = peek(), Self.isDigit(digit) { return number(from: start) }
            return token(.invalid, from: start)
        case UInt8(ascii: "/"):
            guard peek() == UInt8(ascii: "/") else { return token(.invalid, from: start) }
            let isDoc = peek(1) == UInt8(ascii: "/") && peek(2) != UInt8(ascii: "/")
            while let next = peek(), next != UInt8(ascii: "\n") {
                // No target stores NUL (PostgreSQL text cannot hold it), and docs become SQL comments.
                if next == 0 {
                    problems.append(("a comment cannot hold the NUL character", "remove it",
                                     SourceRange(start: offset, end: offset + 1)))
                }
                offset += 1
            }
            return token(isDoc ? .docComment : .comment, from: start)
        case UInt8(ascii: "\""):
            return string(from: start)
        default:
            if Self.isDigit(byte) { return number(from: start) }
            if Self.isIdentifierStart(byte) {
                while let next = peek(), Self.isIdentifierStart(next) || Self.isDigit(next) { offset += 1 }
                return token(.identifier, from: start)
            }
            // Skip the rest of a multi-byte character so it is reported once.
            while let next = peek(), next & 0xC0 == 0x80 { offset += 1 }
            return token(.invalid, from: start)
        }
    }

    private mutating func number(from start: Int) -> Token {
        while let next = peek(), Self.isDigit(next) { offset += 1 }
        if peek() == UInt8(ascii: "."), let after = peek(1), Self.isDigit(after) {
            offset += 1
            while let next = peek(), Self.isDigit(next) { offset += 1 }
            return token(.number, from: start)
        }
        if let unit = peek(), TimeSpan.unitSeconds(unit) != nil,
           !(peek(1).map { Self.isIdentifierStart($0) || Self.isDigit($0) } ?? false) {
            offset += 1
            return token(.duration, from: start)
        }
        return token(.integer, from: start)
    }

    private mutating func string(from start: Int) -> Token {
        while let next = peek() {
            if next == UInt8(ascii: "\n") { break }
            if Self.isControl(next) {
                problems.append(("a string cannot hold the control character \(TextSafety.codePoint(UInt32(next)))",
                                 "write a line break as \\n and a tab as \\t; other control characters cannot be written",
                                 SourceRange(start: offset, end: offset + 1)))
            }
            offset += 1
            if next == UInt8(ascii: "\\") { if peek() != nil && peek() != UInt8(ascii: "\n") { offset += 1 }; continue }
            if next == UInt8(ascii: "\"") { return token(.string, from: start) }
        }
        problems.append(("unterminated string", "close the string with \" on the same line",
                         SourceRange(start: start, end: offset)))
        return token(.string, from: start)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    /// An ASCII control character other than tab, written raw: it would reach generated SQL,
    /// scripts and code unseen (NUL cannot be stored by PostgreSQL at all).
    static func isControl(_ byte: UInt8) -> Bool { (byte < 0x20 && byte != 0x09) || byte == 0x7F }
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }

    /// The value of a string token: quotes removed, escapes (`\"`, `\\`, `\n`, `\t`) resolved.
    /// Unknown escapes keep their backslash so regular expressions read naturally.
    public static func unescape(_ text: String) -> String {
        var result = ""
        var escaping = false
        for character in text.dropFirst(text.hasPrefix("\"") ? 1 : 0) {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                default: result.append("\\"); result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "\"" {
                break
            } else {
                result.append(character)
            }
        }
        if escaping { result.append("\\") }
        return result
    }

    /// The source form of a string value: quoted, with `"` and `\` escaped where needed.
    public static func quote(_ value: String) -> String {
        var result = "\""
        let characters = Array(value)
        for (index, character) in characters.enumerated() {
            switch character {
            case "\\":
                // Only double a backslash that would otherwise read as a known escape.
                let next = index + 1 < characters.count ? characters[index + 1] : "\\"
                result += "nt\"\\".contains(next) ? "\\\\" : "\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
