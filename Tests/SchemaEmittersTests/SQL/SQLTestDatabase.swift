import Foundation
import SchemaEmitters
import ServerHarness
import Testing

/// A fresh, empty database of one dialect on the shared test servers (PostgreSQL, MariaDB) or in
/// a new SQLite file, with one interface for the three, so a test runs unchanged on each.
struct SQLTestDatabase: Sendable {
    let dialect: SQLDialect
    private let engine: Engine

    private enum Engine: Sendable {
        case sqlite(SQLiteDatabase)
        case postgres(PostgresServer, database: String)
        case mysql(MariaDBServer, database: String)
    }

    /// A new database.
    static func fresh(_ dialect: SQLDialect) throws -> SQLTestDatabase {
        switch dialect {
        case .sqlite:
            return SQLTestDatabase(dialect: dialect, engine: .sqlite(try SQLiteDatabase.create()))
        case .postgres:
            let server = try PostgresServer.shared
            return SQLTestDatabase(dialect: dialect, engine: .postgres(server, database: try server.createDatabase()))
        case .mysql:
            let server = try MariaDBServer.shared
            return SQLTestDatabase(dialect: dialect, engine: .mysql(server, database: try server.createDatabase()))
        }
    }

    /// The database's name (unique per server), used to make cluster-wide names private.
    var name: String {
        switch engine {
        case .sqlite(let db): db.path.deletingPathExtension().lastPathComponent
        case .postgres(_, let database), .mysql(_, let database): database
        }
    }

    /// Runs a script; throws `SQLExecutionError` when the database rejects it.
    /// - Parameter role: PostgreSQL only: run with this role's privileges.
    /// - Parameter prelude: run first in the same session (with superuser rights on PostgreSQL).
    func run(_ sql: String, role: String? = nil, prelude: String? = nil) throws {
        switch engine {
        case .sqlite(let db): try db.run((prelude.map { $0 + "\n" } ?? "") + sql)
        case .postgres(let server, let database): try server.run(sql, database: database, role: role, prelude: prelude)
        case .mysql(let server, let database): try server.run(sql, database: database, prelude: prelude)
        }
    }

    /// Runs a script the way a scheduler that goes on after errors would (sqlite3 without
    /// `-bail`, psql without `ON_ERROR_STOP`, `mariadb --force`) and returns the errors printed.
    @discardableResult
    func runIgnoringErrors(_ sql: String, prelude: String? = nil) throws -> String {
        switch engine {
        case .sqlite(let db): try db.runIgnoringErrors((prelude.map { $0 + "\n" } ?? "") + sql)
        case .postgres(let server, let database): try server.runIgnoringErrors(sql, database: database, prelude: prelude)
        case .mysql(let server, let database): try server.runIgnoringErrors(sql, database: database, prelude: prelude)
        }
    }

    /// The rows the script's last statement returns; NULL reads as "NULL".
    func query(_ sql: String, role: String? = nil, prelude: String? = nil) throws -> [[String]] {
        switch engine {
        case .sqlite(let db): try db.query((prelude.map { $0 + "\n" } ?? "") + sql)
        case .postgres(let server, let database): try server.query(sql, database: database, role: role, prelude: prelude)
        case .mysql(let server, let database): try server.query(sql, database: database, prelude: prelude)
        }
    }

    /// The first column of every row.
    func column(_ sql: String, role: String? = nil, prelude: String? = nil) throws -> [String] {
        try query(sql, role: role, prelude: prelude).map { $0.first ?? "" }
    }

    /// Expects the database to reject the script, and returns its message; records an issue
    /// (with the given source location) when the script runs.
    @discardableResult
    func expectRejected(_ sql: String, role: String? = nil, prelude: String? = nil, containing fragment: String? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) -> String {
        do {
            try run(sql, role: role, prelude: prelude)
            Issue.record("\(dialect) accepted a script it should reject:\n\(sql)", sourceLocation: sourceLocation)
            return ""
        } catch let error as SQLExecutionError {
            if let fragment, !error.message.localizedCaseInsensitiveContains(fragment) {
                Issue.record("\(dialect) rejected the script for another reason than '\(fragment)':\n\(error.message)",
                             sourceLocation: sourceLocation)
            }
            return error.message
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return ""
        }
    }

    /// The literal for the current time minus some days, as each dialect compares timestamps.
    func ago(days: Int) -> String {
        switch dialect {
        case .sqlite: "datetime('now', '-\(days) days')"
        case .postgres: "now() - interval '\(days) days'"
        case .mysql: "NOW(6) - INTERVAL \(days) DAY"
        }
    }

    /// The literal for the current time plus some days.
    func fromNow(days: Int) -> String {
        switch dialect {
        case .sqlite: "datetime('now', '+\(days) days')"
        case .postgres: "now() + interval '\(days) days'"
        case .mysql: "NOW(6) + INTERVAL \(days) DAY"
        }
    }

    /// A boolean column as `0` or `1` in every dialect.
    func bit(_ column: String) -> String { "CASE WHEN \(column) THEN 1 ELSE 0 END" }

    /// A quoted identifier.
    func q(_ name: String) -> String { dialect.quote(name) }
}

extension SQLDialect: CustomTestStringConvertible {
    public var testDescription: String { rawValue }
}
