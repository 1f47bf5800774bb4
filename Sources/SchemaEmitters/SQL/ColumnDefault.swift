import SchemaLanguage

/// The `DEFAULT` expression of a column in each dialect.
enum ColumnDefault {
    /// An expression producing a random (version 4) UUID as lowercase text. SQLite has no UUID
    /// function; this builds the 8-4-4-4-12 form from `randomblob`, with the version nibble `4`
    /// and the variant nibble one of `8 9 a b`.
    static let sqliteUUIDv4 = "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
        + "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (random() & 3), 1) || "
        + "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"

    /// The default expression, or nil when the column has none. A generated (`auto`) UUID gets
    /// the same default as `= uuid`.
    static func expression(for field: Field, in dialect: SQLDialect) -> String? {
        if field.type == .uuid && field.isAuto { return generatedUUID(dialect) }
        guard let value = field.defaultValue else { return nil }
        let text: String
        switch value {
        case .integer(let integer): text = String(integer)
        case .number(_, let spelling): text = spelling
        case .string(let string): text = dialect.string(string)
        case .bool(let flag): text = dialect.bool(flag)
        case .null: return "NULL"
        case .now: return field.type == .date ? currentDate(dialect) : dialect.currentTimestamp(for: field)
        case .generatedUUID: return generatedUUID(dialect)
        case .enumCase(let enumCase): text = dialect.string(enumCase.rawValue)
        case .emptyArray: text = document("[]", dialect)
        case .emptyObject: text = document("{}", dialect)
        }
        // MySQL accepts defaults on TEXT, BLOB and JSON columns only as expressions.
        if dialect == .mysql && SQLColumnType.needsMySQLExpressionDefault(field.type) { return "(\(text))" }
        return text
    }

    private static func document(_ json: String, _ dialect: SQLDialect) -> String {
        dialect == .postgres ? "'\(json)'::jsonb" : dialect.string(json)
    }

    private static func generatedUUID(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: sqliteUUIDv4
        case .postgres: "gen_random_uuid()"
        case .mysql: "(UUID())"
        }
    }

    private static func currentDate(_ dialect: SQLDialect) -> String {
        dialect == .mysql ? "(CURRENT_DATE)" : "CURRENT_DATE"
    }
}
