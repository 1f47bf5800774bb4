import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// The four phases of every change case, on each real engine:
/// 1. apply the old DDL, read its catalog, insert sample rows;
/// 2. diff and apply the up migration; its catalog equals the new DDL applied to an empty database,
///    and every value of a column that kept its type reads back the same;
/// 3. the new schema diffed with itself is empty;
/// 4. apply the down migration; the catalog equals the old one again, values kept where the change
///    was not destructive.
@Suite("Migrations round-trip on real databases")
struct MigrationRoundTripTests {
    static let cases: [(MigrationCase, SQLDialect)] = MigrationCorpus.cases.flatMap { c in SQLDialect.allCases.map { (c, $0) } }

    @Test(arguments: cases)
    func upAndDown(_ change: MigrationCase, _ dialect: SQLDialect) throws {
        for edit in change.edits {
            #expect(MigrationCorpus.base.components(separatedBy: edit.0).count == 2, "edit '\(edit.0)' must match once")
        }
        try Self.roundTrip(from: MigrationCorpus.base, to: change.newText, in: dialect, withRows: change.withRows)
    }

    /// The four phases for one pair of schema texts in one dialect.
    static func roundTrip(from oldText: String, to newText: String, in dialect: SQLDialect, withRows: Bool,
                          sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let old = SQLTestSupport.isolated(try SeedSchemas.compile(oldText, path: "old.schema"), database: db.name)
        let new = SQLTestSupport.isolated(try SeedSchemas.compile(newText, path: "new.schema"), database: db.name)
        let compared = SchemaDiff.compare(old, new)
        let diff = try #require(compared.diff, "diff failed: \(compared.diagnostics)", sourceLocation: sourceLocation)
        #expect(!diff.isEmpty, sourceLocation: sourceLocation)

        // 1. The old version with rows.
        try db.run(SQLEmitter().ddl(old, for: dialect))
        let oldCatalog = try MigrationCatalog.read(db)
        if withRows { try db.run(SampleRows(schema: old, dialect: dialect).inserts()) }
        let before = try TableContents.read(db, schema: old)

        // 2. Up: the catalog of a fresh database of the new version, and the rows kept.
        let up = diff.migration(for: dialect).render()
        try db.run(up)
        let fresh = try SQLTestDatabase.fresh(dialect)
        try fresh.run(SQLEmitter().ddl(new, for: dialect))
        let newCatalog = try MigrationCatalog.read(fresh)
        let migrated = try MigrationCatalog.read(db)
        #expect(migrated == newCatalog, "after up, the catalog differs from a fresh database:\n\(migrated.differences(from: newCatalog))\n\nUP:\n\(up)",
                sourceLocation: sourceLocation)
        let after = try TableContents.read(db, schema: new)
        let kept = before.kept(through: diff, into: after)
        for (table, column, values) in kept {
            #expect(after.values(table, column) == values, "\(table).\(column) after up", sourceLocation: sourceLocation)
        }

        // 3. Nothing left to do.
        #expect(try #require(SchemaDiff.compare(new, new).diff).isEmpty, sourceLocation: sourceLocation)

        // 4. Down: the old catalog again, and the rows that survived the round trip.
        let down = diff.reversed.migration(for: dialect).render()
        try db.run(down)
        let restored = try MigrationCatalog.read(db)
        #expect(restored == oldCatalog, "after down, the catalog differs from the old one:\n\(restored.differences(from: oldCatalog))\n\nDOWN:\n\(down)",
                sourceLocation: sourceLocation)
        let roundTrip = try TableContents.read(db, schema: old)
        for (table, column, _) in kept {
            guard let oldColumn = diff.oldColumn(table: table, column: column) else { continue }
            #expect(roundTrip.values(oldColumn.table, oldColumn.column) == before.values(oldColumn.table, oldColumn.column),
                    "\(oldColumn.table).\(oldColumn.column) after down", sourceLocation: sourceLocation)
        }
    }
}

