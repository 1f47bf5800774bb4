extension FormatPrinter {
    /// Members in the order written; field lines aligned across the whole body.
    mutating func printMembers(_ members: [MemberSyntax]) {
        let columns = FieldColumns(members.compactMap { member in
            if case .field(let field) = member.kind { field } else { nil }
        })
        for (position, member) in members.enumerated() {
            // No blank line right after `{`; elsewhere at most one, where the author left one.
            leading(member.trivia, at: member.range.start, blankBefore: member.trivia.blankLineBefore && position > 0)
            let trailing = self.trailing(member.trivia)
            switch member.kind {
            case .field(let field):
                interior(member.range)
                line(columns.line(field, hasTrailingComment: member.trivia.trailingComment != nil) + trailing)
            case .retain(let retain):
                printRetain(retain, suffix: trailing)
            case .access(let access):
                printAccess(access, suffix: trailing)
            case .about(let about):
                printAbout(about, suffix: trailing)
            case .primaryKey, .index, .partition, .query, .pageLimit:
                interior(member.range)
                line((SyntaxText.member(member.kind) ?? "") + trailing)
            }
        }
    }

    /// A block written on one line stays so when it holds no comments and fits in 100 columns;
    /// otherwise one item per line.
    func keepsOneLine(_ isSingleLine: Bool, _ oneLine: String, trivia: [Trivia], closingComments: [String],
                               ranges: [SourceRange]) -> Bool {
        isSingleLine && closingComments.isEmpty && !trivia.contains { $0.hasComments }
            && !ranges.contains { hasInteriorComments($0) } && fits(oneLine)
    }

    /// One statement of a `retain`/`access`/`about` block: its text on one line and on its own line.
    struct BlockItem {
        let inline: String
        let ownLine: String
        let trivia: Trivia
        let range: SourceRange
    }

    /// Prints `keyword { a; b }` when it was written so and still fits, else one item per line.
    mutating func printItemBlock(_ keyword: String, _ items: [BlockItem], isSingleLine: Bool,
                                 closingComments: [String], suffix: String) {
        let oneLine = "\(keyword) { \(items.map(\.inline).joined(separator: "; ")) }"
        if !items.isEmpty, keepsOneLine(isSingleLine, oneLine, trivia: items.map(\.trivia),
                                        closingComments: closingComments, ranges: items.map(\.range)) {
            line(oneLine + suffix)
            return
        }
        block(keyword, isEmpty: items.isEmpty, closingComments: closingComments, suffix: suffix) { printer in
            for (position, item) in items.enumerated() {
                printer.leading(item.trivia, at: item.range.start, blankBefore: item.trivia.blankLineBefore && position > 0)
                printer.interior(item.range)
                printer.line(item.ownLine + printer.trailing(item.trivia))
            }
        }
    }

    mutating func printRetain(_ retain: RetainSyntax, suffix: String) {
        let items = retain.rules.map { rule in
            let text = (rule.isHandled ? "handled " : "") + SyntaxText.rule(rule.kind, relatedTime: rule.relatedTime)
            guard let rollUp = rule.rollUp.map(SyntaxText.rollUp) else {
                return BlockItem(inline: text, ownLine: text, trivia: rule.trivia, range: rule.range)
            }
            return BlockItem(inline: text + " " + rollUp, ownLine: text + "\n  " + rollUp, trivia: rule.trivia, range: rule.range)
        }
        printItemBlock("retain", items, isSingleLine: retain.isSingleLine, closingComments: retain.closingComments, suffix: suffix)
    }

    mutating func printAccess(_ access: AccessSyntax, suffix: String) {
        let items = access.items.map { item in
            let text = SyntaxText.access(item.kind)
            return BlockItem(inline: text, ownLine: text, trivia: item.trivia, range: item.range)
        }
        printItemBlock("access", items, isSingleLine: access.isSingleLine, closingComments: access.closingComments, suffix: suffix)
    }

    mutating func printAbout(_ about: AboutSyntax, suffix: String) {
        // Section names line up on their own lines: `represents "…"`, `grows      "…"`.
        let width = about.entries.map(\.section.rawValue.count).max() ?? 0
        let items = about.entries.map { entry in
            BlockItem(inline: "\(entry.section.rawValue) \(entry.text.source)",
                      ownLine: entry.section.rawValue.padded(to: width) + " " + entry.text.source,
                      trivia: entry.trivia, range: entry.range)
        }
        printItemBlock("about", items, isSingleLine: about.isSingleLine, closingComments: about.closingComments, suffix: suffix)
    }
}
