import SchemaLanguage

/// `CREATE [UNIQUE] INDEX` for one index of a table.
struct IndexStatement {
    let index: Index
    let entity: Entity
    let dialect: SQLDialect
    /// Why the index exists when the schema did not declare it (a retention job's lookup).
    var reason: String?

    /// MySQL indexes only a prefix of TEXT and BLOB columns; 255 characters of utf8mb4 stay well
    /// inside InnoDB's 3072-byte key limit even for compound indexes.
    static let mysqlKeyPrefix = 255

    /// The statement, with comments for what the dialect cannot express.
    func render() -> String {
        var lines: [String] = []
        if let reason { lines.append(SQLDialect.comment(reason)) }
        var unique = index.isUnique
        var condition = index.condition.map { ConditionRenderer(dialect: dialect, entity: entity).render($0) }
        if let partial = condition, dialect == .mysql {
            lines.append(SQLDialect.comment("MySQL has no partial indexes: this index covers every row, not only WHERE \(partial)."))
            if unique {
                lines.append("-- Uniqueness among those rows alone cannot be enforced here, so the index is not unique.")
                unique = false
            }
            condition = nil
        }
        if let ttl = index.ttl {
            lines.append(SQLDialect.comment("ttl \(ttl.text) expires MongoDB documents only; tables use retain rules."))
        }
        var prefixed: [String] = []
        let columns = index.columns.map { column -> String in
            let field = entity.field(named: column.field)
            var text = dialect.quote(field?.physicalName ?? column.field)
            if dialect == .mysql, let field, SQLColumnType.needsMySQLKeyPrefix(field.type) {
                text += "(\(Self.mysqlKeyPrefix))"
                prefixed.append(field.physicalName)
            }
            return column.descending ? text + " DESC" : text
        }
        if !prefixed.isEmpty {
            lines.append(SQLDialect.comment("MySQL indexes the first \(Self.mysqlKeyPrefix) characters of \(prefixed.joined(separator: ", "))"
                                            + (unique ? "; values equal there count as duplicates." : ".")))
        }
        var statement = "CREATE \(unique ? "UNIQUE " : "")INDEX \(dialect.quote(SQLName.limited(index.name))) "
            + "ON \(dialect.quote(entity.physicalName)) (\(columns.joined(separator: ", ")))"
        if let condition { statement += " WHERE \(condition)" }
        lines.append(statement + ";")
        return lines.joined(separator: "\n")
    }
}
