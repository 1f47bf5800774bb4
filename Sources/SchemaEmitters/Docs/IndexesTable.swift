import SchemaLanguage

/// The indexes table of an entity: name, fields with order, unique, partial condition, TTL.
enum IndexesTable {
    /// The table, or nothing when the entity has no indexes.
    static func lines(for entity: Entity) -> [String] {
        guard !entity.indexes.isEmpty else { return [] }
        let rows = entity.indexes.map { index -> [String] in
            let columns = index.columns.map { Markdown.code($0.descending ? "\($0.field) desc" : $0.field) }
            return [
                Markdown.code(index.name),
                columns.joined(separator: ", "),
                index.isUnique ? "yes" : "",
                index.condition.map { Markdown.code(SchemaSpelling.condition($0)) } ?? "",
                index.ttl.map { "\(SchemaSpelling.words($0)) (\(Markdown.code($0.text)))" } ?? "",
            ]
        }
        return Markdown.table(["Name", "Fields", "Unique", "Partial condition", "TTL"], rows)
    }
}
