import SchemaGenPostgres
import SchemaGenRuntime

/// The type a column has on the server, as far as reading and writing store values needs it.
enum ServerColumnType: Sendable, Hashable {
    case int16, int32, int64, double, real, numeric, text, bool, timestamptz, timestamp, date, uuid, bytea, json, jsonb
    /// A value of the named enum type.
    case enumeration(String)
    /// Any other type, by its name in `pg_type` (only reachable through values it can take as text).
    case other(String)
    /// A `numeric` column holding a store decimal of `precision` digits, `scale` after the
    /// point: the store keeps the integer scaled by 10^`scale`, the server the exact decimal.
    case decimal(precision: Int, scale: Int)
    /// A `json` or `jsonb` (`binary`) column holding a store JSON value, nested document or array:
    /// the store keeps the compact binary of `shape`, the server its JSON form
    /// (``SchemaGenRuntime/PortableValue/jsonText()``).
    case document(ValueShape, binary: Bool)
    /// A `char(24)` column holding a store object id (12 bytes) as lowercase hex.
    case objectIDText

    init(typeName: String, kind: String) {
        switch typeName {
        case "int2": self = .int16
        case "int4": self = .int32
        case "int8": self = .int64
        case "float8": self = .double
        case "float4": self = .real
        case "numeric": self = .numeric
        case "text", "varchar", "bpchar", "name", "citext": self = .text
        case "bool": self = .bool
        case "timestamptz": self = .timestamptz
        case "timestamp": self = .timestamp
        case "date": self = .date
        case "uuid": self = .uuid
        case "bytea": self = .bytea
        case "json": self = .json
        case "jsonb": self = .jsonb
        default: self = kind == "e" ? .enumeration(typeName) : .other(typeName)
        }
    }

    /// The type of a column of server type `self` holding `column`'s store values: the store
    /// encodes decimals, documents and object ids in its own way (``ValueShape``), which
    /// crossing to the server undoes.
    func holding(_ column: ColumnDefinition) -> ServerColumnType {
        switch (self, column.shape) {
        case (.numeric, .decimal(let precision, let scale)?): .decimal(precision: precision, scale: scale)
        case (.json, let shape?), (.jsonb, let shape?):
            switch shape {
            case .json, .document, .array: .document(shape, binary: self == .jsonb)
            default: self
            }
        case (.text, .objectID?): .objectIDText
        default: self
        }
    }

    /// The server type's name, for errors (`numeric(12, 3)`, `jsonb`, an enum type's name).
    var label: String {
        switch self {
        case .int16: "smallint"
        case .int32: "integer"
        case .int64: "bigint"
        case .double: "double precision"
        case .real: "real"
        case .numeric: "numeric"
        case .text: "text"
        case .bool: "boolean"
        case .timestamptz: "timestamptz"
        case .timestamp: "timestamp"
        case .date: "date"
        case .uuid: "uuid"
        case .bytea: "bytea"
        case .json: "json"
        case .jsonb: "jsonb"
        case .enumeration(let name), .other(let name): name
        case .decimal(let precision, let scale): "numeric(\(precision), \(scale))"
        case .document(_, let binary): binary ? "jsonb" : "json"
        case .objectIDText: "char(24)"
        }
    }

    /// Whether comparisons and ordering go through the column's text (enums and strings in the
    /// "C" collation: the store orders strings by their UTF-8 bytes, enums by their text).
    var comparesAsText: Bool {
        switch self {
        case .text, .enumeration: true
        default: false
        }
    }
}

/// One table as the server has it: the store definition, the server type of each column (in
/// the definition's order) and what the backend derives from them once.
struct ServerTable: Sendable {
    let definition: TableDefinition
    let types: [ServerColumnType]
    let columnIndex: [String: Int]
    let primaryKey: [Int]

    /// The column's SQL name, quoted (every name comes from the store layout, which uses the
    /// SQL emitter's physical names; the catalog check proved the server has each one).
    func quoted(_ position: Int) -> String { SQLName.quoted(definition.columns[position].name) }

    /// The column as an expression that compares and orders as the store does.
    func comparable(_ position: Int) -> String {
        switch types[position] {
        case .enumeration: "\(quoted(position))::text COLLATE \"C\""
        case .text: "\(quoted(position)) COLLATE \"C\""
        default: quoted(position)
        }
    }

    /// The column as selected: enums as their text.
    func selected(_ position: Int) -> String {
        if case .enumeration = types[position] { return "\(quoted(position))::text" }
        return quoted(position)
    }
}

/// Double-quoted SQL identifiers.
enum SQLName {
    /// `name` quoted for PostgreSQL (`"` doubled).
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

/// The store layout matched against the server's catalog: every table and column the store
/// schema names must exist on the server under the same name (the store layout and the SQL DDL
/// take their names from the one naming authority, so a mismatch means the database is not the
/// schema's).
struct PostgresTableCatalog: Sendable {
    let layouts: TableCatalog
    private let tables: [String: ServerTable]

    /// Reads the column types of the store schema's tables from the server's catalog: all of
    /// them, or only `sqlTables` (a schema whose collections live in MongoDB has no SQL table for them).
    init(schema: StoreSchema, sqlTables: Set<String>? = nil, connection: PostgresConnection) throws {
        layouts = try TableCatalog(schema)
        let rows = try connection.queryBlocking("""
            SELECT c.relname::text, a.attname::text, t.typname::text, t.typtype::text
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            WHERE n.nspname = ANY (pg_catalog.current_schemas(false))
              AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            """)
        var server: [String: [String: ServerColumnType]] = [:]
        for row in rows {
            guard case .text(let table) = row[0], case .text(let column) = row[1], case .text(let type) = row[2],
                  case .text(let kind) = row[3] else { continue }
            server[table, default: [:]][column] = ServerColumnType(typeName: type, kind: kind)
        }
        var tables: [String: ServerTable] = [:]
        var missing: [String] = []
        for definition in schema.tables where sqlTables?.contains(definition.name) ?? true {
            guard let columns = server[definition.name] else {
                missing.append("table \(definition.name)")
                continue
            }
            var types: [ServerColumnType] = []
            for column in definition.columns {
                guard let type = columns[column.name] else {
                    missing.append("column \(definition.name).\(column.name)")
                    continue
                }
                types.append(type.holding(column))
            }
            let index = Dictionary(uniqueKeysWithValues: definition.columns.enumerated().map { ($1.name, $0) })
            tables[definition.name] = ServerTable(definition: definition, types: types, columnIndex: index,
                                                  primaryKey: definition.primaryKey.compactMap { index[$0] })
        }
        guard missing.isEmpty else { throw PostgresSchemaMismatch(missing: missing) }
        self.tables = tables
    }

    /// Whether the database has the table `name` (a schema's MongoDB collections have none).
    func has(_ name: String) -> Bool { tables[name] != nil }

    /// The table named `name`; throws `StoreError.unknownTable` as the store does.
    func table(_ name: String) throws -> ServerTable {
        guard let table = tables[name] else { throw StoreError.unknownTable(name) }
        return table
    }
}

/// The database lacks tables or columns the schema's store layout names: it was not created
/// from this schema's DDL (or a migration is missing).
public struct PostgresSchemaMismatch: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is missing, e.g. `table users`, `column users.username`.
    public let missing: [String]

    /// An error naming what is `missing`.
    public init(missing: [String]) { self.missing = missing }

    /// A sentence naming what is missing and what to do.
    public var description: String {
        "the database does not match the schema: missing \(missing.joined(separator: ", ")); "
            + "apply the generated postgres.sql (or the pending migrations: schemagen migrate …) first"
    }
}
