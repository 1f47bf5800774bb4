import Foundation
import Testing

/// Runs JavaScript under the `node` found on `PATH`, in a fresh temporary directory.
struct NodeRunner {
    /// The `node` executable.
    let executable: URL
    /// The directory scripts are written to and run in.
    let directory: URL

    /// Finds `node` on `PATH` and makes a temporary directory; fails with a clear message when
    /// node is missing.
    init() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("node") }
        guard let node = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw FixtureError("node is not on PATH (\(path)); the MongoDB script tests run the generated JavaScript under node 18+")
        }
        executable = node
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("schemagen-node-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Writes a file into the working directory.
    func write(_ name: String, _ contents: String) throws {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs node with the arguments in the working directory; returns exit status and output.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Expects `node --check` to accept the file.
    func expectSyntaxValid(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let result = try run(["--check", name])
        #expect(result.status == 0, "node --check \(name) failed:\n\(result.output)", sourceLocation: sourceLocation)
    }

    /// Runs a scenario script (which `require`s `./harness.js`) and expects it to exit 0.
    func expectScenarioPasses(_ scenario: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try write("harness.js", MongoScriptHarness.source)
        try write("scenario.js", scenario)
        let result = try run(["scenario.js"])
        #expect(result.status == 0, "scenario failed:\n\(result.output)", sourceLocation: sourceLocation)
    }

    /// Removes the working directory.
    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}
