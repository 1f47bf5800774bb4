import Foundation

/// A database server process the harness launched, with its watchdog (see `ServerCleanup`).
public final class ServerProcess: @unchecked Sendable {
    /// The server's name for messages, e.g. "PostgreSQL".
    public let name: String
    /// The loopback port it listens on.
    public let port: Int
    /// The file its output goes to.
    public let log: URL
    /// The server's "shut down quickly" signal: SIGINT for PostgreSQL, SIGTERM for MariaDB.
    public let stopSignal: Int32
    private let running: Locked<(process: Process, watchdog: Process?)?>

    /// Launches a server on a free loopback port and waits until `isReady(port)` says it accepts
    /// connections. A server that dies or stays unready (say, because another process grabbed the
    /// port in between) is killed and relaunched on another port, up to `attempts` times.
    public static func launch(
        name: String,
        log: URL,
        stopSignal: Int32,
        watchedDirectory: URL,
        attempts: Int = 3,
        readyTimeout: Double = 60,
        spawn: (_ port: Int) throws -> Process,
        isReady: (_ port: Int) throws -> Bool
    ) throws -> ServerProcess {
        var failures: [String] = []
        for _ in 1...attempts {
            let port = try FreePort.pick()
            let process = try spawn(port)
            let watchdog = ServerCleanup.startWatchdog(
                serverPID: process.processIdentifier, stopSignal: stopSignal, directory: watchedDirectory)
            let server = ServerProcess(
                name: name, port: port, log: log, stopSignal: stopSignal, process: process, watchdog: watchdog)

            let deadline = Date().addingTimeInterval(readyTimeout)
            while process.isRunning, Date() < deadline {
                if try isReady(port) { return server }
                usleep(50_000)
            }
            failures.append(
                process.isRunning
                    ? "port \(port): not ready after \(Int(readyTimeout)) s"
                    : "port \(port): exited with status \(process.terminationStatus)")
            server.stop(grace: 5)
        }
        throw HarnessError.serverDidNotStart(
            server: name, reason: failures.joined(separator: "; "), log: tailOfLog(log))
    }

    private init(name: String, port: Int, log: URL, stopSignal: Int32, process: Process, watchdog: Process?) {
        self.name = name
        self.port = port
        self.log = log
        self.stopSignal = stopSignal
        self.running = Locked((process, watchdog))
    }

    /// Whether the process still runs.
    public var isRunning: Bool {
        running.withLock { $0?.process.isRunning ?? false }
    }

    /// Sends the stop signal, waits up to `grace` seconds, then SIGKILLs the process group.
    /// Safe to call more than once.
    public func stop(grace: Double = 10) {
        guard let (process, watchdog) = running.withLock({ running in
            defer { running = nil }
            return running
        }) else { return }
        ServerCleanup.terminateGroup(of: process, signal: stopSignal, grace: grace)
        if let watchdog, watchdog.isRunning {
            kill(watchdog.processIdentifier, SIGKILL)
        }
    }

    /// The last lines of the server log, for error messages.
    public func logTail() -> String {
        Self.tailOfLog(log)
    }

    /// The last `lines` lines of `log`.
    public static func tailOfLog(_ log: URL, lines: Int = 30) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
