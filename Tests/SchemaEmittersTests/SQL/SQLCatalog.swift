import SchemaEmitters
import SchemaLanguage

/// What a database's catalog says about its tables, read back the same way in every dialect.
struct SQLCatalog: Equatable {
    /// A column as the catalog describes it.
    struct Column: Equatable, CustomStringConvertible {
        var table: String
        var name: String
        var type: String
        var nullable: Bool
        var description: String { "\(table).\(name) \(type)\(nullable ? "?" : "")" }
    }

    /// An index as the catalog describes it (primary keys excluded).
    struct IndexInfo: Equatable {
        var table: String
        var name: String
        var unique: Bool
        var columns: [String]
        /// Per column, whether it sorts descending.
        var descending: [Bool]
        /// The partial index's condition as the server prints it back; nil for a full index.
        var condition: String?
    }

    var columns: [Column]
    /// Primary-key columns per table, in key order.
    var primaryKeys: [String: [String]]
    var indexes: [IndexInfo]

    /// Reads the catalog of a test database.
    static func read(_ db: SQLTestDatabase) throws -> SQLCatalog {
        switch db.dialect {
        case .postgres: try postgres(db)
        case .mysql: try mysql(db)
        case .sqlite: try sqlite(db)
        }
    }

    private static func postgres(_ db: SQLTestDatabase) throws -> SQLCatalog {
        let columns = try db.query("""
            SELECT table_name, column_name, CASE WHEN data_type = 'USER-DEFINED' THEN udt_name ELSE data_type END, is_nullable
            FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
            """).map { Column(table: $0[0], name: $0[1], type: $0[2], nullable: $0[3] == "YES") }
        let keys = try db.query("""
            SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu
              ON kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
            WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public'
            ORDER BY tc.table_name, kcu.ordinal_position
            """)
        let indexes = try db.query("""
            SELECT t.relname, i.relname, ix.indisunique,
                   array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                                         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                                         ORDER BY k.ord), ','),
                   array_to_string(ARRAY(SELECT CASE WHEN (ix.indoption[k.ord - 1] & 1) = 1 THEN 'd' ELSE 'a' END
                                         FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) ORDER BY k.ord), ','),
                   COALESCE(pg_get_expr(ix.indpred, ix.indrelid), '')
            FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND NOT ix.indisprimary ORDER BY 1, 2
            """).map { IndexInfo(table: $0[0], name: $0[1], unique: $0[2] == "t", columns: $0[3].split(separator: ",").map(String.init),
                                 descending: $0[4].split(separator: ",").map { $0 == "d" }, condition: $0[5].isEmpty ? nil : $0[5]) }
        return SQLCatalog(columns: columns, primaryKeys: grouped(keys), indexes: indexes)
    }

    private static func mysql(_ db: SQLTestDatabase) throws -> SQLCatalog {
        let columns = try db.query("""
            SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, IS_NULLABLE FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION
            """).map { Column(table: $0[0], name: $0[1], type: $0[2], nullable: $0[3] == "YES") }
        let statistics = try db.query("""
            SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COLLATION FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """)
        let keys = statistics.filter { $0[1] == "PRIMARY" }.map { [$0[0], $0[3]] }
        var indexes: [IndexInfo] = []
        for row in statistics where row[1] != "PRIMARY" {
            if let last = indexes.last, last.table == row[0], last.name == row[1] {
                indexes[indexes.count - 1].columns.append(row[3])
                indexes[indexes.count - 1].descending.append(row[4] == "D")
            } else {
                // MySQL has no partial indexes: no condition to read back.
                indexes.append(IndexInfo(table: row[0], name: row[1], unique: row[2] == "0", columns: [row[3]],
                                         descending: [row[4] == "D"], condition: nil))
            }
        }
        return SQLCatalog(columns: columns, primaryKeys: grouped(keys), indexes: indexes)
    }

