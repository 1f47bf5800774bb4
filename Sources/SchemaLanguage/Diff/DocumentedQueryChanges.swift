/// Added, removed and changed documented queries of one entity. A query stores nothing, so each
/// is a documentation change (SG106, safe): no migration step, only a line in the review report.
enum DocumentedQueryChanges {
    /// One line per query added, removed or changed, by name, in the new schema's order.
    static func between(_ before: [DocumentedQuery], _ after: [DocumentedQuery])
        -> [(oldMember: String?, newMember: String?, summary: String)] {
        var lines: [(String?, String?, String)] = []
        for query in before where !after.contains(where: { $0.name == query.name }) {
            lines.append((query.name, nil, "query '\(query.name)' removed (documentation only)"))
        }
        for query in after {
            guard let old = before.first(where: { $0.name == query.name }) else {
                lines.append((nil, query.name, "query '\(query.name)' added (documentation only)"))
                continue
            }
            if shape(old) != shape(query) {
                lines.append((old.name, query.name, "query '\(query.name)' changed (documentation only)"))
            }
        }
        return lines
    }

    /// The query without its source position, which moves when unrelated lines do.
    private static func shape(_ query: DocumentedQuery) -> DocumentedQuery {
        var copy = query
        copy.range = SourceRange(start: 0, end: 0)
        return copy
    }
}

extension ChangeCode {
    /// Whether a migration must record the change: every change but a documented query's, which
    /// stores nothing and changes no target's output but the docs.
    public var needsMigration: Bool { self != .documentedQueryChanged }
}
