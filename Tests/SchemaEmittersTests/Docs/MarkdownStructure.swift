/// Small structural readers of generated Markdown, for the docs tests.
enum MarkdownStructure {
    /// The lines of the section starting at an anchor, up to the next entity anchor or `##` heading.
    static func section(_ markdown: String, anchor: String) -> [Substring] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: Substring("<a id=\"\(anchor)\"></a>")) else { return [] }
        var end = start + 1
        while end < lines.count && !lines[end].hasPrefix("<a id=\"entity-") && !lines[end].hasPrefix("## ") { end += 1 }
        return Array(lines[start..<end])
    }

    /// The lines inside the ```` ```mermaid ```` block.
    static func mermaidBlock(_ markdown: String) -> [Substring] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "```mermaid"),
              let end = lines[(start + 1)...].firstIndex(of: "```") else { return [] }
        return Array(lines[(start + 1)..<end])
    }

    /// The number of cell separators in a table row: `|` not preceded by a backslash.
    static func unescapedPipes(_ line: Substring) -> Int {
        var count = 0
        var previous: Character = " "
        for character in line {
            if character == "|" && previous != "\\" { count += 1 }
            previous = character
        }
        return count
    }

    /// Every `](#anchor)` link target.
    static func linkTargets(_ markdown: String) -> Set<String> {
        var targets: Set<String> = []
        var rest = Substring(markdown)
        while let range = rest.range(of: "](#") {
            let after = rest[range.upperBound...]
            guard let close = after.firstIndex(of: ")") else { break }
            targets.insert(String(after[..<close]))
            rest = after[close...]
        }
        return targets
    }

    /// Every `<a id="...">` anchor.
    static func anchors(_ markdown: String) -> Set<String> {
        var anchors: Set<String> = []
        var rest = Substring(markdown)
        while let range = rest.range(of: "<a id=\"") {
            let after = rest[range.upperBound...]
            guard let close = after.firstIndex(of: "\"") else { break }
            anchors.insert(String(after[..<close]))
            rest = after[close...]
        }
        return anchors
    }
}

/// A check that a Mermaid `erDiagram` block is well formed: balanced entity braces, attribute
/// lines of the form `type name [PK, FK, UK] ["comment"]`, relations with known cardinality tokens.
struct MermaidSanityCheck {
    /// A relation line, split up.
    struct Relation: Equatable {
        let left: String
        let cardinality: String
        let right: String
        let label: String
    }

    /// The relations found.
    private(set) var relations: [Relation] = []
    /// The entities declared with a block.
    private(set) var entities: [String] = []
    /// What is wrong, one message per problem.
    private(set) var problems: [String] = []

    private static let leftTokens: Set<String> = ["||", "|o", "}o", "}|"]
    private static let rightTokens: Set<String> = ["||", "o|", "o{", "|{"]

    init(_ lines: [Substring]) {
        guard lines.first == "erDiagram" else {
            problems.append("the block does not start with erDiagram")
            return
        }
        var openEntity: String?
        for line in lines.dropFirst() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasSuffix("{") {
                let name = String(text.dropLast()).trimmingCharacters(in: .whitespaces)
                if openEntity != nil { problems.append("nested block at \(text)") }
                if !Self.isIdentifier(name) { problems.append("unsafe entity name \(name)") }
                openEntity = name
                entities.append(name)
            } else if text == "}" {
                if openEntity == nil { problems.append("unbalanced }") }
                openEntity = nil
            } else if openEntity != nil {
                checkAttribute(text)
            } else if text.contains(" : ") {
                checkRelation(text)
            } else if !Self.isIdentifier(text) {
                problems.append("unexpected line \(text)")
            }
        }
        if openEntity != nil { problems.append("unclosed block") }
    }

    private mutating func checkAttribute(_ text: String) {
        var words = text.split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count >= 2, Self.isIdentifier(words[0]), Self.isIdentifier(words[1]) else {
            problems.append("bad attribute \(text)")
            return
        }
        var rest = words.count == 3 ? words.removeLast() : ""
        if let quote = rest.firstIndex(of: "\"") {
            let comment = rest[quote...]
            if !(comment.count >= 2 && comment.hasSuffix("\"") && comment.dropFirst().dropLast().allSatisfy({ $0 != "\"" })) {
                problems.append("bad comment in \(text)")
            }
            rest = String(rest[..<quote]).trimmingCharacters(in: .whitespaces)
        }
        if !rest.isEmpty {
            let keys = rest.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if !keys.allSatisfy({ ["PK", "FK", "UK"].contains($0) }) { problems.append("bad keys in \(text)") }
        }
    }

    private mutating func checkRelation(_ text: String) {
        let parts = text.split(separator: " ", maxSplits: 4).map(String.init)
        guard parts.count == 5, parts[3] == ":", Self.isIdentifier(parts[0]), Self.isIdentifier(parts[2]),
              parts[1].count == 6, parts[4].hasPrefix("\""), parts[4].hasSuffix("\""), parts[4].count >= 2 else {
            problems.append("bad relation \(text)")
            return
        }
        let token = parts[1]
        let left = String(token.prefix(2))
        let line = String(token.dropFirst(2).prefix(2))
        let right = String(token.suffix(2))
        guard Self.leftTokens.contains(left), line == "--" || line == "..", Self.rightTokens.contains(right) else {
            problems.append("unknown cardinality \(token) in \(text)")
            return
        }
        relations.append(Relation(left: parts[0], cardinality: token, right: parts[2], label: String(parts[4].dropFirst().dropLast())))
    }

    private static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }
    }
}
