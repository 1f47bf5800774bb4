/// Accumulates the formatted lines of one file and knows how to print comments around statements.
///
/// Comments are taken from the file's tokens rather than from ``Trivia``'s strings alone, so that
/// their exact spelling and the blank lines between them (a banner comment, a blank line, then a
/// doc comment) survive. Comments the tree does not hold at all (inside a list wrapped over lines,
/// such as `index (a, // why\n b)`) are moved above their statement so none is ever lost.
struct FormatPrinter {
    /// Longest line a block may have to stay on one line.
    static let maxWidth = 100

    let file: SourceFile
    let tokens: [Token]
    var lines: [String] = []
    var depth = 0
    /// `///` comments found inside a statement (a wrapped list). Printed above the statement
    /// they would become its documentation, so ``SchemaFormatter/format(path:text:)`` refuses
    /// to rewrite such a file and reports them instead.
    var misplacedDocComments: [SourceRange] = []

    init(file: SourceFile) {
        self.file = file
        var lexer = Lexer(file: file)
        self.tokens = lexer.tokenize()
    }

    /// The formatted text: lines joined, ending with one newline.
    var output: String {
        var trimmed = lines
        while trimmed.last == "" { trimmed.removeLast() }
        return trimmed.isEmpty ? "" : trimmed.joined(separator: "\n") + "\n"
    }

    var indentation: String { String(repeating: "  ", count: depth) }

    mutating func line(_ text: String) {
        // A statement continued on the next line (a rule's `roll up …`) keeps the block's indentation.
        for part in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = String(part).trimmingTrailingWhitespace()
            lines.append(trimmed.isEmpty ? "" : indentation + trimmed)
        }
    }

    /// One blank line, unless there is one already or nothing has been printed.
    mutating func blankLine() {
        if let last = lines.last, !last.isEmpty { lines.append("") }
    }

    /// Whether a one-line form fits at the current indentation.
    func fits(_ text: String) -> Bool { indentation.count + text.count <= Self.maxWidth }

    // MARK: Comments

    /// The index of the token starting at `offset`, if any.
    func tokenIndex(startingAt offset: Int) -> Int? {
        var low = 0, high = tokens.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let start = tokens[mid].range.start
            if start == offset { return mid }
            if start < offset { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    /// Prints the comments before a statement whose first token starts at `start`, with the
    /// blank lines the author left between them (at most one each).
    mutating func leading(_ trivia: Trivia, at start: Int, blankBefore: Bool) {
        if blankBefore { blankLine() }
        let expected = trivia.leadingComments.count + trivia.doc.count
        guard expected > 0 else { return }
        // Walk back over exactly the tokens the parser gathered into this trivia: the nearest
        // `expected` comments (an earlier one is the previous statement's trailing comment).
        var found: [(token: Token, newlinesAfter: Int)] = []
        if var index = tokenIndex(startingAt: start).map({ $0 - 1 }) {
            var newlines = 0
            scan: while index >= 0, found.count < expected {
                let token = tokens[index]
                switch token.kind {
                case .newline: newlines += 1
                case .semicolon: break
                case .comment, .docComment:
                    found.append((token, newlines))
                    newlines = 0
                default: break scan
                }
                index -= 1
            }
        }
        guard found.count == expected else {
            // Never expected; printing the trivia's own strings still keeps every comment.
            trivia.leadingComments.forEach { line($0) }
            trivia.doc.forEach { line("///" + ($0.isEmpty ? "" : " " + $0)) }
            return
        }
        for (token, newlinesAfter) in found.reversed() {
            line(token.text)
            if newlinesAfter >= 2 { blankLine() }
        }
    }

    /// Prints, above a one-line statement, the comments written inside its range (a list that
    /// wrapped over lines), which the syntax tree does not keep.
    mutating func interior(_ range: SourceRange) {
        guard var index = tokenIndex(startingAt: range.start) else { return }
        while index < tokens.count, tokens[index].range.start < range.end {
            if tokens[index].kind == .comment || tokens[index].kind == .docComment { line(tokens[index].text) }
            if tokens[index].kind == .docComment { misplacedDocComments.append(tokens[index].range) }
            index += 1
        }
    }

    /// Whether comments were written inside a range.
    func hasInteriorComments(_ range: SourceRange) -> Bool {
        guard var index = tokenIndex(startingAt: range.start) else { return false }
        while index < tokens.count, tokens[index].range.start < range.end {
            if tokens[index].kind == .comment || tokens[index].kind == .docComment { return true }
            index += 1
        }
        return false
    }

    /// ` // comment` for a statement's trailing comment, or nothing.
    func trailing(_ trivia: Trivia) -> String {
        trivia.trailingComment.map { " " + $0.trimmingTrailingWhitespace() } ?? ""
    }

    /// Comments before a closing brace.
    mutating func closing(_ comments: [String]) {
        comments.forEach { line($0) }
    }
}

extension Trivia {
    /// Whether any comment is attached.
    var hasComments: Bool { !leadingComments.isEmpty || !doc.isEmpty || trailingComment != nil }
}
