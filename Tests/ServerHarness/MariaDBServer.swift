import Foundation

/// A throwaway MariaDB server for tests: a temporary data directory, a random port on 127.0.0.1,
/// `root` without a password, and the compiled-in defaults of the installed server (no option files
/// are read, so `sql_mode` is MariaDB 10.11's strict default, STRICT_TRANS_TABLES,…).
///
/// The server character set is utf8mb4 (`utf8mb4_general_ci`), as in Debian's packaged
/// configuration, instead of the compiled-in latin1.
///
///     let maria = try MariaDBServer.shared
///     let db = try maria.createDatabase()
///     try maria.run(ddl, database: db)
///     let rows = try maria.query("SELECT id FROM t ORDER BY id", database: db)
public final class MariaDBServer: ManagedServer, @unchecked Sendable {
    /// The address the server listens on.
    public let host = "127.0.0.1"
    /// The account tests connect as (no password).
    public let user = "root"
    /// The server's random loopback port.
    public var port: Int { server.port }
    /// Holds the data directory (`data/`), the socket, and the server log (`server.log`).
    public let directory: URL
    /// Seconds from `start()` until the server accepted connections, `mariadb-install-db` included.
    public let startupSeconds: Double

    private let server: ServerProcess
    private let client: String
    private let admin: String
    private let databaseCounter = Locked(0)

    /// The server shared by all tests in this process: started on first use, stopped at exit.
    /// If it could not start, every access throws the same error.
    public static var shared: MariaDBServer {
        get throws { try sharedServer.get() }
    }

    private static let sharedServer = LazyShared { try MariaDBServer.start() }

