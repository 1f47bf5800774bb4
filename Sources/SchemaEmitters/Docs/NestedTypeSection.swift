import SchemaLanguage

/// The section of one nested document type: its fields and where it is used.
struct NestedTypeSection {
    /// Cross-links.
    let links: DocsLinks

    /// The section's lines, starting with its anchor and heading.
    func lines(for nested: NestedType) -> [String] {
        var lines = [Markdown.anchor(DocsLinks.typeAnchor(nested.name)), "### \(nested.name)", ""]
        if !nested.doc.isEmpty { lines += [Markdown.text(nested.doc.joined(separator: " ")), ""] }
        let usages = links.usages { type in
            if case .nested(let name) = type { return name == nested.name }
            return false
        }
        if !usages.isEmpty { lines += ["Used by: " + usages.joined(separator: ", "), ""] }
        return lines + FieldsTable(links: links).lines(for: nested.fields) + [""]
    }
}
