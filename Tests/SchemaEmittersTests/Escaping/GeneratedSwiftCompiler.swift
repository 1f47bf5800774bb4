import Foundation
import SchemaEmitters
import ServerHarness

/// Type-checks generated Swift of a test schema (the seeds' is built as package targets) with
/// `swiftc -typecheck`, against the `SchemaGenRuntime` module this test build compiled.
enum GeneratedSwiftCompiler {
    /// What the compiler printed; throws `CompileFailed` unless it succeeded. Warnings are
    /// returned, not thrown: the caller decides (generated code must have none).
    static func typecheck(_ files: [EmittedFile], moduleName: String) throws -> String {
        let swiftFiles = files.filter { $0.path.hasSuffix(".swift") }
        let directory = try TemporaryPaths.makeDirectory(prefix: "swiftc")
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for file in swiftFiles {
            let url = directory.appendingPathComponent(file.path.replacingOccurrences(of: "/", with: "_"))
            try Data(file.contents.utf8).write(to: url)
            paths.append(url.path)
        }
        let swiftc = try ToolLocator.find("swiftc")
        // A watchdog against a hung compiler, not a speed limit: the hostile-names library (~400
        // files) type-checks in about a minute alone, but two such checks run beside the rest of
        // the suite on 2 cores and took over 300 s in a loaded CI run.
        let output = try ProcessRunner.run(
            swiftc, ["-typecheck", "-swift-version", "6", "-I", try modulesDirectory().path,
                     // SchemaGenRuntime's C targets (their module maps), which a client of the module loads too.
                     "-I", SeedSchemas.packageRoot.appendingPathComponent("Sources/CCRC32C/include").path,
                     "-I", SeedSchemas.packageRoot.appendingPathComponent("Sources/CMemoryPrefetch/include").path, "-module-name", moduleName]
                + paths, timeout: 1200)
        guard output.status == 0 else { throw CompileFailed(output: output.stderr + output.stdout) }
        return output.stderr + output.stdout
    }

    /// The build's `Modules` folder holding `SchemaGenRuntime.swiftmodule`: next to the test
    /// bundle, whatever `--build-path` was used.
    static func modulesDirectory() throws -> URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundle, bundle.deletingLastPathComponent(), SeedSchemas.packageRoot.appendingPathComponent(".build/debug")]
            .map { $0.appendingPathComponent("Modules") }
        guard let found = candidates.first(where: {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("SchemaGenRuntime.swiftmodule").path)
        }) else {
            throw CompileFailed(output: "no SchemaGenRuntime.swiftmodule in \(candidates.map(\.path))")
        }
        return found
    }
}

/// The compiler rejected generated Swift.
struct CompileFailed: Error, CustomStringConvertible {
    var output: String
    var description: String { "generated Swift does not compile:\n" + output }
}
