import SchemaEmitters
import SchemaLanguage
import Testing

/// After the DDL runs, each server's catalog describes exactly the schema: every column with its
/// type and nullability, the primary keys, the declared indexes (columns, uniqueness, direction,
/// partial condition) and an index for every retention job's timestamp.
@Suite("SQL catalog matches the schema")
struct SQLCatalogTests {
    static let cases: [(String, SQLDialect)] = (SQLTestSupport.seedsWithTables + ["features"]).flatMap { name in
        SQLDialect.allCases.map { (name, $0) }
    }

    @Test(arguments: cases)
    func catalogMatchesSchema(_ name: String, _ dialect: SQLDialect) throws {
        let schema = name == "features" ? try SQLFeatureSchema.schema() : try SeedSchemas.load(name)
        let db = try SQLTestDatabase.fresh(dialect)
        try db.run(SQLEmitter().ddl(SQLTestSupport.isolated(schema, database: db.name), for: dialect))
        let catalog = try SQLCatalog.read(db)

        let tables = schema.tables
        #expect(Set(catalog.columns.map(\.table)) == Set(tables.map(\.physicalName) + [MigrationBookkeeping.tableName]))
        for table in tables {
            let columns = catalog.columns.filter { $0.table == table.physicalName }
            #expect(columns.map(\.name) == table.fields.map(\.physicalName), "columns of \(table.name)")
            for (field, column) in zip(table.fields, columns) {
                #expect(ExpectedCatalogType.of(field, in: dialect).contains(column.type),
                        "\(table.name).\(field.name): \(field.type.spelling) is \(column.type)")
                #expect(column.nullable == field.isOptional, "nullability of \(table.name).\(field.name)")
            }
            #expect(catalog.primaryKeys[table.physicalName] == table.primaryKeyFields.map(\.physicalName),
                    "primary key of \(table.name)")

            let indexes = catalog.indexes.filter { $0.table == table.physicalName }
            for index in table.indexes {
                let found = indexes.first { $0.name == index.name }
                #expect(found != nil, "index \(index.name) of \(table.name)")
                guard let found else { continue }
                let columns = index.columns.map { table.field(named: $0.field)!.physicalName }
                #expect(found.columns == columns, "columns of \(index.name)")
                // MySQL cannot make a partial unique index; it keeps a plain one.
                let unique = index.isUnique && !(dialect == .mysql && index.condition != nil)
                #expect(found.unique == unique, "uniqueness of \(index.name)")
                #expect(found.descending == index.columns.map(\.descending), "directions of \(index.name)")
                // MySQL has no partial indexes; the others print the condition back over the same columns.
                let partial = index.condition != nil && dialect != .mysql
                #expect((found.condition != nil) == partial, "condition of \(index.name): \(found.condition ?? "none")")
                if let condition = index.condition, let text = found.condition {
                    for field in condition.fields {
                        let column = table.field(named: field)!.physicalName
                        #expect(text.contains(column), "condition of \(index.name) reads \(column): \(text)")
                    }
                }
            }
            for rule in table.retention {
                guard let lookup = Self.lookupColumns(rule.kind) else { continue }
                let columns = lookup.map { table.field(named: $0)!.physicalName }
                let covered = (indexes.map(\.columns) + [table.primaryKeyFields.map(\.physicalName)])
                    .contains { $0.starts(with: columns) }
                #expect(covered, "an index starting with \(columns) serves '\(rule.source)' of \(table.name)")
            }
        }
    }

    /// The columns a rule's job looks rows up by: its timestamp (a related time: the foreign key); for a
    /// cap the groups, then the timestamp.
    static func lookupColumns(_ kind: RetentionRule.Kind) -> [String]? {
        switch kind {
        case .expire(_, let field, _), .expireAt(let field, _), .deactivate(_, let field, _, _, _),
             .deactivateAt(let field, _, _, _), .archive(_, let field, _, _):
            [field]
        case .cap(_, let per, let field):
            per + [field]
        case .expireByRelated(_, let time, _), .archiveByRelated(_, let time, _, _):
            [time.via]  // each row's referenced row is looked up through the foreign key
        case .expireEntries, .appendOnly, .forever:
            nil  // entry rules never reach a SQL table
        }
    }
}
