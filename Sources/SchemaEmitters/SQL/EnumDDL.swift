import SchemaLanguage

/// PostgreSQL `CREATE TYPE … AS ENUM` for the enums table columns use. Enums that appear only
/// inside JSON documents (nested types, arrays) or caches need no type: their values are JSON text.
/// MySQL spells enums inline (`ENUM(…)`) and SQLite checks them, so neither needs a statement.
enum EnumDDL {
    /// The enums stored natively in some column of the tables, in schema order (an enum every
    /// column stores as varchar needs no type).
    static func columnEnums(of schema: Schema, tables: [Entity]) -> [EnumType] {
        var used: Set<String> = []
        for table in tables {
            for field in table.fields {
                if case .enumeration(let enumType) = field.type, SQLColumnType.varcharLength(of: field, enumType) == nil {
                    used.insert(enumType.name)
                }
            }
        }
        return schema.enums.filter { used.contains($0.name) }
    }

    /// The `CREATE TYPE` statement, preceded by the enum's docs; `COMMENT ON TYPE` when documented.
    static func postgres(_ enumType: EnumType) -> String {
        let dialect = SQLDialect.postgres
        var lines = DocText.lineComments(enumType.doc)
        let values = enumType.rawValues.map(dialect.string).joined(separator: ", ")
        lines.append("CREATE TYPE \(dialect.quote(enumType.name)) AS ENUM (\(values));")
        if let doc = DocText.joined(enumType.doc) {
            lines.append("COMMENT ON TYPE \(dialect.quote(enumType.name)) IS \(dialect.string(doc));")
        }
        return lines.joined(separator: "\n")
    }
}
