/// The kinds of token the lexer produces. Keywords are not token kinds: the language's keywords are
/// contextual (a field may be called `index` or `type`), so the parser reads them as identifiers.
public enum TokenKind: Sendable, Hashable {
    case identifier
    case string
    case integer
    case number
    case duration
    case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
    case comma, semicolon, colon, dot, dotDot, arrow, question
    case equals, notEquals, less, lessOrEqual, greater, greaterOrEqual
    case newline
    /// `/// text`, documentation of the declaration that follows.
    case docComment
    /// `// text`, kept by the formatter.
    case comment
    case endOfFile
    /// A character the language has no use for; the parser reports it.
    case invalid
}

/// One token: its kind, its source text and where it is.
public struct Token: Sendable, Hashable {
    /// What kind of token this is.
    public let kind: TokenKind
    /// The exact source text (for strings, with quotes; see ``Lexer/unescape(_:)``).
    public let text: String
    /// Where the token is.
    public let range: SourceRange

    /// Creates a token.
    public init(kind: TokenKind, text: String, range: SourceRange) {
        self.kind = kind
        self.text = text
        self.range = range
    }

    /// Whether this is the identifier `word` (a contextual keyword).
    public func isKeyword(_ word: String) -> Bool { kind == .identifier && text == word }
}
