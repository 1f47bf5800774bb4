import SchemaLanguage

/// The whole data dictionary of a schema: title, description, about, contents, then sections for
/// entities, enums, nested types, caches and the ER diagram.
struct DataDictionary {
    /// The schema documented.
    let schema: Schema

    /// The Markdown text.
    func render() -> String {
        let links = DocsLinks(schema: schema)
        var lines = [Markdown.comment(GeneratedHeader.text(for: schema)), "",
                     "# \(schema.name) data dictionary", ""]
        if !schema.doc.isEmpty { lines += [Markdown.text(schema.doc.joined(separator: " ")), ""] }
        var facts = ["- Targets: " + schema.targets.map(SchemaSpelling.target).joined(separator: ", ")]
        if let database = schema.databaseName { facts.append("- Database: \(Markdown.code(database))") }
        facts.append("- Source: \(Markdown.code(GeneratedHeader.sourcePath(of: schema)))")
        lines += facts + [""]
        let about = LifecycleDescription.lines(for: schema.about)
        if !about.isEmpty { lines += ["## About", ""] + about + [""] }
        lines += contents()
        lines += [Markdown.anchor("entities"), "## Tables and collections", ""]
        for entity in schema.entities { lines += EntitySection(links: links).lines(for: entity) }
        if !schema.enums.isEmpty {
            lines += [Markdown.anchor("enums"), "## Enums", ""]
            for enumType in schema.enums { lines += EnumSection(links: links).lines(for: enumType) }
        }
        if !schema.types.isEmpty {
            lines += [Markdown.anchor("nested-types"), "## Nested types", ""]
            for nested in schema.types { lines += NestedTypeSection(links: links).lines(for: nested) }
        }
        if !schema.caches.isEmpty {
            lines += [Markdown.anchor("caches"), "## Caches", ""] + CachesTable(links: links).lines(for: schema.caches) + [""]
        }
        lines += [Markdown.anchor("er-diagram"), "## Entity-relationship diagram", ""]
        lines += ["Foreign keys are solid lines labelled with the referencing field; nested documents are dashed lines labelled with the field holding them.", ""]
        lines += MermaidERDiagram(schema: schema).lines()
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table of contents: every section and every entity, enum and nested type.
    private func contents() -> [String] {
        var lines = ["## Contents", "", "- " + Markdown.link("Tables and collections", anchor: "entities")]
        for entity in schema.entities {
            let summary = entity.doc.first.map { " — " + Markdown.text($0) } ?? ""
            lines.append("  - " + Markdown.link(Markdown.code(entity.name), anchor: DocsLinks.entityAnchor(entity.name)) + summary)
        }
        if !schema.enums.isEmpty {
            lines.append("- " + Markdown.link("Enums", anchor: "enums"))
            lines += schema.enums.map { "  - " + Markdown.link(Markdown.code($0.name), anchor: DocsLinks.enumAnchor($0.name)) }
        }
        if !schema.types.isEmpty {
            lines.append("- " + Markdown.link("Nested types", anchor: "nested-types"))
            lines += schema.types.map { "  - " + Markdown.link(Markdown.code($0.name), anchor: DocsLinks.typeAnchor($0.name)) }
        }
        if !schema.caches.isEmpty { lines.append("- " + Markdown.link("Caches", anchor: "caches")) }
        lines.append("- " + Markdown.link("Entity-relationship diagram", anchor: "er-diagram"))
        return lines + [""]
    }
}
