import SchemaLanguage

/// The order tables are created in: every table after the tables its foreign keys reference, so
/// PostgreSQL and MySQL can check each `REFERENCES` when it is written.
///
/// Among tables that are ready, source order wins, which keeps the output stable and close to
/// the schema. A cycle of references (a → b → a) cannot be ordered: the first table of the cycle
/// in source order is created without its foreign keys into tables not yet created, and those
/// keys are added by `ALTER TABLE` once every table exists.
struct ForeignKeyOrder {
    /// Tables in creation order.
    var tables: [Entity]
    /// Foreign keys left out of `CREATE TABLE` and added afterwards: (table name, field name).
    var deferred: [(table: String, field: String)]

    /// Orders the tables of a schema.
    init(_ tables: [Entity]) {
        let names = Set(tables.map(\.name))
        var created: Set<String> = []
        var remaining = tables
        var ordered: [Entity] = []
        var deferred: [(String, String)] = []

        func parents(of table: Entity) -> [String] {
            table.foreignKeys.map(\.reference.entity).filter { $0 != table.name && names.contains($0) }
        }

        while !remaining.isEmpty {
            let index = remaining.firstIndex { parents(of: $0).allSatisfy(created.contains) } ?? 0
            let table = remaining.remove(at: index)
            for (field, reference) in table.foreignKeys
            where reference.entity != table.name && names.contains(reference.entity) && !created.contains(reference.entity) {
                deferred.append((table.name, field.name))
            }
            created.insert(table.name)
            ordered.append(table)
        }
        self.tables = ordered
        self.deferred = deferred
    }

    /// Whether the foreign key on this field is added after all tables exist.
    func isDeferred(table: String, field: String) -> Bool {
        deferred.contains { $0.table == table && $0.field == field }
    }
}