    /// Starts a new server. Prefer `shared`.
    public static func start() throws -> MariaDBServer {
        let began = Date()
        let installDB = try ToolLocator.find("mariadb-install-db", "mysql_install_db")
        let mariadbd = try ToolLocator.find("mariadbd", "mysqld")
        let client = try ToolLocator.find("mariadb", "mysql")
        let admin = try ToolLocator.find("mariadb-admin", "mysqladmin")
        // mariadbd only runs as root when told so explicitly.
        let userOption = OSUser.isRoot ? ["--user=root"] : []

        let directory = try TemporaryPaths.makeDirectory(prefix: "schemagen-mariadb")
        let dataDirectory = directory.appendingPathComponent("data")
        let log = directory.appendingPathComponent("server.log")
        do {
            try ProcessRunner.runChecked(
                installDB,
                [
                    "--no-defaults", "--auth-root-authentication-method=normal", "--skip-test-db",
                    "--datadir=\(dataDirectory.path)",
                ] + userOption,
                workingDirectory: directory)

            let server = try ServerProcess.launch(
                name: "MariaDB",
                log: log,
                stopSignal: SIGTERM,  // normal shutdown
                watchedDirectory: directory,
                spawn: { port in
                    try ProcessRunner.spawn(
                        mariadbd,
                        [
                            "--no-defaults", "--datadir=\(dataDirectory.path)",
                            "--socket=\(directory.path)/mariadbd.sock",
                            "--pid-file=\(directory.path)/mariadbd.pid",
                            "--tmpdir=\(directory.path)",
                            "--port=\(port)", "--bind-address=127.0.0.1", "--skip-name-resolve",
                            "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
                            "--skip-log-bin", "--innodb-buffer-pool-size=64M",
                            "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0",
                            "--innodb-use-native-aio=0",  // containers often forbid io_uring/libaio
                        ] + userOption,
                        workingDirectory: directory, log: log)
                },
                isReady: { port in
                    try ProcessRunner.run(
                        admin,
                        ["--no-defaults", "--protocol=TCP", "--host=127.0.0.1", "--port=\(port)",
                         "--user=root", "--connect-timeout=5", "status"],
                        timeout: 10
                    ).status == 0
                })
            let ready = MariaDBServer(
                server: server, directory: directory, client: client, admin: admin,
                startupSeconds: Date().timeIntervalSince(began))
            ServerCleanup.register(ready)
            HarnessLog.serverStarted("MariaDB", port: ready.port, seconds: ready.startupSeconds, directory: directory)
            return ready
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private init(server: ServerProcess, directory: URL, client: String, admin: String, startupSeconds: Double) {
        self.server = server
        self.directory = directory
        self.client = client
        self.admin = admin
        self.startupSeconds = startupSeconds
    }

    deinit {
        stop()
    }

    /// Creates an empty database with a fresh name (`test_1`, `test_2`, …) and returns the name.
    public func createDatabase() throws -> String {
        let name = databaseCounter.withLock { count in
            count += 1
            return "test_\(count)"
        }
        try run("CREATE DATABASE \(Self.quoteIdentifier(name));", database: nil)
        return name
    }

    /// Runs a SQL script with the `mariadb` client in batch mode, which stops at the first error,
    /// and returns what it printed. Throws `SQLExecutionError` (carrying the client's stderr, e.g.
    /// `ERROR 1062 (23000) at line 3: Duplicate entry '1' for key 'PRIMARY'`) if a statement fails.
    /// `DELIMITER` lines work, as in any script fed to the client.
    ///
    /// - Parameter prelude: SQL run first in the same session (e.g. `SET @owner = 42`); it is put
    ///   in front of the script, so error line numbers count its lines too.
    /// - Parameter user: connect as this account (no password) instead of `root`.
    @discardableResult
    public func run(_ sql: String, database: String?, prelude: String? = nil, user: String? = nil) throws -> String {
        try mariadb(sql, database: database, prelude: prelude, user: user, extraArguments: [])
    }

    /// Runs a script with `--force`, as a careless scheduler would: statements after a failing one
    /// still run. Returns stderr (the errors), never throws for SQL errors.
    public func runIgnoringErrors(_ sql: String, database: String, prelude: String? = nil) throws -> String {
        let arguments = connectionArguments + ["--batch", "--force", "--default-character-set=utf8mb4", "--database=\(database)"]
        let script = prelude.map { $0.hasSuffix(";") ? "\($0)\n\(sql)" : "\($0);\n\(sql)" } ?? sql
        return try ProcessRunner.run(client, arguments, stdin: script).stderr
    }

    /// Runs `sql` like `run` and returns the rows it printed; NULL comes back as "NULL".
    /// Meant for a script whose only row-returning statement is its last one.
    public func query(_ sql: String, database: String?, prelude: String? = nil, user: String? = nil) throws -> [[String]] {
        DelimitedRows.parseMariaDBBatch(
            try mariadb(sql, database: database, prelude: prelude, user: user, extraArguments: ["--skip-column-names"]))
    }

    /// `mariadb-admin shutdown`, a signal if that did not work, then removes the directory.
    /// Runs at exit for the shared server.
    public func stop() {
        if server.isRunning {
            _ = try? ProcessRunner.run(admin, connectionArguments + ["shutdown"], timeout: 10)
        }
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// `` `name` ``, with embedded backticks doubled.
    public static func quoteIdentifier(_ name: String) -> String {
        "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }

    private var connectionArguments: [String] { connectionArguments(user: user) }

    private func connectionArguments(user: String) -> [String] {
        ["--no-defaults", "--protocol=TCP", "--host=\(host)", "--port=\(port)", "--user=\(user)", "--connect-timeout=10"]
    }

    private func mariadb(_ sql: String, database: String?, prelude: String?, user: String? = nil,
                         extraArguments: [String]) throws -> String {
        var arguments = connectionArguments(user: user ?? self.user) + ["--batch", "--default-character-set=utf8mb4"] + extraArguments
        if let database { arguments.append("--database=\(database)") }
        let script = prelude.map { $0.hasSuffix(";") ? "\($0)\n\(sql)" : "\($0);\n\(sql)" } ?? sql
        let output = try ProcessRunner.run(client, arguments, stdin: script)
        guard output.status == 0 else {
            throw SQLExecutionError(
                engine: "MariaDB", database: database ?? "(none)", exitStatus: output.status,
                message: output.stderr.isEmpty ? server.logTail() : output.stderr, script: sql)
        }
        return output.stdout
    }
}
