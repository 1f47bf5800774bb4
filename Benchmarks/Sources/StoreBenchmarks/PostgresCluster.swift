import Foundation

/// A throwaway PostgreSQL cluster for one benchmark round: `initdb` into a scratch directory, a
/// server reached only over the Unix socket in that directory (no TCP), started and stopped with
/// `pg_ctl`. When the benchmark runs as root, every server command runs as the `postgres` user
/// (PostgreSQL refuses root), through `setpriv` as the test harness does.
final class PostgresCluster {
    /// Holds `data/`, the socket and `server.log`.
    let directory: String
    var dataDirectory: String { directory + "/data" }
    /// libpq connection string: the socket directory as host, trust authentication.
    var conninfo: String { conninfo(database: "postgres") }

    /// libpq connection string of the database `name` on this server.
    func conninfo(database name: String) -> String { "host=\(directory) port=\(Self.port) user=postgres dbname=\(name)" }

    /// Settings beyond initdb's defaults, as written to postgresql.conf. Durability stays at
    /// PostgreSQL's defaults (fsync, synchronous_commit, full_page_writes all on): every commit
    /// is flushed, as the store's and the SQLite engines' are.
    static let settings = ["listen_addresses = ''", "port = \(port)", "fsync = on", "synchronous_commit = on", "full_page_writes = on"]
    private static let port = 5432
    private let account: (uid: uid_t, gid: gid_t, home: String)?

    /// Runs `initdb` in a new `directory` (which must not exist) and starts the server.
    init(directory: String) throws {
        self.directory = directory
        account = geteuid() == 0 ? try Self.lookup("postgres") : nil
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        if let account { chown(directory, account.uid, account.gid) }
        try run("initdb", ["--pgdata=\(dataDirectory)", "--username=postgres", "--auth=trust", "--encoding=UTF8", "--locale=C",
                           "--no-sync", "--no-instructions"])
        let conf = (["unix_socket_directories = '\(directory)'"] + Self.settings).joined(separator: "\n") + "\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dataDirectory + "/postgresql.conf"))
        handle.seekToEndOfFile()
        handle.write(Data(conf.utf8))
        try handle.close()
        try start()
    }

    /// Starts the server and waits until it accepts connections (`pg_ctl -w`, which polls about
    /// every 100 ms, so a start is timed to that granularity), replaying WAL first if it crashed.
    func start() throws {
        try run("pg_ctl", ["start", "-w", "-t", "600", "-D", dataDirectory, "-l", directory + "/server.log"])
    }

    /// Stops the server: `fast` ends with a shutdown checkpoint, `immediate` skips it, as a crash
    /// would, so the next start has to replay the WAL written since the last checkpoint.
    func stop(immediate: Bool = false) throws {
        try run("pg_ctl", ["stop", "-w", "-t", "600", "-m", immediate ? "immediate" : "fast", "-D", dataDirectory])
    }

    /// Stops the server if it runs and deletes the directory.
    func remove() {
        try? stop(immediate: true)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The version of the server `start` runs, e.g. "15.18" from `postgres (PostgreSQL) 15.18
    /// (Debian 15.18-0+deb12u1)` (`postgres --version` needs no cluster).
    static func serverVersion() throws -> String {
        let words = try run("postgres", ["--version"], as: nil, in: FileManager.default.temporaryDirectory.path)
            .split(whereSeparator: \.isWhitespace)
        return words.firstIndex(of: "(PostgreSQL)").flatMap { $0 + 1 < words.count ? String(words[$0 + 1]) : nil } ?? "?"
    }

    @discardableResult
    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        try Self.run(tool, arguments, as: account, in: directory)
    }

    /// Runs `tool` (as `account` if given, in `directory`) and returns its output. Spawned and
    /// awaited with `posix_spawn`/`waitpid`: Foundation's `Process` never saw `pg_ctl start`
    /// exit while the server it left running lived on.
    private static func run(_ tool: String, _ arguments: [String], as account: (uid: uid_t, gid: gid_t, home: String)?,
                            in directory: String) throws -> String {
        var command = ["/usr/bin/env", "--chdir=\(directory)", try find(tool)] + arguments
        if let account {
            command = [try find("setpriv"), "--reuid=\(account.uid)", "--regid=\(account.gid)", "--init-groups", "--"] + command
        }
        // Output to a file, not a pipe: the server `pg_ctl start` leaves running inherits the
        // descriptor, so a pipe would never reach its end.
        let outputPath = directory + "/\(tool)-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchmarkFailure("cannot run \(command[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw BenchmarkFailure("waitpid for \(tool) failed: errno \(errno)") }
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Exited normally (no signal) with status 0.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw BenchmarkFailure("\(tool) \(arguments.joined(separator: " ")) ended with wait status \(status): \(text)")
        }
        return text
    }

    /// The tool on PATH, else in the usual PostgreSQL install directories.
    private static func find(_ tool: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        var directories = path.split(separator: ":").map(String.init)
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        directories += versions.sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin" }
        guard let found = directories.map({ $0 + "/" + tool }).first(where: FileManager.default.isExecutableFile) else {
            throw BenchmarkFailure("\(tool) not found on PATH or in /usr/lib/postgresql/*/bin (install PostgreSQL or pass --no-postgres)")
        }
        return found
    }

    private static func lookup(_ name: String) throws -> (uid: uid_t, gid: gid_t, home: String) {
        guard let entry = getpwnam(name) else { throw BenchmarkFailure("running as root needs a '\(name)' user for PostgreSQL") }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid, String(cString: entry.pointee.pw_dir))
    }
}

/// A benchmark setup step that failed, with what to do about it.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
