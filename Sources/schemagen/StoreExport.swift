import Foundation
import SchemaEmitters
import SchemaGenRuntime
import SchemaLanguage

/// `schemagen store export`: a store's rows, or JSON Lines dumps of them, as a PostgreSQL script
/// for a database created from the schema's generated DDL (``PostgresDataScript``). The schema
/// says which tables PostgreSQL has (its `table`s, not its collections or caches) and must
/// describe exactly the tables the store holds.
struct StoreExport {
    /// Why an export was refused; the message names what differs and what to do.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// The schema file's compiled schema.
    let schema: Schema
    /// The store tables of the schema (``StoreCatalogBuilder``), by name.
    let expected: [String: TableDefinition]
    /// The tables PostgreSQL holds: the schema's `table`s, in schema order.
    let sqlTables: [String]

    init(schema: Schema) throws {
        guard schema.targets.contains(.postgres) else {
            throw Refusal(description: "schema '\(schema.name)' does not target postgres (targets "
                          + schema.targets.map(\.rawValue).joined(separator: ", ")
                          + "), so it has no PostgreSQL DDL to load rows into\nhint: add postgres to its targets and run schemagen build")
        }
        self.schema = schema
        let storeSchema = try StoreCatalogSchema.storeSchema(StoreCatalogBuilder(schema).catalog())
        expected = Dictionary(storeSchema.tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        sqlTables = schema.entities.filter { $0.kind == .table }.map(\.physicalName)
    }

    /// The script of the store at `path` (opened with its own catalog and `options`), whose
    /// tables must equal the schema's.
    func script(ofStoreAt path: String, options: StoreOptions, write: (String) throws -> Void) throws {
        let store = try Store.open(storedAt: path, options: options)
        defer { store.close() }
        let held = Dictionary(store.storeSchema.tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in sqlTables {
            guard let definition = expected[name] else { continue }
            guard let stored = held[name] else {
                throw Refusal(description: "store \(path) has no table '\(name)' of schema '\(schema.name)'\n" + Self.versionHint)
            }
            if stored != definition {
                throw Refusal(description: "table '\(name)' of store \(path) differs from schema '\(schema.name)': "
                              + Self.differences(stored: stored, schema: definition) + "\n" + Self.versionHint)
            }
        }
        try render(from: store, source: path, write: write)
    }

    /// The script of JSON Lines dumps (`schemagen store dump`): `<directory>/<table>.jsonl` per
    /// table of the schema (a table without a file is empty). The rows are loaded into a
    /// temporary store first, so every value, key and reference is checked as on `store load`.
    func script(ofDumpsIn directory: String, write: (String) throws -> Void) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".jsonl") }.sorted()
        let tables = Set(sqlTables)
        if let stray = files.first(where: { !tables.contains(String($0.dropLast(".jsonl".count))) }) {
            throw Refusal(description: "\(directory)/\(stray) names no table of schema '\(schema.name)'; tables: "
                          + sqlTables.joined(separator: ", "))
        }
        let temporary = NSTemporaryDirectory() + "schemagen-export-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        var options = StoreOptions()
        options.durability = .unsynced
        let store = try Store.open(at: temporary, schema: StoreSchema(tables: Array(expected.values).sorted { $0.name < $1.name }),
                                   options: options)
        defer { store.close() }
        let loadOrder = try PostgresDataScript.parentsFirst(sqlTables.compactMap { expected[$0] })
        for table in loadOrder.map(\.name) where files.contains(table + ".jsonl") {
            let file = directory + "/" + table + ".jsonl"
            do {
                try store.importJSONLines(table: table, from: file)
            } catch let error as StoreOperationError {
                throw Refusal(description: "\(file): \(error)")
            }
        }
        try render(from: store, source: directory, write: write)
    }

    private func render(from store: Store, source: String, write: (String) throws -> Void) throws {
        // One snapshot for every table: the script is one consistent state of the store.
        let snapshot = store.snapshot
        let rows: PostgresDataScript.TableSource = { definition in
            var cursor = try snapshot.cursor(definition.name)
            var rows: [Row] = []
            while let row = cursor.next() { rows.append(row) }
            if let failure = cursor.failure { throw failure }
            return PostgresDataScript.Table(definition: definition, rows: rows,
                                            lastAutoID: try snapshot.lastAutoIncrementID(definition.name))
        }
        try PostgresDataScript().render(sqlTables.compactMap { expected[$0] }, rows: rows, schemaName: schema.name,
                                        source: source, write: write)
    }

    private static let versionHint = "hint: the store holds another version of the schema; open it once with the generated code "
        + "of this schema (which migrates it) and export again, or export with the schema file it was written with"

    /// What differs between the store's table and the schema's, column by column.
    private static func differences(stored: TableDefinition, schema: TableDefinition) -> String {
        var parts: [String] = []
        let storedColumns = Dictionary(stored.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let schemaColumns = Dictionary(schema.columns.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = schema.columns.map(\.name).filter { storedColumns[$0] == nil }
        let extra = stored.columns.map(\.name).filter { schemaColumns[$0] == nil }
        if !missing.isEmpty { parts.append("the store lacks column" + (missing.count == 1 ? " " : "s ") + missing.joined(separator: ", ")) }
        if !extra.isEmpty { parts.append("the schema has no column" + (extra.count == 1 ? " " : "s ") + extra.joined(separator: ", ")) }
        for column in schema.columns {
            guard let held = storedColumns[column.name], held != column else { continue }
            parts.append("column \(column.name) is \(label(held)) in the store, \(label(column)) in the schema")
        }
        if parts.isEmpty, stored.columns.map(\.name) != schema.columns.map(\.name) { parts.append("the columns are in another order") }
        if parts.isEmpty { parts.append("keys, indexes or foreign keys differ") }
        return parts.joined(separator: "; ")
    }

    private static func label(_ column: ColumnDefinition) -> String {
        let shape = column.shape.map { "\($0)" } ?? column.type.rawValue
        return shape + (column.isNullable ? "?" : "")
    }
}
