import SchemaLanguage

/// Indexes a table needs so its retention jobs find their rows without scanning the table:
/// one on the rule's timestamp field (for a cap: the group fields, then the timestamp), unless
/// an index or the primary key already starts with those columns.
enum RetentionIndexes {
    /// The indexes to add, each with the rules it serves, in rule order.
    static func missing(for entity: Entity) -> [(index: Index, rules: [String])] {
        var existing = entity.indexes.map(\.fieldNames) + [entity.primaryKey]
        var names = Set(entity.indexes.map(\.name))
        var result: [(index: Index, rules: [String])] = []
        for rule in entity.retention {
            guard let columns = leadingColumns(rule.kind) else { continue }
            if let position = result.firstIndex(where: { $0.index.fieldNames == columns }) {
                result[position].rules.append(rule.source)
                continue
            }
            guard !existing.contains(where: { $0.starts(with: columns) }) else { continue }
            var name = "idx_\(entity.physicalName)_" + columns.joined(separator: "_")
            if names.contains(name) { name += "_retention" }
            names.insert(name)
            existing.append(columns)
            let index = Index(name: name, columns: columns.map { IndexColumn(field: $0) }, isUnique: false,
                              range: rule.range)
            result.append((index, [rule.source]))
        }
        return result
    }

    /// The columns a rule's job filters or groups on, in index order.
    private static func leadingColumns(_ kind: RetentionRule.Kind) -> [String]? {
        switch kind {
        case .expire(_, let field, _), .expireAt(let field, _), .deactivate(_, let field, _, _, _),
             .deactivateAt(let field, _, _, _), .archive(_, let field, _, _):
            [field]
        case .cap(_, let per, let field):
            per + [field]
        // The job looks up each row's referenced row: the foreign key's index serves the join.
        case .expireByRelated(_, let time, _), .archiveByRelated(_, let time, _, _):
            [time.via]
        case .expireEntries, .appendOnly, .forever:
            nil
        }
    }
}
