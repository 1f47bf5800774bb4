import Foundation

/// A SQL script was rejected by the database (non-zero exit of `psql`, `mariadb` or `sqlite3`).
public struct SQLExecutionError: Error, CustomStringConvertible {
    /// "PostgreSQL", "MariaDB" or "SQLite".
    public var engine: String
    /// The database the script ran in.
    public var database: String
    /// The client's exit status.
    public var exitStatus: Int32
    /// What the client printed on stderr: the server's error message, e.g.
    /// `ERROR:  duplicate key value violates unique constraint "t_pkey"`.
    public var message: String
    /// The script that failed (without the harness's prelude).
    public var script: String

    /// The engine's message followed by the script.
    public var description: String {
        "\(engine) rejected the script in database \(database) (exit \(exitStatus)):\n"
            + message.trimmingCharacters(in: .whitespacesAndNewlines)
            + "\n--- script ---\n" + script
    }
}

/// `node --check` rejected a JavaScript file.
public struct JavaScriptSyntaxError: Error, CustomStringConvertible {
    /// node's message.
    public var message: String
    /// node's message, introduced.
    public var description: String { "node --check rejected the script:\n\(message)" }
}

/// The harness itself could not do its job: a tool is missing, a server would not start, a command hung.
public enum HarnessError: Error, CustomStringConvertible {
    case missingTool(candidates: [String], searched: [String])
    case unknownUser(String)
    case commandFailed(command: String, output: ProcessOutput)
    case timedOut(command: String, seconds: Double)
    case serverDidNotStart(server: String, reason: String, log: String)

    /// What went wrong and how to fix it.
    public var description: String {
        switch self {
        case let .missingTool(candidates, searched):
            return "Test dependency missing: none of \(candidates.joined(separator: ", ")) was found "
                + "(searched \(searched.joined(separator: ":"))). "
                + "Install the test dependencies with `bash scripts/install-test-deps.sh`, "
                + "or run the tests through `bash scripts/test.sh`, which does it for you."
        case let .unknownUser(name):
            return "OS user '\(name)' does not exist; the server package normally creates it "
                + "(run `bash scripts/install-test-deps.sh`)."
        case let .commandFailed(command, output):
            return "Command failed (exit \(output.status)): \(command)\nstderr:\n\(output.stderr)\nstdout:\n\(output.stdout)"
        case let .timedOut(command, seconds):
            return "Command did not finish within \(seconds) s and was killed: \(command)"
        case let .serverDidNotStart(server, reason, log):
            return "\(server) did not start: \(reason)\n--- server log (tail) ---\n\(log)"
        }
    }
}
