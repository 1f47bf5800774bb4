import Foundation

/// What a finished command left behind.
public struct ProcessOutput: Sendable {
    /// What the command wrote to standard output.
    public var stdout: String
    /// What the command wrote to standard error.
    public var stderr: String
    /// The exit status.
    public var status: Int32
}

/// Runs external commands (database clients, `initdb`, `node`, …) for the test harness.
///
/// Output goes to temporary files rather than pipes, so a chatty child can never block on a full pipe
/// and a grandchild that keeps a descriptor open can never make us wait. Foundation starts every child
/// in its own process group, so `kill(-pid, …)` reaches the child and everything it spawned.
public enum ProcessRunner {
    /// Runs `executable` to completion and returns its output; a non-zero status is *not* an error here.
    ///
    /// - Parameters:
    ///   - stdin: text fed to the child's standard input (it reads `/dev/null` otherwise).
    ///   - user: when the tests run as root, run the child as this OS user (via `setpriv`); ignored
    ///     when not root, because then everything already runs as the current user.
    ///   - timeout: seconds before the child's process group is killed and `HarnessError.timedOut` thrown.
    public static func run(
        _ executable: String,
        _ arguments: [String] = [],
        environment: [String: String] = [:],
        stdin: String? = nil,
        user: String? = nil,
        workingDirectory: URL? = nil,
        timeout: Double = 120
    ) throws -> ProcessOutput {
        let outFile = try TemporaryPaths.scratchFile(suffix: ".out")
        let errFile = try TemporaryPaths.scratchFile(suffix: ".err")
        let inFile = try stdin.map { text -> URL in
            let url = try TemporaryPaths.scratchFile(suffix: ".in")
            try Data(text.utf8).write(to: url)
            return url
        }
        defer {
            for url in [outFile, errFile] + (inFile.map { [$0] } ?? []) {
                try? FileManager.default.removeItem(at: url)
            }
        }

        let outHandle = try FileHandle(forWritingTo: outFile)
        let errHandle = try FileHandle(forWritingTo: errFile)
        let inHandle = try inFile.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        defer {
            try? outHandle.close()
            try? errHandle.close()
            if inFile != nil { try? inHandle.close() }
        }

        let process = try makeProcess(
            executable, arguments, environment: environment, user: user, workingDirectory: workingDirectory)
        process.standardInput = inHandle
        process.standardOutput = outHandle
        process.standardError = errHandle

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            kill(-process.processIdentifier, SIGKILL)
            _ = finished.wait(timeout: .now() + 5)
            throw HarnessError.timedOut(command: describe(executable, arguments), seconds: timeout)
        }
        return ProcessOutput(
            stdout: String(decoding: try Data(contentsOf: outFile), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errFile), as: UTF8.self),
            status: process.terminationStatus)
    }

    /// Like `run`, but throws `HarnessError.commandFailed` unless the command exits with status 0.
    @discardableResult
    public static func runChecked(
        _ executable: String,
        _ arguments: [String] = [],
        environment: [String: String] = [:],
        stdin: String? = nil,
        user: String? = nil,
        workingDirectory: URL? = nil,
        timeout: Double = 120
    ) throws -> ProcessOutput {
        let output = try run(
            executable, arguments, environment: environment, stdin: stdin, user: user,
            workingDirectory: workingDirectory, timeout: timeout)
        guard output.status == 0 else {
            throw HarnessError.commandFailed(command: describe(executable, arguments), output: output)
        }
        return output
    }

    /// Starts a long-running child (a database server) with stdout and stderr appended to `log`.
    /// The caller owns the returned process; its pid is also its process-group id.
    public static func spawn(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        user: String? = nil,
        workingDirectory: URL? = nil,
        log: URL
    ) throws -> Process {
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let logHandle = try FileHandle(forWritingTo: log)
        defer { try? logHandle.close() }  // the child keeps its own copy of the descriptor
        try logHandle.seekToEnd()

        let process = try makeProcess(
            executable, arguments, environment: environment, user: user, workingDirectory: workingDirectory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
        return process
    }

    /// Polls until `process` has exited; returns false if it is still running after `timeout` seconds.
    public static func waitForExit(_ process: Process, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() >= deadline { return false }
            usleep(20_000)
        }
        return true
    }

    /// The command line, quoted for messages.
    public static func describe(_ executable: String, _ arguments: [String]) -> String {
        ([executable] + arguments).map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
    }

    private static func makeProcess(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String],
        user: String?,
        workingDirectory: URL?
    ) throws -> Process {
        var commandLine = (executable, arguments)
        var childEnvironment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let user, OSUser.isRoot {
            let account = try OSUser.lookup(user)
            if account.uid != 0 {
                // setpriv execs in place (unlike runuser/su, which fork), so the pid we hold is the
                // real server process and signals reach it directly.
                commandLine = (
                    try ToolLocator.find("setpriv"),
                    ["--reuid=\(account.uid)", "--regid=\(account.gid)", "--init-groups", "--", executable]
                        + arguments
                )
                childEnvironment["HOME"] = account.home
                childEnvironment["USER"] = account.name
                childEnvironment["LOGNAME"] = account.name
            }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: commandLine.0)
        process.arguments = commandLine.1
        process.environment = childEnvironment
        process.currentDirectoryURL = workingDirectory ?? TemporaryPaths.systemTemporaryDirectory
        return process
    }
}
