import SchemaGenPostgres
import ServerHarness

/// A fresh database on the harness's shared PostgreSQL server, and the URL to reach it.
struct TestDatabase: Sendable {
    let server: PostgresServer
    let name: String

    static func fresh() throws -> TestDatabase {
        let server = try PostgresServer.shared
        return TestDatabase(server: server, name: try server.createDatabase())
    }

    /// `postgresql://postgres@127.0.0.1:<port>/<name>`.
    var url: String {
        "postgresql://\(server.superuser)@\(server.host):\(server.port)/\(name)"
    }

    func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(url)
    }

    /// Runs a script through psql, outside the library under test.
    func run(_ sql: String) throws {
        try server.run(sql, database: name)
    }

    /// Rows as psql prints them (NULL as "NULL"), outside the library under test.
    func psqlQuery(_ sql: String) throws -> [[String]] {
        try server.query(sql, database: name)
    }
}
