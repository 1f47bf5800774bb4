import SchemaLanguage

/// `append only`: the database itself refuses to update or delete a row, whoever asks.
///
/// SQLite and MySQL get `BEFORE UPDATE` / `BEFORE DELETE` triggers that abort the statement;
/// PostgreSQL gets row triggers (and a `TRUNCATE` trigger) calling one shared function.
enum AppendOnlyGuard {
    /// The PostgreSQL function the guards call; `CREATE OR REPLACE` because several schemas may
    /// share a database and the function is the same for all.
    static let postgresFunctionName = "schemagen_reject_append_only_change"

    /// The shared PostgreSQL function, needed once when any table is append-only.
    static let postgresFunction = """
        CREATE OR REPLACE FUNCTION \(SQLDialect.postgres.quote(postgresFunctionName))() RETURNS trigger LANGUAGE plpgsql AS $$
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
            }
        case .mysql:
            return ["UPDATE", "DELETE"].map { operation in
                "CREATE TRIGGER \(triggerName(entity, operation, dialect)) BEFORE \(operation) ON \(table)\n"
                    + "FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = \(dialect.string(message(entity, operation)));"
            }
        case .postgres:
            let function = dialect.quote(postgresFunctionName)
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

    private static func triggerName(_ entity: Entity, _ operation: String, _ dialect: SQLDialect) -> String {
        dialect.quote(SQLName.make("trg", entity.physicalName, "no", operation.lowercased()))
    }

    private static func message(_ entity: Entity, _ operation: String) -> String {
        "\(entity.physicalName) is append-only: \(operation) is not allowed"
    }
}
