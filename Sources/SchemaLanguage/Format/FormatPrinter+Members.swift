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
            case .primaryKey, .index, .partition:
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

    mutating func printRetain(_ retain: RetainSyntax, suffix: String) {
        let oneLine = "retain { \(retain.rules.map { SyntaxText.rule($0.kind) }.joined(separator: "; ")) }"
        if !retain.rules.isEmpty, keepsOneLine(retain.isSingleLine, oneLine, trivia: retain.rules.map(\.trivia),
                                               closingComments: retain.closingComments, ranges: retain.rules.map(\.range)) {
            line(oneLine + suffix)
            return
        }
        block("retain", isEmpty: retain.rules.isEmpty, closingComments: retain.closingComments, suffix: suffix) { printer in
            for (position, rule) in retain.rules.enumerated() {
                printer.leading(rule.trivia, at: rule.range.start, blankBefore: rule.trivia.blankLineBefore && position > 0)
                printer.interior(rule.range)
                printer.line(SyntaxText.rule(rule.kind) + printer.trailing(rule.trivia))
            }
        }
    }

    mutating func printAccess(_ access: AccessSyntax, suffix: String) {
        let oneLine = "access { \(access.items.map { SyntaxText.access($0.kind) }.joined(separator: "; ")) }"
        if !access.items.isEmpty, keepsOneLine(access.isSingleLine, oneLine, trivia: access.items.map(\.trivia),
                                               closingComments: access.closingComments, ranges: access.items.map(\.range)) {
            line(oneLine + suffix)
            return
        }
        block("access", isEmpty: access.items.isEmpty, closingComments: access.closingComments, suffix: suffix) { printer in
            for (position, item) in access.items.enumerated() {
                printer.leading(item.trivia, at: item.range.start, blankBefore: item.trivia.blankLineBefore && position > 0)
                printer.interior(item.range)
                printer.line(SyntaxText.access(item.kind) + printer.trailing(item.trivia))
            }
        }
    }

    mutating func printAbout(_ about: AboutSyntax, suffix: String) {
        let oneLine = "about { \(about.entries.map { "\($0.section.rawValue) \($0.text.source)" }.joined(separator: "; ")) }"
        if !about.entries.isEmpty, keepsOneLine(about.isSingleLine, oneLine, trivia: about.entries.map(\.trivia),
                                                closingComments: about.closingComments, ranges: about.entries.map(\.range)) {
            line(oneLine + suffix)
            return
        }
        // Section names line up: `represents "…"`, `grows      "…"`.
        let width = about.entries.map(\.section.rawValue.count).max() ?? 0
        block("about", isEmpty: about.entries.isEmpty, closingComments: about.closingComments, suffix: suffix) { printer in
            for (position, entry) in about.entries.enumerated() {
                printer.leading(entry.trivia, at: entry.range.start, blankBefore: entry.trivia.blankLineBefore && position > 0)
                printer.interior(entry.range)
                printer.line(entry.section.rawValue.padded(to: width) + " " + entry.text.source + printer.trailing(entry.trivia))
            }
        }
    }
}