/// Every table's rows, ordered by primary key, per column as text.
struct TableContents {
    /// physical table → physical column → values in key order.
    var columns: [String: [String: [String]]] = [:]

    static func read(_ db: SQLTestDatabase, schema: Schema) throws -> TableContents {
        let queries = schema.tables.map { table in
            let key = table.primaryKeyFields.map { db.q($0.physicalName) }.joined(separator: ", ")
            let columns = table.fields.map { Self.text(db.q($0.physicalName), $0, db.dialect) }.joined(separator: ", ")
            return (tag: table.physicalName, sql: "SELECT \(columns) FROM \(db.q(table.physicalName)) ORDER BY \(key)")
        }
        let rows = try TaggedQueries.run(db, queries)
        var contents = TableContents()
        for table in schema.tables {
            for (index, field) in table.fields.enumerated() {
                contents.columns[table.physicalName, default: [:]][field.physicalName] = rows[table.physicalName]!.map { $0[index] }
            }
        }
        return contents
    }

    /// A column as comparable text (booleans as 0/1 everywhere; PostgreSQL timestamps as UTC
    /// wall-clock time, whether stored zoned or naive).
    private static func text(_ column: String, _ field: Field, _ dialect: SQLDialect) -> String {
        if field.type == .bool { return "CASE WHEN \(column) THEN 1 ELSE 0 END" }
        if field.type == .timestamp && dialect == .postgres {
            let utc = field.storage.timestamp == .naive ? column : "(\(column) AT TIME ZONE 'UTC')"
            return "to_char(\(utc), 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
        }
        return column
    }

    func values(_ table: String, _ column: String) -> [String]? { columns[table]?[column] }

    /// (new table, new column, old values) for every column whose values must survive the change:
    /// matched columns whose SQL type is unchanged; enum values renamed by the diff are mapped.
    func kept(through diff: SchemaDiff, into after: TableContents) -> [(String, String, [String])] {
        var result: [(String, String, [String])] = []
        for (before, table) in diff.tablePairs {
            for field in table.fields {
                guard let oldName = diff.matching.oldField(field.name, ofNewEntity: table.name),
                      let oldField = before.field(named: oldName),
                      let values = columns[before.physicalName]?[oldField.physicalName],
                      Self.sameStorage(oldField.type, field.type) else { continue }
                var mapped = values
                if case .enumeration(let oldEnum) = oldField.type, case .enumeration(let newEnum) = field.type {
                    let cases = diff.matching.enumCases[newEnum.name] ?? [:]
                    mapped = values.map { value in
                        guard let oldCase = oldEnum.cases.first(where: { $0.rawValue == value }),
                              let newCase = cases[oldCase.name].flatMap({ n in newEnum.cases.first { $0.name == n } }) else { return value }
                        return newCase.rawValue
                    }
                }
                result.append((table.physicalName, field.physicalName, mapped))
            }
        }
        return result
    }

    private static func sameStorage(_ a: FieldType, _ b: FieldType) -> Bool {
        switch (a, b) {
        case (.enumeration, .enumeration): true
        case (.string, .string), (.string, .text), (.text, .string), (.text, .text): true
        case (.int32, .int64), (.int64, .int32): true
        default: a == b
        }
    }
}

extension SchemaDiff {
    /// The old table and column a new column came from.
    func oldColumn(table: String, column: String) -> (table: String, column: String)? {
        guard let entity = new.tables.first(where: { $0.physicalName == table }),
              let field = entity.fields.first(where: { $0.physicalName == column }),
              let oldEntity = matching.oldEntity(for: entity.name).flatMap(old.entity(named:)),
              let oldField = matching.oldField(field.name, ofNewEntity: entity.name).flatMap(oldEntity.field(named:)) else { return nil }
        return (oldEntity.physicalName, oldField.physicalName)
    }
}
