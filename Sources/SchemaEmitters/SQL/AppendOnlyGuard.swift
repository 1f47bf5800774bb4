import SchemaLanguage

/// `append only`: the database itself refuses to update or delete a row, whoever asks.
///
/// SQLite and MySQL get `BEFORE UPDATE` / `BEFORE DELETE` triggers that abort the statement (SQLite
/// also a `BEFORE INSERT` trigger against replacing inserts); PostgreSQL gets row triggers (and a
/// `TRUNCATE` trigger) calling one shared function. Upserts are updates and meet the same guards.
enum AppendOnlyGuard {
    /// The PostgreSQL function the guards call; `CREATE OR REPLACE` because several schemas may
    /// share a database and the function is the same for all.
    static let postgresFunctionName = "schemagen_reject_append_only_change"

    /// The function's schema-qualified name.
    static let postgresQualifiedName = "public." + SQLDialect.postgres.quote(postgresFunctionName)

    /// The shared PostgreSQL function, needed once when any table is append-only. A function of
    /// that name owned by another role is refused: its owner could swap the body later and run
    /// code with the rights of whoever trips the trigger (`CREATE OR REPLACE` keeps the owner).
    /// The pinned `search_path` keeps the body from resolving names through a hostile schema.
    static let postgresFunction = """
        DO $$
        BEGIN
          IF EXISTS (SELECT FROM pg_catalog.pg_proc
                     WHERE proname = \(SQLDialect.postgres.string(postgresFunctionName))
                       AND pronamespace = 'public'::pg_catalog.regnamespace
                       AND pg_catalog.pg_get_userbyid(proowner) <> current_user) THEN
            RAISE EXCEPTION 'function %.% belongs to another role: drop it before running this script',
              'public', \(SQLDialect.postgres.string(postgresFunctionName));
          END IF;
        END
        $$;
        CREATE OR REPLACE FUNCTION \(postgresQualifiedName)() RETURNS trigger LANGUAGE plpgsql
        SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
          RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'restrict_violation';
        END;
        $$;
        """

    /// The guard statements of one table, empty unless it is append-only.
    static func statements(for entity: Entity, in dialect: SQLDialect) -> [String] {
        guard entity.isAppendOnly else { return [] }
        let table = dialect.quote(entity.physicalName)
        switch dialect {
        case .sqlite:
            return ["UPDATE", "DELETE"].map { operation in
                """
                CREATE TRIGGER \(triggerName(entity, operation, dialect)) BEFORE \(operation) ON \(table)
                BEGIN
                  SELECT RAISE(ABORT, \(dialect.string(message(entity, operation))));
                END;
                """
            } + [sqliteReplaceGuard(entity)].compactMap { $0 }
        case .mysql:
            return ["UPDATE", "DELETE"].map { operation in
                "CREATE TRIGGER \(triggerName(entity, operation, dialect)) BEFORE \(operation) ON \(table)\n"
                    + "FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = \(dialect.string(message(entity, operation)));"
            }
        case .postgres:
            let function = postgresQualifiedName
            return [
                """
                CREATE TRIGGER \(dialect.quote(SQLName.make("trg", entity.physicalName, "append_only"))) BEFORE UPDATE OR DELETE ON \(table)
                FOR EACH ROW EXECUTE FUNCTION \(function)();
                CREATE TRIGGER \(dialect.quote(SQLName.make("trg", entity.physicalName, "no_truncate"))) BEFORE TRUNCATE ON \(table)
                FOR EACH STATEMENT EXECUTE FUNCTION \(function)();
                """,
            ]
        }
    }

    /// `INSERT OR REPLACE` (and `REPLACE`) deletes the row it conflicts with without firing
    /// `DELETE` triggers (unless `recursive_triggers` is on), so an insert that would meet an
    /// existing row on the primary key or a unique constraint is refused before it happens.
    /// Partial unique indexes are not covered: SQLite cannot say which rows they hold here.
    private static func sqliteReplaceGuard(_ entity: Entity) -> String? {
        let d = SQLDialect.sqlite
        let keys = ([entity.primaryKey] + entity.indexes.filter { $0.isUnique && $0.condition == nil }.map(\.fieldNames))
            .filter { !$0.isEmpty }
        guard !keys.isEmpty else { return nil }
        let matches = keys.map { key in
            "(" + key.compactMap(entity.field(named:)).map { field in
                "\(d.quote(field.physicalName)) = NEW.\(d.quote(field.physicalName))"
            }.joined(separator: " AND ") + ")"
        }
        let table = d.quote(entity.physicalName)
        return """
            CREATE TRIGGER \(triggerName(entity, "REPLACE", d)) BEFORE INSERT ON \(table)
            FOR EACH ROW WHEN EXISTS (SELECT 1 FROM \(table) WHERE \(matches.joined(separator: " OR ")))
            BEGIN
              SELECT RAISE(ABORT, \(d.string(message(entity, "REPLACE"))));
            END;
            """
    }

    private static func triggerName(_ entity: Entity, _ operation: String, _ dialect: SQLDialect) -> String {
        dialect.quote(SQLName.make("trg", entity.physicalName, "no", operation.lowercased()))
    }

    private static func message(_ entity: Entity, _ operation: String) -> String {
        "\(entity.physicalName) is append-only: \(operation) is not allowed"
    }
}
