import SchemaLanguage

/// `CREATE TABLE` for one entity, with its primary key, foreign keys, checks and comments.
struct TableStatement {
    let entity: Entity
    let schema: Schema
    let dialect: SQLDialect
    /// Foreign keys written later by ``foreignKeyAlterations`` (PostgreSQL and MySQL cycles).
    let order: ForeignKeyOrder
    /// The name to create the table under, when not its own (a SQLite rebuild creates `new_<table>` first).
    var createdName: String? = nil

    /// The statement, preceded by the table's docs as `--` comments; for PostgreSQL followed by
    /// `COMMENT ON` statements.
    func render() -> String {
        var lines = DocText.lineComments(entity.doc)
        lines.append("CREATE TABLE \(dialect.quote(createdName ?? entity.physicalName)) (")
        var items: [[String]] = []  // each item: its comment lines, then its definition last
        let inlineKey = entity.primaryKey.count == 1 ? entity.primaryKey[0] : nil
        var checks: [CheckConstraint] = []

        for field in entity.fields {
            var item = dialect == .sqlite ? DocText.lineComments(field.doc, indent: "  ") : []
            let (check, omissions) = CheckConstraint.forColumn(field, of: entity, in: dialect)
            item += omissions.map { "  " + SQLDialect.comment("Not checked: \($0).") }
            if let check { checks.append(check) }
            item.append("  " + ColumnDefinition.render(field, inlinePrimaryKey: field.name == inlineKey, in: dialect))
            items.append(item)
        }
        if entity.primaryKey.count > 1 {
            let columns = entity.primaryKeyFields.map { dialect.quote($0.physicalName) }.joined(separator: ", ")
            items.append(["  PRIMARY KEY (\(columns))"])
        }
        if dialect == .postgres {
            for key in OwnerScopedReference.referencedKeys(of: entity, in: schema) {
                let name = SQLName.limited((["uq", entity.physicalName] + key).joined(separator: "_"))
                items.append(["  CONSTRAINT \(dialect.quote(name)) UNIQUE (\(key.map(dialect.quote).joined(separator: ", ")))"])
            }
        }
        for (field, reference) in entity.foreignKeys
        where dialect == .sqlite || !order.isDeferred(table: entity.name, field: field.name) {
            items.append(["  " + foreignKey(field, reference)])
        }
        for check in checks {
            items.append(["  CONSTRAINT \(dialect.quote(check.name)) CHECK (\(check.expression))"])
        }
        for (index, item) in items.enumerated() {
            lines += item.dropLast()
            lines.append(item.last! + (index == items.count - 1 ? "" : ","))
        }
        lines.append(")" + tableOptions() + ";")
        if dialect == .postgres && createdName == nil { lines += postgresComments() }
        return lines.joined(separator: "\n")
    }

    /// `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY` for this table's deferred foreign keys.
    func foreignKeyAlterations() -> [String] {
        guard dialect != .sqlite else { return [] }
        return entity.foreignKeys.filter { order.isDeferred(table: entity.name, field: $0.field.name) }.map {
            "ALTER TABLE \(dialect.quote(entity.physicalName)) ADD \(foreignKey($0.field, $0.reference));"
        }
    }

    /// `CONSTRAINT fk_<table>_<column> FOREIGN KEY (…) REFERENCES parent (…) ON DELETE …`.
    func foreignKey(_ field: Field, _ reference: Reference) -> String {
        let parent = schema.entity(named: reference.entity)
        let parentTable = parent?.physicalName ?? reference.entity
        let parentColumn = parent?.field(named: reference.field)?.physicalName ?? reference.field
        let name = SQLName.make("fk", entity.physicalName, field.physicalName)
        var action: String
        switch reference.onDelete {
        case .cascade: action = "CASCADE"
        case .setNull: action = "SET NULL"
        case .restrict: action = "RESTRICT"
        }
        // MySQL runs no trigger for rows a foreign key's action changes, so an append-only table's
        // guards would not see them: refuse the parent's delete instead, as the guards do elsewhere.
        if dialect == .mysql && entity.isAppendOnly { action = "RESTRICT" }
        if dialect == .postgres, let owners = OwnerScopedReference.owners(of: field, in: entity, to: reference, schema: schema) {
            // SET NULL names the column: nulling the owner too would break the row's NOT NULL owner.
            if reference.onDelete == .setNull { action += " (\(dialect.quote(field.physicalName)))" }
            return "CONSTRAINT \(dialect.quote(name)) FOREIGN KEY (\(dialect.quote(owners.child.physicalName)), \(dialect.quote(field.physicalName))) "
                + "REFERENCES \(dialect.quote(parentTable)) (\(dialect.quote(owners.parent.physicalName)), \(dialect.quote(parentColumn))) "
                + "ON DELETE \(action)"
        }
        return "CONSTRAINT \(dialect.quote(name)) FOREIGN KEY (\(dialect.quote(field.physicalName))) "
            + "REFERENCES \(dialect.quote(parentTable)) (\(dialect.quote(parentColumn))) ON DELETE \(action)"
    }

    private func tableOptions() -> String {
        guard dialect == .mysql else { return "" }
        // utf8mb4 for full Unicode; the binary collation compares text as PostgreSQL (C collation)
        // and SQLite do, so `Foo` and `foo` are different unique names and enum values match exactly.
        var options = " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
        if let doc = DocText.joined(entity.doc) {
            options += " COMMENT=\(dialect.string(DocText.truncated(doc, to: 2048)))"
        }
        return options
    }

    /// `COMMENT ON TABLE` and `COMMENT ON COLUMN` for the documented table and columns.
    func postgresComments() -> [String] {
        var lines: [String] = []
        let table = dialect.quote(entity.physicalName)
        if let doc = DocText.joined(entity.doc) {
            lines.append("COMMENT ON TABLE \(table) IS \(dialect.string(doc));")
        }
        for field in entity.fields {
            if let doc = DocText.joined(field.doc) {
                lines.append("COMMENT ON COLUMN \(table).\(dialect.quote(field.physicalName)) IS \(dialect.string(doc));")
            }
        }
        return lines
    }
}
