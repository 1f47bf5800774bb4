import SchemaLanguage

/// A migration of one SQL dialect: the statements it runs, in three groups that differ in how
/// they run. PostgreSQL and SQLite run `body` as one transaction, so a failure changes nothing;
/// `beforeTransaction` and `afterTransaction` hold what cannot (or should not) run inside one
/// (`ALTER TYPE … ADD VALUE`, `CREATE INDEX CONCURRENTLY`, `VALIDATE CONSTRAINT`). MySQL commits
/// each DDL statement by itself, so there every group runs statement by statement.
public struct MigrationScript: Sendable, Hashable {
    /// The dialect.
    public let dialect: SQLDialect
    /// Comment lines at the top: what the migration does, change by change.
    public var summary: [String] = []
    /// Statements run first, outside the transaction.
    public var beforeTransaction: [String] = []
    /// Statements run in one transaction.
    public var body: [String] = []
    /// Statements run after the commit, each on its own.
    public var afterTransaction: [String] = []
    /// The bookkeeping statement recording the applied version, if any.
    public var bookkeeping: String?

    /// Whether the migration runs no statement.
    public var isEmpty: Bool { beforeTransaction.isEmpty && body.isEmpty && afterTransaction.isEmpty && bookkeeping == nil }

    /// The script's text. SQLite turns foreign keys off outside the transaction (as its rebuild
    /// procedure requires) and checks them before committing; PostgreSQL bounds lock waits.
    public func render() -> String {
        var sections: [String] = []
        if !summary.isEmpty { sections.append(summary.map(SQLDialect.comment).joined(separator: "\n")) }
        if isEmpty { return (sections + ["-- Nothing to change."]).joined(separator: "\n\n") + "\n" }
        switch dialect {
        case .postgres:
            sections.append("SET lock_timeout = '5s';")
            if !beforeTransaction.isEmpty { sections.append(beforeTransaction.joined(separator: "\n")) }
            sections.append((["BEGIN;"] + body + ["COMMIT;"]).joined(separator: "\n"))
            if !afterTransaction.isEmpty {
                sections.append((["-- Outside the transaction: built without blocking writers."] + afterTransaction)
                    .joined(separator: "\n"))
            }
        case .sqlite:
            sections.append("PRAGMA foreign_keys = OFF;")
            let check = [
                "-- Fails (and rolls back) if any row now breaks a foreign key.",
                "CREATE TEMP TABLE schemagen_foreign_key_check (violations INTEGER CHECK (violations = 0));",
                "INSERT INTO schemagen_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;",
                "DROP TABLE schemagen_foreign_key_check;",
            ]
            sections.append((["BEGIN;"] + beforeTransaction + body + afterTransaction + check + ["COMMIT;"])
                .joined(separator: "\n"))
            sections.append("PRAGMA foreign_keys = ON;")
        case .mysql:
            sections.append("SET time_zone = '+00:00';")
            let all = beforeTransaction + body + afterTransaction
            sections.append(all.joined(separator: "\n"))
        }
        if let bookkeeping { sections.append(bookkeeping) }
        return sections.joined(separator: "\n\n") + "\n"
    }
}
