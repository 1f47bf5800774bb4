import Foundation

/// A fresh SQLite database file driven by the `sqlite3` command-line shell. Every script runs with
/// `-bail` (stop at the first error) after `PRAGMA foreign_keys=ON`, in its own connection.
///
///     let db = try SQLiteDatabase.create()
///     try db.run(ddl)
///     let rows = try db.query("SELECT id FROM t ORDER BY id")
///
/// The file is deleted when the value is released.
public final class SQLiteDatabase: Sendable {
    /// The database file.
    public let path: URL
    private let sqlite3: String

    /// A new database in a scratch file.
    public static func create() throws -> SQLiteDatabase {
        let sqlite3 = try ToolLocator.find("sqlite3")
        return SQLiteDatabase(path: try TemporaryPaths.scratchFile(suffix: ".sqlite"), sqlite3: sqlite3)
    }

    private init(path: URL, sqlite3: String) {
        self.path = path
        self.sqlite3 = sqlite3
    }

    deinit {
        try? FileManager.default.removeItem(at: path)
    }

    /// Runs a SQL script and returns what `sqlite3` printed. Throws `SQLExecutionError` (carrying
    /// e.g. `Runtime error near line 3: UNIQUE constraint failed: t.id (19)`) if a statement fails.
    @discardableResult
    public func run(_ sql: String) throws -> String {
        try sqlite(sql, extraArguments: [])
    }

    /// Runs a script like a careless scheduler would: without `-bail`, every statement after a
    /// failing one still runs. Returns stderr (the errors), never throws for SQL errors.
    public func runIgnoringErrors(_ sql: String) throws -> String {
        let arguments = ["-batch", "-cmd", "PRAGMA foreign_keys=ON;", path.path]
        return try ProcessRunner.run(sqlite3, arguments, stdin: sql).stderr
    }

    /// Runs `sql` like `run` and returns the rows it printed; NULL comes back as "NULL".
    public func query(_ sql: String) throws -> [[String]] {
        DelimitedRows.parse(try sqlite(sql, extraArguments: ["-noheader", "-ascii", "-nullvalue", "NULL"]))
    }

    private func sqlite(_ sql: String, extraArguments: [String]) throws -> String {
        let arguments = ["-bail", "-batch", "-cmd", "PRAGMA foreign_keys=ON;"] + extraArguments + [path.path]
        let output = try ProcessRunner.run(sqlite3, arguments, stdin: sql)
        // sqlite3 reports some errors on stderr while still exiting 0, so check both.
        guard output.status == 0, output.stderr.isEmpty else {
            throw SQLExecutionError(
                engine: "SQLite", database: path.lastPathComponent, exitStatus: output.status,
                message: output.stderr, script: sql)
        }
        return output.stdout
    }
}
