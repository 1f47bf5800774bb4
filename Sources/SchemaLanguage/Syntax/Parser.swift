/// Parses one schema file into a ``SchemaFileSyntax``. It never stops at the first error: a bad
/// statement is reported and skipped to the end of its line (or past its braces), and parsing goes
/// on, so one run reports everything. Every loop consumes at least one token per turn, so no input
/// can make it hang.
public struct Parser {
    var tokens: [Token]
    var index = 0
    var diagnostics: DiagnosticBag
    let file: SourceFile

    /// Creates a parser for a file.
    public init(file: SourceFile) {
        self.file = file
        var lexer = Lexer(file: file)
        self.tokens = lexer.tokenize()
        self.diagnostics = DiagnosticBag(file: file)
        for problem in lexer.problems {
            diagnostics.error(problem.message, hint: problem.hint, at: problem.range)
        }
    }

    /// Parses the whole file; returns the tree and every syntax diagnostic.
    public static func parse(_ file: SourceFile) -> (SchemaFileSyntax, [Diagnostic]) {
        var parser = Parser(file: file)
        let tree = parser.parseFile()
        return (tree, parser.diagnostics.diagnostics)
    }

    // MARK: Token access

    var current: Token { tokens[index] }
    var atEnd: Bool { current.kind == .endOfFile }

    func peek(_ ahead: Int = 1) -> Token {
        tokens[min(index + ahead, tokens.count - 1)]
    }

