/// Prints `.schema` files in the canonical layout: header first, one blank line between
/// declarations, 2-space indent, field lines aligned in columns, attributes in canonical order,
/// every comment kept. Formatting is idempotent and never changes what the file means.
public enum SchemaFormatter {
    /// The canonical text of a parsed file. The tree should come from a file without syntax
    /// errors (a tree with errors lacks the statements that failed; use
    /// ``format(path:text:)`` to guard against that).
    ///
    /// A `///` comment written inside a wrapped list documents nothing; it is moved above its
    /// statement like any comment there, where it would document the statement, so
    /// ``format(path:text:)`` refuses such a file instead.
    public static func format(_ syntax: SchemaFileSyntax) -> String {
        render(syntax).text
    }

    /// The formatted text, and where `///` comments sit inside statements (see ``format(_:)``).
    static func render(_ syntax: SchemaFileSyntax) -> (text: String, misplacedDocComments: [SourceRange]) {
        var printer = FormatPrinter(file: syntax.file)
        printer.printFile(syntax)
        return (printer.output, printer.misplacedDocComments)
    }

    /// Parses and formats one file's text. `formatted` is nil, and `diagnostics` says why, when
    /// the file has syntax errors: such a file must never be rewritten, as statements that failed
    /// to parse would be lost. As a last safeguard it is also nil when the output would not parse
    /// back or would lose a comment.
    public static func format(path: String, text: String) -> (formatted: String?, diagnostics: [Diagnostic]) {
        let (tree, diagnostics) = Parser.parse(SourceFile(path: path, text: text))
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        let (formatted, misplaced) = render(tree)
        if !misplaced.isEmpty {
            let problems = misplaced.map { range in
                Diagnostic(.error, "a '///' doc comment inside a statement documents nothing",
                           hint: "make it a '//' comment or move it above the statement", in: tree.file, at: range)
            }
            return (nil, diagnostics + problems)
        }
        let (_, again) = Parser.parse(SourceFile(path: path, text: formatted))
        let lost = again.contains { $0.severity == .error } || commentLines(of: text) != commentLines(of: formatted)
        guard !lost else {
            let problem = Diagnostic(.error, "the formatter could not keep this file's meaning and comments intact",
                                     hint: "the file was left unchanged; please report it as a schemagen bug",
                                     in: tree.file, at: SourceRange(start: 0, end: 0))
            return (nil, diagnostics + [problem])
        }
        return (formatted, diagnostics)
    }

    /// Every comment of a text, normalised the way the formatter may respell it (trailing
    /// whitespace dropped, `///x` read as `/// x`), sorted: formatting may move a comment (out of
    /// a wrapped list, say) but must keep each one.
    static func commentLines(of text: String) -> [String] {
        var lexer = Lexer(file: SourceFile(path: "", text: text))
        return lexer.tokenize().compactMap { token -> String? in
            switch token.kind {
            case .comment: return token.text.trimmingTrailingWhitespace()
            case .docComment:
                let doc = Parser.docText(token.text)
                return "///" + (doc.isEmpty ? "" : " " + doc)
            default: return nil
            }
        }.sorted()
    }
}

extension String {
    /// The string without trailing spaces, tabs or carriage returns.
    func trimmingTrailingWhitespace() -> String {
        String(reversed().drop(while: { $0.isWhitespace }).reversed())
    }

    /// The string padded with spaces to `width` characters (never truncated).
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
