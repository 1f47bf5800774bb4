import SchemaLanguage

/// The documented queries of an entity (`query …` lines), each with the key that serves it:
/// the index (or primary key) that finds its rows in order, one that finds them but leaves the
/// sorting to after the read, or none.
enum QueriesTable {
    /// The table, or nothing when the entity documents no query.
    static func lines(for entity: Entity) -> [String] {
        guard !entity.queries.isEmpty else { return [] }
        let rows = entity.queries.map { query -> [String] in
            [Markdown.code(query.name), query.title.map(Markdown.text) ?? "", Markdown.code(query.clauses), served(query, in: entity)]
        }
        return Markdown.table(["Query", "Purpose", "Reads", "Served by"], rows)
    }

    /// The names of the queries a key serves (fully or for finding rows), for the indexes table.
    static func queries(servedBy key: String, in entity: Entity) -> [String] {
        entity.queries.filter { entity.service(for: $0).indexName == key }.map(\.name)
    }

    private static func served(_ query: DocumentedQuery, in entity: Entity) -> String {
        switch entity.service(for: query) {
        case .served(let key):
            return Markdown.code(key)
        case .filterOnly(let key):
            return Markdown.code(key) + " (narrows the rows; the rest of " + Markdown.code(query.clauses) + " is done after reading)"
        case .unserved:
            return "no index: reads every row"
        }
    }
}
