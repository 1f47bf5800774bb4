import Foundation

/// A server process the harness started and must not leave behind.
public protocol ManagedServer: AnyObject, Sendable {
    /// Shuts the server down and removes its files. Safe to call more than once.
    func stop()
}

/// Makes sure no server outlives the test process.
///
/// Two layers:
/// 1. An `atexit` hook stops every registered server when the test process exits normally.
/// 2. A watchdog shell per server covers abnormal ends (a crash, Ctrl-C, `kill -9` of the test
///    runner): it polls once a second and, when the test process is gone, stops the server's whole
///    process group and removes its directory. Servers run in their own process group (Foundation
///    starts children that way), so terminal signals meant for the test runner don't reach them.
public enum ServerCleanup {
    /// Stops `server` when the test process exits.
    public static func register(_ server: any ManagedServer) {
        installExitHook()
        servers.withLock { list in
            list.removeAll { $0.server == nil }
            list.append(WeakServer(server: server))
        }
    }

    /// Installs the `atexit` hook (once).
    public static func installExitHook() {
        _ = exitHook
    }

    /// Starts the watchdog for a server. `stopSignal` is the server's "shut down quickly" signal
    /// (SIGINT for PostgreSQL, SIGTERM for MariaDB). Returns nil if no shell is available (the
    /// `atexit` hook still applies). Kill the returned process with SIGKILL once the server is stopped.
    public static func startWatchdog(serverPID: Int32, stopSignal: Int32, directory: URL) -> Process? {
        let script = """
            trap '' INT HUP TERM PIPE
            test_pid=$1 server_pid=$2 stop_signal=$3 dir=$4
            # Running, not merely a zombie (when the test process dies, the server is re-parented
            # to PID 1, which in a container may never reap it).
            alive() {
              kill -0 "$1" 2>/dev/null || return 1
              ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
            }
            while alive "$test_pid"; do
              alive "$server_pid" || exit 0
              sleep 1
            done
            kill -s "$stop_signal" "$server_pid" 2>/dev/null
            tries=0
            while alive "$server_pid" && [ "$tries" -lt 20 ]; do
              sleep 0.5
              tries=$((tries + 1))
            done
            kill -s KILL -- "-$server_pid" 2>/dev/null
            rm -rf "$dir"
            """
        let signalName = stopSignal == SIGINT ? "INT" : "TERM"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "schemagen-watchdog", "\(getpid())", "\(serverPID)", signalName, directory.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            return process
        } catch {
            return nil
        }
    }

    /// Stops `process`'s whole process group: `signal` first, SIGKILL if it is still running
    /// after `grace` seconds.
    public static func terminateGroup(of process: Process, signal: Int32, grace: Double) {
        let pid = process.processIdentifier
        guard pid > 0 else { return }
        if process.isRunning {
            kill(pid, signal)
            if !ProcessRunner.waitForExit(process, timeout: grace) {
                kill(-pid, SIGKILL)
                _ = ProcessRunner.waitForExit(process, timeout: 5)
            }
        }
        kill(-pid, SIGKILL)  // stragglers in the group, if any; ESRCH otherwise
    }

    private struct WeakServer {
        weak var server: (any ManagedServer)?
    }

    private static let servers = Locked<[WeakServer]>([])

    private static let exitHook: Void = {
        atexit {
            let running = ServerCleanup.servers.withLock { list in
                defer { list.removeAll() }
                return list.compactMap(\.server)
            }
            for server in running {
                server.stop()
            }
            TemporaryPaths.removeScratch()
        }
    }()
}
