import Foundation
import ServerHarness

/// The Python the client compatibility tests run the seeds' own stacks in: the venv that
/// `scripts/install-python-test-deps.sh` creates under `.build-python/` with the pinned SQLAlchemy,
/// asyncpg, Alembic and PyMySQL (the script is run once per test process, like the servers are started).
///
/// Without `python3` on the machine the tests are skipped with a message, except in CI (`CI` set),
/// where a missing Python is a failure.
enum PythonStack {
    /// Whether `python3` is on the search path.
    static let python3Found: Bool = (try? ToolLocator.find("python3")) != nil

    /// True when the client tests should run: python3 exists, or CI requires them anyway.
    static let runsClientTests: Bool = python3Found || ProcessInfo.processInfo.environment["CI"] != nil

    /// The venv's `python`, with the pinned packages installed.
    static var python: String {
        get throws { try venv.get() }
    }

    private static let venv = LazyShared<String> {
        let script = SeedSchemas.packageRoot.appendingPathComponent("scripts/install-python-test-deps.sh").path
        let output = try ProcessRunner.runChecked("/bin/bash", [script], timeout: 900)
        guard let path = output.stdout.split(separator: "\n").last.map(String.init),
              FileManager.default.isExecutableFile(atPath: path) else {
            throw HarnessError.commandFailed(command: "bash \(script)", output: output)
        }
        return path
    }

    /// The client script `Tests/Fixtures/seed_clients/<name>`.
    static func script(_ name: String) -> String {
        SeedSchemas.packageRoot.appendingPathComponent("Tests/Fixtures/seed_clients/\(name)").path
    }

    /// Runs a client script with the venv's python; returns its `ok: …` lines, or throws with its
    /// output when it fails.
    static func run(_ name: String, _ arguments: [String]) throws -> [String] {
        let output = try ProcessRunner.run(try python, [script(name)] + arguments, timeout: 300)
        guard output.status == 0 else {
            throw ClientScriptFailed(script: name, output: output)
        }
        return output.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("ok: ") }
    }
}

/// A seed client script exited non-zero.
struct ClientScriptFailed: Error, CustomStringConvertible {
    var script: String
    var output: ProcessOutput
    var description: String {
        "\(script) exited with status \(output.status)\n--- stdout\n\(output.stdout)\n--- stderr\n\(output.stderr)"
    }
}
