// Documented queries (`query …` lines): their fields must exist, their names be unique in the
// entity, and some key should serve each one; a query no index serves gets a warning naming the
// index that would.
extension Checker {
    /// Resolves the entity's `query` members (after its fields, indexes and primary key).
    mutating func resolveQueries(_ syntax: EntitySyntax, into entity: inout Entity) {
        for member in syntax.members {
            guard case .query(let query) = member.kind else { continue }
            if entity.queries.contains(where: { $0.name == query.name.text }) {
                bag.error("'\(entity.name)' documents query '\(query.name.text)' twice",
                          hint: "give each query its own name", at: query.name.range)
                continue
            }
            var known = true
            let named = query.equalities + [query.rangeField, query.order?.name, query.group].compactMap { $0 }
            for name in named where requireField(name, in: entity, role: "query field") == nil { known = false }
            guard known else { continue }
            if query.equalities.isEmpty && query.order == nil && query.group == nil && query.rangeField == nil {
                bag.error("query '\(query.name.text)' of '\(entity.name)' names no field",
                          hint: "say how it finds its rows: where a, b / range f / order by f / group by f", at: member.range)
                continue
            }
            let resolved = DocumentedQuery(
                name: query.name.text, title: query.title?.value, equalityFields: query.equalities.map(\.text),
                rangeField: query.rangeField?.text,
                order: query.order.map { IndexColumn(field: $0.name.text, descending: $0.descending) },
                groupField: query.group?.text, limit: query.limit?.value, range: member.range)
            entity.queries.append(resolved)
            warnIfUnserved(resolved, of: entity)
        }
    }

    /// A documented query no index serves, or one whose rows an index finds but not in the order
    /// (or grouping, or range) the query reads them in.
    mutating func warnIfUnserved(_ query: DocumentedQuery, of entity: Entity) {
        let wanted = query.servingColumns.map { $0.descending ? "\($0.field) desc" : $0.field }.joined(separator: ", ")
        switch entity.service(for: query) {
        case .served:
            return
        case .filterOnly(let index):
            bag.warning("query '\(query.name)' of '\(entity.name)': \(index) narrows its rows, but they are read "
                        + "and then filtered, sorted or grouped (\(query.clauses))",
                        hint: "add 'index (\(wanted))' to read exactly its rows in order", at: query.range)
        case .unserved:
            bag.warning("query '\(query.name)' of '\(entity.name)': no index begins with "
                        + "(\(query.equalityFields.joined(separator: ", "))), so it reads every row",
                        hint: "add 'index (\(wanted))'", at: query.range)
        }
    }
}
