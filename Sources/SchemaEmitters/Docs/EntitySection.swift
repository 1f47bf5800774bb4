import SchemaLanguage

/// The section of one table or collection: what it is, its lifecycle, who may write it, its
/// fields, indexes and retention.
struct EntitySection {
    /// Cross-links.
    let links: DocsLinks

    /// The section's lines, starting with its anchor and heading.
    func lines(for entity: Entity) -> [String] {
        var lines = [Markdown.anchor(DocsLinks.entityAnchor(entity.name)), "### \(entity.name)", ""]
        if !entity.doc.isEmpty {
            lines += [Markdown.text(entity.doc.joined(separator: " ")), ""]
        }
        lines += facts(entity)
        lines.append("")
        let lifecycle = LifecycleDescription.lines(for: entity.about)
        if !lifecycle.isEmpty {
            lines += ["#### Lifecycle", ""] + lifecycle + [""]
        }
        lines += ["#### Access", ""] + AccessDescription.lines(for: entity) + [""]
        lines += ["#### Fields", ""] + FieldsTable(links: links).lines(for: entity) + [""]
        let indexes = IndexesTable.lines(for: entity)
        if !indexes.isEmpty {
            lines += ["#### Indexes", ""] + indexes + [""]
        }
        let queries = QueriesTable.lines(for: entity)
        if !queries.isEmpty {
            lines += ["#### Queries", ""] + queries + [""]
        }
        if !entity.retention.isEmpty {
            lines += ["#### Retention", ""] + RetentionDescription(links: links).lines(for: entity) + [""]
        }
        return lines
    }

    /// Kind, physical name, namespace, partitioning, origin, earlier names, primary key.
    private func facts(_ entity: Entity) -> [String] {
        var facts = ["- Kind: \(entity.kind == .table ? "table" : "collection")"]
        if entity.physicalName != entity.name {
            facts.append("- Stored as: \(Markdown.code(entity.physicalName))")
        }
        if let namespace = entity.namespace {
            facts.append("- Namespace: \(Markdown.code(namespace))")
        }
        if !entity.partitionKeys.isEmpty {
            let keys = entity.partitionKeys.map(Markdown.code).joined(separator: ", ")
            facts.append("- Partitioned: one collection per value of \(keys)")
        }
        if let source = entity.copiedFrom {
            facts.append("- Copies the fields of \(links.entity(source)) (`like`)")
        }
        if !entity.previousNames.isEmpty {
            facts.append("- Previously named: " + entity.previousNames.map(Markdown.code).joined(separator: ", "))
        }
        let key = entity.primaryKey.isEmpty ? "none" : entity.primaryKey.map(Markdown.code).joined(separator: ", ")
        facts.append("- Primary key: \(key)")
        if let pageLimit = entity.pageLimit {
            facts.append("- Pages: at most \(pageLimit) records (`pages at most \(pageLimit)`; larger page sizes are clamped to it)")
        }
        return facts
    }
}
