import SchemaLanguage

/// `on update now`: the column takes the current time whenever a row is updated, unless the
/// update itself assigned it a new value (the behaviour of MySQL's `ON UPDATE CURRENT_TIMESTAMP`,
/// which every dialect follows).
///
/// MySQL says it on the column for `timestamp` fields (see ``ColumnDefinition``); SQLite needs an
/// `AFTER UPDATE` trigger that writes the row again, PostgreSQL a `BEFORE UPDATE` trigger function.
enum TimestampTrigger {
    /// The statements for one table, empty when no field updates on write.
    static func statements(for entity: Entity, in dialect: SQLDialect) -> [String] {
        let fields = entity.fields.filter(\.updatesOnWrite)
        guard !fields.isEmpty else { return [] }
        switch dialect {
        case .sqlite: return fields.map { sqlite(entity, $0) }
        case .postgres: return [postgres(entity, fields), pinnedSearchPath(entity)]
        case .mysql:
            let dates = fields.filter { $0.type != .timestamp }
            return dates.isEmpty ? [] : [mysql(entity, dates)]
        }
    }

    private static func now(_ field: Field, _ dialect: SQLDialect) -> String {
        field.type == .date ? "CURRENT_DATE" : dialect.currentTimestamp(for: field)
    }

    private static func sqlite(_ entity: Entity, _ field: Field) -> String {
        let d = SQLDialect.sqlite
        let table = d.quote(entity.physicalName)
        let column = d.quote(field.physicalName)
        let name = d.quote(SQLName.make("trg", entity.physicalName, field.physicalName, "on_update"))
        let key = entity.primaryKeyFields.map { "\(d.quote($0.physicalName)) = NEW.\(d.quote($0.physicalName))" }
        let match = key.isEmpty ? "rowid = NEW.rowid" : key.joined(separator: " AND ")
        return """
            CREATE TRIGGER \(name) AFTER UPDATE ON \(table)
            FOR EACH ROW WHEN NEW.\(column) IS OLD.\(column)
            BEGIN
              UPDATE \(table) SET \(column) = \(now(field, d)) WHERE \(match);
            END;
            """
    }

    private static func postgres(_ entity: Entity, _ fields: [Field]) -> String {
        let d = SQLDialect.postgres
        let function = postgresFunctionName(entity)
        let trigger = d.quote(SQLName.make("trg", entity.physicalName, "touch"))
        let body = fields.map { field in
            let column = d.quote(field.physicalName)
            return """
                  IF NEW.\(column) IS NOT DISTINCT FROM OLD.\(column) THEN
                    NEW.\(column) := \(now(field, d));
                  END IF;
                """
        }.joined(separator: "\n")
        // Column names are schema text: the quoting tag must be one they cannot close.
        let quotedBody = SQLDialect.dollarQuoted("\nBEGIN\n\(body)\n  RETURN NEW;\nEND;\n")
        return """
            CREATE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS \(quotedBody);
            CREATE TRIGGER \(trigger) BEFORE UPDATE ON \(d.quote(entity.physicalName))
            FOR EACH ROW EXECUTE FUNCTION \(function)();
            """
    }

    /// The function body resolves names only in the catalog, never through a schema another role
    /// could plant objects in.
    private static func pinnedSearchPath(_ entity: Entity) -> String {
        "ALTER FUNCTION \(postgresFunctionName(entity))() SET search_path = pg_catalog, pg_temp;"
    }

    /// The trigger function of one table, schema-qualified.
    static func postgresFunctionName(_ entity: Entity) -> String {
        "public." + SQLDialect.postgres.quote(SQLName.make("touch", entity.physicalName))
    }

    /// `date` columns: MySQL's `ON UPDATE` only exists for DATETIME and TIMESTAMP.
    private static func mysql(_ entity: Entity, _ fields: [Field]) -> String {
        let d = SQLDialect.mysql
        let name = d.quote(SQLName.make("trg", entity.physicalName, "touch"))
        let assignments = fields.map { field in
            let column = d.quote(field.physicalName)
            return "NEW.\(column) = IF(NEW.\(column) <=> OLD.\(column), \(now(field, d)), NEW.\(column))"
        }
        return "CREATE TRIGGER \(name) BEFORE UPDATE ON \(d.quote(entity.physicalName))\n"
            + "FOR EACH ROW SET \(assignments.joined(separator: ", "));"
    }
}
