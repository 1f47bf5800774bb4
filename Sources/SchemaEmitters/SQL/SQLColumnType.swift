import SchemaLanguage

/// The column type of a field in each dialect; `docs/sql-types.md` is this table in prose.
///
/// Documents (`json`, nested types, arrays) are JSON in every dialect: `jsonb`, MySQL `JSON`, and
/// SQLite `TEXT` guarded by `json_valid`. Enums are a PostgreSQL `CREATE TYPE`, a MySQL `ENUM(...)`,
/// and SQLite `TEXT` with a `CHECK (… IN …)`.
enum SQLColumnType {
    /// The type as written in `CREATE TABLE`.
    static func declaration(of type: FieldType, in dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: sqlite(type)
        case .postgres: postgres(type)
        case .mysql: mysql(type)
        }
    }

    /// The column type of a field: its type in its chosen storage (``Field/storage``). A serial
    /// key's type is the plain integer here; `CREATE TABLE` spells it `serial` (``ColumnDefinition``).
    static func declaration(of field: Field, in dialect: SQLDialect) -> String {
        switch (dialect, field.type) {
        case (.postgres, .timestamp) where field.storage.timestamp == .naive: return "timestamp"
        case (.mysql, .timestamp) where field.storage.timestamp == .zoned: return "TIMESTAMP(6)"
        case (.postgres, .enumeration(let enumType)), (.mysql, .enumeration(let enumType)):
            guard let length = varcharLength(of: field, enumType) else { break }
            return dialect == .postgres ? "varchar(\(length))" : "VARCHAR(\(length))"
        default: break
        }
        return declaration(of: field.type, in: dialect)
    }

    /// The length of an enum column stored as varchar (its own or its longest value's), or nil
    /// when the enum is stored natively.
    static func varcharLength(of field: Field, _ enumType: EnumType) -> Int? {
        guard case .varchar(let length) = field.storage.enumeration else { return nil }
        return length ?? max(1, enumType.rawValues.map(\.count).max() ?? 1)
    }

    private static func sqlite(_ type: FieldType) -> String {
        switch type {
        case .int32, .int64, .bool: "INTEGER"
        case .double: "REAL"
        case .decimal(let precision, let scale): "NUMERIC(\(precision), \(scale))"
        case .string, .text, .timestamp, .date, .uuid, .objectID, .enumeration: "TEXT"
        case .bytes: "BLOB"
        case .json, .nested, .array: "TEXT"
        }
    }

    private static func postgres(_ type: FieldType) -> String {
        switch type {
        case .int32: "integer"
        case .int64: "bigint"
        case .double: "double precision"
        case .decimal(let precision, let scale): "numeric(\(precision), \(scale))"
        case .bool: "boolean"
        case .string(let maxLength): maxLength.map { "varchar(\($0))" } ?? "text"
        case .text: "text"
        case .timestamp: "timestamptz"
        case .date: "date"
        case .uuid: "uuid"
        case .bytes: "bytea"
        case .objectID: "char(24)"
        case .enumeration(let enumType): SQLDialect.postgres.quote(enumType.name)
        case .json, .nested, .array: "jsonb"
        }
    }

    private static func mysql(_ type: FieldType) -> String {
        switch type {
        case .int32: "INT"
        case .int64: "BIGINT"
        case .double: "DOUBLE"
        case .decimal(let precision, let scale): "DECIMAL(\(precision), \(scale))"
        case .bool: "BOOLEAN"
        // An unbounded `string` is short text: VARCHAR(255) keeps it indexable, which TEXT is not.
        case .string(let maxLength): "VARCHAR(\(maxLength ?? 255))"
        case .text: "TEXT"
        // DATETIME, not TIMESTAMP: no 2038 limit and no session time-zone conversion.
        case .timestamp: "DATETIME(6)"
        case .date: "DATE"
        case .uuid: "CHAR(36)"
        case .bytes: "LONGBLOB"
        case .objectID: "CHAR(24)"
        case .enumeration(let enumType):
            "ENUM(" + enumType.rawValues.map(SQLDialect.mysql.string).joined(separator: ", ") + ")"
        case .json, .nested, .array: "JSON"
        }
    }

    /// Whether MySQL needs a key prefix length to index the column (TEXT and BLOB types).
    static func needsMySQLKeyPrefix(_ type: FieldType) -> Bool {
        switch type {
        case .text, .bytes: true
        default: false
        }
    }

    /// Whether MySQL only accepts a default for the column written as an expression `(…)`.
    static func needsMySQLExpressionDefault(_ type: FieldType) -> Bool {
        switch type {
        case .text, .bytes, .json, .nested, .array: true
        default: false
        }
    }
}
