import Foundation
import Testing

/// README's "Use it in your bot" is a complete package: its files, copied into a fresh directory
/// with the schemagen dependency pointed at this checkout, build with the plugin and run.
@Suite struct ReadmePackageTests {
    /// The files README shows as `` `path`: `` followed by a fenced block.
    static func packageFiles(_ readme: String) -> [String: String] {
        var files: [String: String] = [:]
        let lines = readme.components(separatedBy: "\n")
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("`"), line.hasSuffix("`:"), index + 2 < lines.count, lines[index + 2].hasPrefix("```") {
                let path = String(line.dropFirst().dropLast(2))
                var body: [String] = []
                index += 3
                while index < lines.count, lines[index] != "```" {
                    body.append(lines[index])
                    index += 1
                }
                files[path] = body.joined(separator: "\n") + "\n"
            }
            index += 1
        }
        return files
    }

    static func swift(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift"] + arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func readmeFilesAreACompletePackage() throws {
        let readme = try String(contentsOf: CLIRunner.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let files = Self.packageFiles(readme)
        #expect(Set(files.keys) == ["Package.swift", "Sources/BotData/my_bot.schema", "Sources/BotData/BotData.swift", "Sources/MyBot/main.swift"])
        let remote = #".package(url: "https://github.com/OWNER/schemagen.git", branch: "main"),"#
        let manifest = try #require(files["Package.swift"])
        #expect(manifest.contains(remote))
        let local = ".package(name: \"schemagen\", path: \"\(CLIRunner.repositoryRoot.path)\"),"
        var package = files
        package["Package.swift"] = manifest.replacingOccurrences(of: remote, with: local)
        let directory = try CLIRunner.workspace(package)
        defer { try? FileManager.default.removeItem(at: directory) }
        let build = try Self.swift(["build"], in: directory)
        #expect(build.status == 0, "\(build.output)")
        #expect(!build.output.contains("warning:"), "\(build.output)")
        let run = try Self.swift(["run", "--skip-build", "MyBot"], in: directory)
        #expect(run.status == 0 && run.output.contains(#"["buy milk"]"#), "\(run.output)")
        // Nothing changed: the generated file keeps its bytes, so nothing recompiles (SwiftPM may run
        // the plugin's command once more after `swift run` re-planned the build), then it stops running.
        let again = try Self.swift(["build"], in: directory)
        #expect(again.status == 0 && !again.output.contains("Compiling BotData"), "\(again.output)")
        let settled = try Self.swift(["build"], in: directory)
        #expect(settled.status == 0 && !settled.output.contains("schemagen: generating"), "\(settled.output)")
        // The command plugin runs the tool in the package directory and passes its exit status on.
        let check = try Self.swift(["package", "--allow-writing-to-package-directory", "schemagen", "check",
                                    "Sources/BotData/my_bot.schema"], in: directory)
        #expect(check.status == 0 && check.output.contains("checked 1 schema file: ok"), "\(check.output)")
        let broken = directory.appendingPathComponent("Sources/BotData/broken.schema")
        try Data("schema broken {\n  targets sqlite\n}\ntable t {\n  id int64 primary\n  x nosuchtype\n}\n".utf8).write(to: broken)
        let failing = try Self.swift(["package", "--allow-writing-to-package-directory", "schemagen", "check",
                                      "Sources/BotData/broken.schema"], in: directory)
        #expect(failing.status != 0 && failing.output.contains("broken.schema:6:5: error:"), "\(failing.output)")
    }
}
