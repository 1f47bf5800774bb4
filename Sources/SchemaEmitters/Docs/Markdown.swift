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

    /// Prose on one line, with `<` written as an entity so it cannot open an HTML tag, and a
    /// leading block marker (`#`, `>`, `-`, `1.`, a fence…) escaped so it cannot start a heading,
    /// quote, list or code block where the text begins a line.
    static func text(_ text: String) -> String {
        var result = ""
        for character in oneLine(text) {
            if character == "<" { result += "&lt;" } else { result.append(character) }
        }
        // A list marker only counts when a space (or the end) follows it: `0.5` and `-x` stay as written.
        func markerEnds(at offset: Int) -> Bool { result.dropFirst(offset).first.map { $0 == " " || $0 == "\t" } ?? true }
        let digits = result.prefix { $0.isASCII && $0.isNumber }
        if let first = result.first,
           "#>".contains(first) || result.hasPrefix("```") || result.hasPrefix("~~~") || ("-+*".contains(first) && markerEnds(at: 1)) {
            result.insert("\\", at: result.startIndex)
        } else if !digits.isEmpty, let after = result.dropFirst(digits.count).first, after == "." || after == ")",
                  markerEnds(at: digits.count + 1) {
            result.insert("\\", at: result.index(result.startIndex, offsetBy: digits.count))
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