    /// The next token that is not a newline or comment (for decisions that span lines).
    func peekSignificant() -> Token {
        var position = index
        while position < tokens.count - 1, [.newline, .comment, .docComment].contains(tokens[position].kind) {
            position += 1
        }
        return tokens[position]
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    mutating func consume(_ kind: TokenKind) -> Token? {
        current.kind == kind ? advance() : nil
    }

    mutating func consumeKeyword(_ word: String) -> Token? {
        current.isKeyword(word) ? advance() : nil
    }

    /// Skips newlines and comments; used inside parentheses and brackets, where lines may wrap.
    mutating func skipLineBreaks() {
        while [.newline, .comment, .docComment].contains(current.kind) { advance() }
    }

    var previousEnd: Int { index > 0 ? tokens[index - 1].range.end : 0 }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfFile: return "end of file"
        case .newline: return "end of line"
        case .string: return "string \(token.text)"
        default: return "'\(token.text)'"
        }
    }

    // MARK: Errors and recovery

    /// Reports what was expected at the current token.
    /// Every error carries a hint (docs/language.md promises a `hint:` line); call sites without a
    /// specific one get a generic pointer.
    mutating func expected(_ what: String, hint: String? = nil) {
        diagnostics.error("expected \(what), found \(describe(current))",
                          hint: hint ?? "write \(what) here; docs/language.md shows every statement's form",
                          at: current.range)
    }

    mutating func expect(_ kind: TokenKind, _ what: String, hint: String? = nil) -> Token? {
        if let token = consume(kind) { return token }
        expected(what, hint: hint)
        return nil
    }

    mutating func expectName(_ what: String, hint: String? = nil) -> NameSyntax? {
        guard current.kind == .identifier else {
            expected(what, hint: hint)
            return nil
        }
        let token = advance()
        return NameSyntax(text: token.text, range: token.range)
    }

    mutating func expectKeyword(_ word: String, hint: String? = nil) -> Bool {
        if consumeKeyword(word) != nil { return true }
        expected("'\(word)'", hint: hint)
        return false
    }

    /// Reports a clause keyword (`named`, `where`, …) written a second time in one statement;
    /// the later one would otherwise silently win.
    mutating func noteRepeatedClause(_ seen: inout Set<String>) {
        guard current.kind == .identifier else { return }
        if !seen.insert(current.text).inserted {
            diagnostics.error("'\(current.text)' is given twice", hint: "keep one '\(current.text)' clause", at: current.range)
        }
    }

    /// Skips the rest of a bad statement: to the end of the line or `;`, stepping over any
    /// balanced `{ }`, `( )` or `[ ]`. Stops before a `}` that closes the enclosing block.
    mutating func skipStatement() {
        var depth = 0
        while !atEnd {
            switch current.kind {
            case .leftBrace, .leftParen, .leftBracket:
                depth += 1
            case .rightBrace, .rightParen, .rightBracket:
                if depth == 0 {
                    if current.kind == .rightBrace { return }
                    // A stray closer: step over it so the loop makes progress.
                } else {
                    depth -= 1
                }
            case .newline, .semicolon:
                if depth == 0 { return }
            default:
                break
            }
            advance()
        }
    }

    /// Ends a statement: an optional trailing `//` comment, then a line end, `;`, `}` or end of
    /// file. Anything else is reported once and skipped.
    mutating func endStatement(_ trivia: inout Trivia) {
        if current.kind != .newline, current.kind != .semicolon, current.kind != .rightBrace,
           current.kind != .comment, current.kind != .docComment, !atEnd {
            diagnostics.error("unexpected \(describe(current)) at the end of the statement",
                              hint: "put one statement per line, or separate statements with ';'",
                              at: current.range)
            skipStatement()
        }
        if current.kind == .comment || current.kind == .docComment {
            trivia.trailingComment = advance().text
        }
        if current.kind == .semicolon { advance() }
    }

    // MARK: Trivia

    /// Consumes blank lines and comments before a statement and returns them as trivia.
    mutating func collectTrivia() -> Trivia {
        var trivia = Trivia()
        var newlines = 0
        while true {
            switch current.kind {
            case .newline:
                newlines += 1
                if newlines >= 2 && trivia.doc.isEmpty && trivia.leadingComments.isEmpty {
                    trivia.blankLineBefore = true
                }
                advance()
            case .semicolon:
                advance()
            case .comment:
                // A blank line between comments and the statement detaches earlier comments' doc.
                trivia.leadingComments.append(advance().text)
                newlines = 0
            case .docComment:
                if newlines >= 2, !trivia.doc.isEmpty {
                    // Doc lines separated by a blank line from the declaration are not its doc.
                    trivia.leadingComments += trivia.doc.map { "///" + ($0.isEmpty ? "" : " " + $0) }
                    trivia.doc = []
                }
                trivia.doc.append(Self.docText(advance().text))
                newlines = 0
            default:
                return trivia
            }
        }
    }

    static func docText(_ comment: String) -> String {
        var text = comment.dropFirst(3)
        if text.first == " " { text = text.dropFirst() }
        return String(text.reversed().drop(while: { $0 == " " }).reversed())
    }

    /// Comments found before a closing brace.
    func closingComments(_ trivia: Trivia) -> [String] {
        trivia.leadingComments + trivia.doc.map { "///" + ($0.isEmpty ? "" : " " + $0) }
    }

    // MARK: Blocks

    /// Parses `{ item* }`, calling `item` for each statement with its trivia. Returns the comments
    /// before `}` and whether the block was written on one line.
    mutating func parseBlock(
        _ what: String,
        item: (inout Parser, inout Trivia) -> Void
    ) -> (closingComments: [String], isSingleLine: Bool) {
        guard let open = expect(.leftBrace, "'{' to open the \(what)") else {
            skipStatement()
            return ([], false)
        }
        while true {
            var trivia = collectTrivia()
            if let close = consume(.rightBrace) {
                let singleLine = !file.text(of: open.range.union(close.range)).contains("\n")
                return (closingComments(trivia), singleLine)
            }
            if atEnd {
                diagnostics.error("missing '}' to close the \(what)",
                                  hint: "add '}' after the last line of the \(what)", at: open.range)
                return (closingComments(trivia), false)
            }
            let before = index
            item(&self, &trivia)
            if index == before {
                // The item consumed nothing: report and step over one token to guarantee progress.
                diagnostics.error("unexpected \(describe(current)) in the \(what)",
                                  hint: "remove it, or put it inside a statement", at: current.range)
                advance()
            }
        }
    }
}
