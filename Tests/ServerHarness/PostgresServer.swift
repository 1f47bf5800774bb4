import Foundation

/// A throwaway PostgreSQL cluster for tests: a temporary data directory, a random port on 127.0.0.1,
/// trust authentication for the superuser `postgres`, and durability switched off for speed.
///
/// Use the process-wide `shared` server and give every test its own database:
///
///     let pg = try PostgresServer.shared
///     let db = try pg.createDatabase()
///     try pg.run(ddl, database: db)
///     let rows = try pg.query("SELECT id FROM t ORDER BY id", database: db)
///
/// Roles are cluster-wide, so a test that creates roles should derive their names from its
/// database name to stay independent of tests running in parallel.
public final class PostgresServer: ManagedServer, @unchecked Sendable {
    /// The address the server listens on.
    public let host = "127.0.0.1"
    /// The superuser tests connect as (trust authentication).
    public let superuser = "postgres"
    /// The server's random loopback port.
    public var port: Int { server.port }
    /// Holds the data directory (`data/`), the Unix socket, and the server log (`server.log`).
    public let directory: URL
    /// Seconds from `start()` until the server accepted connections, `initdb` included.
    public let startupSeconds: Double

    private let server: ServerProcess
    private let psql: String
    private let databaseCounter = Locked(0)

    /// The server shared by all tests in this process: started on first use, stopped at exit.
    /// If it could not start, every access throws the same error.
    public static var shared: PostgresServer {
        get throws { try sharedServer.get() }
    }

    private static let sharedServer = LazyShared { try PostgresServer.start() }

    /// Starts a new cluster. Prefer `shared`.
    public static func start() throws -> PostgresServer {
        let began = Date()
        let initdb = try ToolLocator.find("initdb")
        let postgres = try ToolLocator.find("postgres")
        let psql = try ToolLocator.find("psql")
        let pgIsReady = try ToolLocator.find("pg_isready")
        // PostgreSQL refuses to run as root; when we are root the cluster belongs to `postgres`.
        let serverUser: String? = OSUser.isRoot ? "postgres" : nil

        let directory = try TemporaryPaths.makeDirectory(prefix: "schemagen-pg")
        let dataDirectory = directory.appendingPathComponent("data")
        do {
            if let serverUser {
                try OSUser.chown(directory, to: try OSUser.lookup(serverUser))
            }
            try ProcessRunner.runChecked(
                initdb,
                [
                    "--pgdata=\(dataDirectory.path)", "--username=postgres", "--auth=trust",
                    "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
                ],
                user: serverUser, workingDirectory: directory)

            let server = try ServerProcess.launch(
                name: "PostgreSQL",
                log: directory.appendingPathComponent("server.log"),
                stopSignal: SIGINT,  // "fast shutdown"
                watchedDirectory: directory,
                spawn: { port in
                    try ProcessRunner.spawn(
                        postgres,
                        [
                            "-D", dataDirectory.path, "-k", directory.path, "-p", "\(port)",
                            "-c", "listen_addresses=127.0.0.1",
                            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                            "-c", "autovacuum=off",
                        ],
                        user: serverUser, workingDirectory: directory,
                        log: directory.appendingPathComponent("server.log"))
                },
                isReady: { port in
                    try ProcessRunner.run(
                        pgIsReady,
                        ["--quiet", "--host=127.0.0.1", "--port=\(port)", "--username=postgres", "--dbname=postgres"],
                        timeout: 10
                    ).status == 0
                })
            let ready = PostgresServer(
                server: server, directory: directory, psql: psql, startupSeconds: Date().timeIntervalSince(began))
            ServerCleanup.register(ready)
            HarnessLog.serverStarted("PostgreSQL", port: ready.port, seconds: ready.startupSeconds, directory: directory)
            return ready
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private init(server: ServerProcess, directory: URL, psql: String, startupSeconds: Double) {
        self.server = server
        self.directory = directory
        self.psql = psql
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
        // FILE_COPY copies template1's files instead of WAL-logging every page: ~90 ms instead of ~150.
        try run("CREATE DATABASE \(Self.quoteIdentifier(name)) STRATEGY = FILE_COPY;", database: "postgres")
        return name
    }

    /// Runs a SQL script with `psql -v ON_ERROR_STOP=1`, stopping at the first error, and returns
    /// what psql printed. Throws `SQLExecutionError` (carrying psql's stderr) if a statement fails.
    ///
    /// - Parameters:
    ///   - role: run the script after `SET ROLE role`, with that role's privileges (no LOGIN needed).
    ///   - prelude: SQL run first in the same session, e.g. `SET app.current_owner = '42'`.
    ///     It runs before `SET ROLE`, so with superuser rights.
    @discardableResult
    public func run(_ sql: String, database: String, role: String? = nil, prelude: String? = nil) throws -> String {
        try psql(sql, database: database, role: role, prelude: prelude, formatting: [])
    }

    /// Runs a script without `ON_ERROR_STOP`, as a careless scheduler would: statements after a
    /// failing one still run. Returns stderr (the errors), never throws for SQL errors.
    public func runIgnoringErrors(_ sql: String, database: String, prelude: String? = nil) throws -> String {
        var arguments = ["--no-psqlrc", "--quiet", "--host=\(host)", "--port=\(port)", "--username=\(superuser)", "--dbname=\(database)"]
        if let prelude { arguments.append("--command=\(prelude)") }
        arguments.append("--file=-")
        return try ProcessRunner.run(
            psql, arguments, environment: ["PGCONNECT_TIMEOUT": "10", "PGAPPNAME": "schemagen-tests"], stdin: sql).stderr
    }

    /// Runs `sql` like `run` and returns the rows it printed; NULL comes back as "NULL".
    /// Meant for a script whose only row-returning statement is its last one.
    public func query(_ sql: String, database: String, role: String? = nil, prelude: String? = nil) throws -> [[String]] {
        let output = try psql(
            sql, database: database, role: role, prelude: prelude,
            formatting: [
                "--no-align", "--tuples-only", "--pset=null=NULL",
                "--field-separator=\(DelimitedRows.fieldSeparator)",
                "--record-separator=\(DelimitedRows.recordSeparator)",
            ])
        return DelimitedRows.parse(output)
    }

    /// Fast shutdown, then removes the directory. Runs at exit for the shared server.
    public func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// `"name"`, with embedded double quotes doubled.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private func psql(
        _ sql: String, database: String, role: String?, prelude: String?, formatting: [String]
    ) throws -> String {
        var arguments = [
            "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1",
            "--host=\(host)", "--port=\(port)", "--username=\(superuser)", "--dbname=\(database)",
        ] + formatting
        // psql runs -c and -f options in order, in one session. Keeping the prelude out of the
        // script keeps the line numbers in error messages those of the caller's script.
        if let prelude { arguments.append("--command=\(prelude)") }
        if let role { arguments.append("--command=SET ROLE \(Self.quoteIdentifier(role))") }
        arguments.append("--file=-")
        let output = try ProcessRunner.run(
            psql, arguments, environment: ["PGCONNECT_TIMEOUT": "10", "PGAPPNAME": "schemagen-tests"], stdin: sql)
        guard output.status == 0 else {
            throw SQLExecutionError(
                engine: "PostgreSQL", database: database, exitStatus: output.status,
                message: output.stderr.isEmpty ? server.logTail() : output.stderr, script: sql)
        }
        return output.stdout
    }
}
