import Foundation
import ServerHarness

/// Where a test's generated database lives: the embedded store in a temporary directory, or a
/// fresh database on the harness's PostgreSQL server with the schema's generated DDL applied.
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case store
    case postgres

    var description: String { rawValue }
}

/// A fresh PostgreSQL database created from `generated/<schema>/sql/postgres.sql`, and its URL.
struct PostgresDatabase {
    let server: PostgresServer
    let name: String

    init(schema: String) throws {
        try self.init(ddlFile: "generated/\(schema)/sql/postgres.sql")
    }

    /// A fresh database created from the DDL file at `ddlFile` (relative to the package root).
    init(ddlFile: String) throws {
        server = try PostgresServer.shared
        name = try server.createDatabase()
        let ddl = try String(contentsOf: Self.repository.appendingPathComponent(ddlFile), encoding: .utf8)
        // The DDL creates the writer roles, which belong to the whole server: two scripts
        // creating the same role at once would collide, so one script runs at a time.
        _ = try Self.ddlLock.withLock { try server.run(ddl, database: name) }
    }

    private static let ddlLock = NSLock()

    /// `postgresql://postgres@127.0.0.1:<port>/<name>`.
    var url: String { "postgresql://\(server.superuser)@\(server.host):\(server.port)/\(name)" }

    /// Rows as psql prints them, outside the library under test.
    func query(_ sql: String) throws -> [[String]] { try server.query(sql, database: name) }

    /// The package root, from this file's path.
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}

/// A directory removed when the test ends.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init() { path = NSTemporaryDirectory() + "schemagen-backend-\(UUID().uuidString)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A settable clock for simulated days (whole seconds, so timestamps are exact on both backends).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_750_000_000)

    var now: Date { lock.withLock { current } }

    func advance(days: Double) { lock.withLock { current += days * 86_400 } }

    /// The clock as a closure for `open(at:clock:)` and `connect(url:clock:)`.
    var function: @Sendable () -> Date { { [self] in now } }
}
