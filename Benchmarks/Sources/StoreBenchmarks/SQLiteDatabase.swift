import CSQLite
import Foundation

/// A minimal SQLite connection with prepared statements, enough to run the benchmark workloads.
final class SQLiteDatabase {
    let handle: OpaquePointer

    init(path: String, pragmas: [String]) {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            fatalError("cannot open \(path)")
        }
        handle = db
        sqlite3_busy_timeout(db, 60_000)
        for pragma in pragmas { execute("PRAGMA " + pragma) }
    }

    deinit { sqlite3_close_v2(handle) }

    func execute(_ sql: String) {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            fatalError("\(sql): \(String(cString: error!))")
        }
    }

    func prepare(_ sql: String) -> Statement { Statement(self, sql) }

    /// A prepared statement, reset before each use.
    final class Statement {
        let statement: OpaquePointer
        let db: SQLiteDatabase

        init(_ db: SQLiteDatabase, _ sql: String) {
            var s: OpaquePointer?
            guard sqlite3_prepare_v2(db.handle, sql, -1, &s, nil) == SQLITE_OK, let s else {
                fatalError("\(sql): \(String(cString: sqlite3_errmsg(db.handle)))")
            }
            statement = s
            self.db = db
        }

        deinit { sqlite3_finalize(statement) }

        func bind(_ values: [Any]) {
            sqlite3_reset(statement)
            for (i, v) in values.enumerated() {
                switch v {
                case let x as Int: sqlite3_bind_int64(statement, Int32(i + 1), Int64(x))
                case let x as Int64: sqlite3_bind_int64(statement, Int32(i + 1), x)
                case let x as String:
                    sqlite3_bind_text(statement, Int32(i + 1), x, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                default: fatalError("unsupported bind \(v)")
                }
            }
        }

        /// Runs a statement that returns no rows.
        func run(_ values: [Any]) {
            bind(values)
            let rc = sqlite3_step(statement)
            guard rc == SQLITE_DONE else { fatalError("step: \(String(cString: sqlite3_errmsg(db.handle)))") }
        }

        /// The first column of the first row as an integer (an aggregate's answer).
        func scalar(_ values: [Any]) -> Int {
            bind(values)
            guard sqlite3_step(statement) == SQLITE_ROW else { return 0 }
            return Int(sqlite3_column_int64(statement, 0))
        }

        /// Runs a query, materializing each row's columns (ints and text) like the store's rows.
        func rows(_ values: [Any]) -> Int {
            bind(values)
            var n = 0
            while sqlite3_step(statement) == SQLITE_ROW {
                let columns = sqlite3_column_count(statement)
                var row: [Any] = []
                row.reserveCapacity(Int(columns))
                for c in 0..<columns {
                    if sqlite3_column_type(statement, c) == SQLITE_TEXT {
                        row.append(String(cString: sqlite3_column_text(statement, c)))
                    } else {
                        row.append(sqlite3_column_int64(statement, c))
                    }
                }
                n += row.isEmpty ? 0 : 1
            }
            return n
        }
    }
}