    private static func sqlite(_ db: SQLTestDatabase) throws -> SQLCatalog {
        let info = try db.query("""
            SELECT m.name, p.name, p.type, p."notnull", p.pk FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid
            """)
        let columns = info.map { Column(table: $0[0], name: $0[1], type: $0[2], nullable: $0[3] == "0") }
        let keys = info.filter { $0[4] != "0" }.sorted { ($0[0], Int($0[4])!) < ($1[0], Int($1[4])!) }.map { [$0[0], $0[1]] }
        let rows = try db.query("""
            SELECT m.name, il.name, il."unique", ii.name, ii."desc", il.partial, COALESCE(x.sql, '') FROM sqlite_master AS m
            JOIN pragma_index_list(m.name) AS il JOIN pragma_index_xinfo(il.name) AS ii
            LEFT JOIN sqlite_master AS x ON x.type = 'index' AND x.name = il.name
            WHERE m.type = 'table' AND il.origin = 'c' AND ii.key = 1 ORDER BY m.name, il.name, ii.seqno
            """)
        var indexes: [IndexInfo] = []
        for row in rows {
            if let last = indexes.last, last.table == row[0], last.name == row[1] {
                indexes[indexes.count - 1].columns.append(row[3])
                indexes[indexes.count - 1].descending.append(row[4] == "1")
            } else {
                // SQLite keeps the CREATE INDEX text; a partial index's condition follows its WHERE.
                let condition = row[5] == "1" ? row[6].range(of: " WHERE ").map { String(row[6][$0.upperBound...]) } : nil
                indexes.append(IndexInfo(table: row[0], name: row[1], unique: row[2] == "1", columns: [row[3]],
                                         descending: [row[4] == "1"], condition: condition))
            }
        }
        return SQLCatalog(columns: columns, primaryKeys: grouped(keys), indexes: indexes)
    }

    private static func grouped(_ rows: [[String]]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for row in rows { result[row[0], default: []].append(row[1]) }
        return result
    }
}

/// The catalog type each dialect reports for a schema type: `docs/sql-types.md` as the servers
/// see it, written out independently of the emitter.
enum ExpectedCatalogType {
    /// The field's type in its chosen storage (``Field/storage``), as the catalog names it.
    static func of(_ field: Field, in dialect: SQLDialect) -> Set<String> {
        switch (dialect, field.type, field.storage) {
        case (.postgres, .timestamp, let storage) where storage.timestamp == .naive: return ["timestamp without time zone"]
        case (.mysql, .timestamp, let storage) where storage.timestamp == .zoned: return ["timestamp"]
        case (.postgres, .enumeration, let storage) where storage.enumeration.map({ $0 != .native }) ?? false:
            return ["character varying"]
        case (.mysql, .enumeration, let storage) where storage.enumeration.map({ $0 != .native }) ?? false:
            return ["varchar"]
        default: return of(field.type, in: dialect)
        }
    }

    static func of(_ type: FieldType, in dialect: SQLDialect) -> Set<String> {
        switch dialect {
        case .sqlite:
            switch type {
            case .int32, .int64, .bool: ["INTEGER"]
            case .double: ["REAL"]
            case .decimal(let p, let s): ["NUMERIC(\(p), \(s))"]
            case .bytes: ["BLOB"]
            default: ["TEXT"]
            }
        case .postgres:
            switch type {
            case .int32: ["integer"]
            case .int64: ["bigint"]
            case .double: ["double precision"]
            case .decimal: ["numeric"]
            case .bool: ["boolean"]
            case .string(let max): [max == nil ? "text" : "character varying"]
            case .text: ["text"]
            case .timestamp: ["timestamp with time zone"]
            case .date: ["date"]
            case .uuid: ["uuid"]
            case .bytes: ["bytea"]
            case .objectID: ["character"]
            case .enumeration(let enumType): [enumType.name]
            case .json, .nested, .array: ["jsonb"]
            }
        case .mysql:
            switch type {
            case .int32: ["int"]
            case .int64: ["bigint"]
            case .double: ["double"]
            case .decimal: ["decimal"]
            case .bool: ["tinyint"]
            case .string: ["varchar"]
            case .text: ["text"]
            case .timestamp: ["datetime"]
            case .date: ["date"]
            case .uuid, .objectID: ["char"]
            case .bytes: ["longblob"]
            case .enumeration: ["enum"]
            // MariaDB's JSON is LONGTEXT with a json_valid check; MySQL has a real JSON type.
            case .json, .nested, .array: ["json", "longtext"]
            }
        }
    }
}
