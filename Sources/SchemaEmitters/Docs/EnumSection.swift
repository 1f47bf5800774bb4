import SchemaLanguage

/// The section of one enum: its cases with stored values, and where it is used.
struct EnumSection {
    /// Cross-links.
    let links: DocsLinks

    /// The section's lines, starting with its anchor and heading.
    func lines(for enumType: EnumType) -> [String] {
        var lines = [Markdown.anchor(DocsLinks.enumAnchor(enumType.name)), "### \(enumType.name)", ""]
        if !enumType.doc.isEmpty { lines += [Markdown.text(enumType.doc.joined(separator: " ")), ""] }
        let usages = links.usages { type in
            if case .enumeration(let used) = type { return used.name == enumType.name }
            return false
        }
        if enumType.isInline { lines += ["Written inline in its field's type.", ""] }
        if !usages.isEmpty { lines += ["Used by: " + usages.joined(separator: ", "), ""] }
        let rows = enumType.cases.map { enumCase in
            [Markdown.code(enumCase.name), Markdown.code(enumCase.rawValue), Markdown.text(enumCase.doc.joined(separator: " "))]
        }
        return lines + Markdown.table(["Case", "Stored value", "Description"], rows) + [""]
    }
}
