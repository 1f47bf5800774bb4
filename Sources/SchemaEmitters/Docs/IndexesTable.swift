import SchemaLanguage

/// The indexes table of an entity: name, fields with order, unique, partial condition, TTL, and
/// the documented queries each serves (when the entity documents any).
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
        guard !entity.queries.isEmpty else {
            return Markdown.table(["Name", "Fields", "Unique", "Partial condition", "TTL"], rows)
        }
        // Each documented query beside the index that serves it (see QueriesTable).
        let withQueries = zip(entity.indexes, rows).map { index, row in
            row + [QueriesTable.queries(servedBy: index.name, in: entity).map(Markdown.code).joined(separator: ", ")]
        }
        return Markdown.table(["Name", "Fields", "Unique", "Partial condition", "TTL", "Queries"], withQueries)
    }
}
