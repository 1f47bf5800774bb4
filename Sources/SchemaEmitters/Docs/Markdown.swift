/// Markdown building blocks with the escaping GitHub-flavoured Markdown needs, so schema text
/// (docs, patterns, defaults) can never break a table or a code span.
enum Markdown {
    /// Inline code. Text containing backticks gets a longer fence and padding spaces, as
    /// CommonMark requires.
    static func code(_ text: String) -> String {
        let singleLine = oneLine(text)
        var longestRun = 0
        var run = 0
        for character in singleLine {
            run = character == "`" ? run + 1 : 0
            longestRun = max(longestRun, run)
        }
        if longestRun == 0 && !singleLine.isEmpty { return "`" + singleLine + "`" }
        let fence = String(repeating: "`", count: longestRun + 1)
        return fence + " " + singleLine + " " + fence
    }

    /// Prose on one line, with `<` written as an entity so it cannot open an HTML tag.
    static func text(_ text: String) -> String {
        var result = ""
        for character in oneLine(text) {
            if character == "<" { result += "&lt;" } else { result.append(character) }
        }
        return result
    }

    /// A link to an anchor in the same document.
    static func link(_ text: String, anchor: String) -> String { "[\(text)](#\(anchor))" }

    /// An anchor other parts of the document link to, placed on the line before a heading.
    static func anchor(_ id: String) -> String { "<a id=\"\(id)\"></a>" }

    /// An anchor id: `entity-users`, `type-Preferences`; only letters, digits, `-` and `_`.
    static func anchorID(_ kind: String, _ name: String) -> String {
        kind + "-" + String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "-" })
    }

    /// A table: header row, separator, rows. Every `|` in a cell is escaped (also inside code
    /// spans, where GFM tables need it too) and cells are kept on one line; an empty cell is
    /// written as a space so the row keeps its shape.
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        func row(_ cells: [String]) -> String {
            "| " + cells.map { cell($0) }.joined(separator: " | ") + " |"
        }
        return [row(header), "| " + header.map { _ in "---" }.joined(separator: " | ") + " |"] + rows.map(row)
    }

    /// One table cell's text: on one line, with `|` escaped.
    static func cell(_ text: String) -> String {
        var result = ""
        for character in oneLine(text) {
            if character == "|" { result += "\\|" } else { result.append(character) }
        }
        return result
    }

    /// The text on one line: line breaks and other control characters written as visible
    /// escapes (`\n`), as in every other output language (see ``CommentText``).
    static func oneLine(_ text: String) -> String {
        CommentText.oneLine(text)
    }

    /// An HTML comment, `<!-- text -->`, that the text cannot close (`--` never appears in it).
    static func comment(_ text: String) -> String {
        var body = oneLine(text)
        while body.contains("--") { body = body.replacingOccurrences(of: "--", with: "- -") }
        return "<!-- " + body + " -->"
    }
}
