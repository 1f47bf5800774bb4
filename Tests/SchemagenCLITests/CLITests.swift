import Foundation
import Testing

let validSchema = """
schema tiny {
  targets sqlite, postgres, mysql, mongo
}

/// People.
table people {
  id    int64 primary auto
  name  string(50)
}

collection notes {
  id    objectid primary auto named "_id"
  body  text
}
"""

let brokenSchema = """
schema tiny {
  targets sqlite
}

table people {
  id    int64 primary auto
  owner int64 -> persons.id
  kind  strng
}
"""

@Suite struct CLITests {
    @Test func versionAndHelp() throws {
        let directory = try CLIRunner.workspace([:])
        let version = try CLIRunner.run(["--version"], in: directory)
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("schemagen "))
        for command in ["check", "fmt", "build"] {
            let help = try CLIRunner.run([command, "--help"], in: directory)
            #expect(help.status == 0)
            #expect(help.stdout.contains("USAGE: schemagen \(command)"))
        }
        let top = try CLIRunner.run(["--help"], in: directory)
        #expect(top.stdout.contains("check") && top.stdout.contains("fmt") && top.stdout.contains("build"))
    }

    @Test func usageErrorsExitTwo() throws {
        let directory = try CLIRunner.workspace([:])
        #expect(try CLIRunner.run([], in: directory).status == 2)
        #expect(try CLIRunner.run(["frobnicate"], in: directory).status == 2)
        #expect(try CLIRunner.run(["check", "--nope"], in: directory).status == 2)
        #expect(try CLIRunner.run(["check", "missing.schema"], in: directory).status == 2)
        #expect(try CLIRunner.run(["build", "--out"], in: directory).status == 2)
    }

    @Test func checkReportsEveryErrorWithPositionAndHint() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": brokenSchema])
        let result = try CLIRunner.run(["check"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("schema/tiny.schema:7:18: error: foreign key to unknown entity 'persons'"))
        #expect(result.stderr.contains("schema/tiny.schema:8:9: error: unknown type 'strng'"))
        #expect(result.stderr.contains("hint: "))
        // Not a terminal: no colour escapes.
        #expect(!result.stderr.contains("\u{1B}["))
    }

    @Test func checkPassesOnValidSchema() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": validSchema])
        let result = try CLIRunner.run(["check", "schema/tiny.schema"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func buildWritesOnlyChangedFilesAndCheckDetectsStaleness() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": validSchema])
        let first = try CLIRunner.run(["build"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        let generated = directory.appendingPathComponent("generated/tiny")
        let files = try FileManager.default.subpathsOfDirectory(atPath: generated.path).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: generated.appendingPathComponent(path).path,
                                                  isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
        #expect(!files.isEmpty)
        #expect(try CLIRunner.run(["build", "--check"], in: directory).status == 0)

        // A second build rewrites nothing: modification dates stay.
        let sample = generated.appendingPathComponent(files[0])
        let before = try FileManager.default.attributesOfItem(atPath: sample.path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 1.1)
        let second = try CLIRunner.run(["build"], in: directory)
        #expect(second.stdout.contains("wrote 0 of"))
        let after = try FileManager.default.attributesOfItem(atPath: sample.path)[.modificationDate] as? Date
        #expect(before == after)

        // Tampering and extra files make --check fail and list them; build repairs what it wrote
        // but stops at a file it did not write (see BuildManifestTests), changing nothing.
        try Data("tampered\n".utf8).write(to: sample)
        let extra = generated.appendingPathComponent("stray.txt")
        try Data("x".utf8).write(to: extra)
        let stale = try CLIRunner.run(["build", "--check"], in: directory)
        #expect(stale.status == 1)
        #expect(stale.stderr.contains(files[0]) && stale.stderr.contains("stray.txt"))
        #expect(stale.stderr.contains("hint: rebuild, then commit the result: swift run schemagen build\n"))
        #expect(try CLIRunner.run(["build"], in: directory).status == 1)
        #expect(try String(contentsOf: sample, encoding: .utf8) == "tampered\n")
        try FileManager.default.removeItem(at: extra)
        #expect(try CLIRunner.run(["build"], in: directory).status == 0)
        #expect(try CLIRunner.run(["build", "--check"], in: directory).status == 0)
    }

    /// A stale folder built with `--out` and named files gets the command that rebuilds exactly it,
    /// each word quoted for the shell where it must be.
    @Test func staleCheckNamesTheCommandThatRebuildsThatFolder() throws {
        let directory = try CLIRunner.workspace(["fixtures/my tiny.schema": validSchema])
        #expect(try CLIRunner.run(["build", "--out", "fixtures/out", "fixtures/my tiny.schema"], in: directory).status == 0)
        let sample = try #require(FileManager.default.enumerator(atPath: directory.appendingPathComponent("fixtures/out").path)?
            .compactMap { $0 as? String }.first { $0.hasSuffix(".sql") })
        try Data("tampered\n".utf8).write(to: directory.appendingPathComponent("fixtures/out/\(sample)"))
        let stale = try CLIRunner.run(["build", "--check", "--out", "fixtures/out", "fixtures/my tiny.schema"], in: directory)
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("hint: rebuild, then commit the result: swift run schemagen build --out fixtures/out 'fixtures/my tiny.schema'\n"))
    }

    @Test func buildRefusesSchemasWithErrorsAndWritesNothing() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": brokenSchema])
        let result = try CLIRunner.run(["build", "--out", "out"], in: directory)
        #expect(result.status == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    @Test func fmtRewritesCanonicallyAndLeavesBrokenFilesAlone() throws {
        let messy = "schema tiny {\n  targets sqlite\n}\n\ntable people {\n  id int64 primary auto // the key\n      name   string(50)\n}\n"
        let directory = try CLIRunner.workspace(["schema/tiny.schema": messy, "schema/broken.schema": brokenSchema + "\n table {"])
        let check = try CLIRunner.run(["fmt", "--check", "schema/tiny.schema"], in: directory)
        #expect(check.status == 1)
        #expect(check.stderr.contains("schema/tiny.schema: not formatted"))
        #expect(try String(contentsOf: directory.appendingPathComponent("schema/tiny.schema"), encoding: .utf8) == messy)

        #expect(try CLIRunner.run(["fmt", "schema/tiny.schema"], in: directory).status == 0)
        let formatted = try String(contentsOf: directory.appendingPathComponent("schema/tiny.schema"), encoding: .utf8)
        #expect(formatted.contains("  id   int64 primary auto // the key\n  name string(50)\n"))
        #expect(try CLIRunner.run(["fmt", "--check", "schema/tiny.schema"], in: directory).status == 0)

        let broken = try CLIRunner.run(["fmt", "schema/broken.schema"], in: directory)
        #expect(broken.status == 1)
        #expect(try String(contentsOf: directory.appendingPathComponent("schema/broken.schema"), encoding: .utf8)
                == brokenSchema + "\n table {")
    }

    @Test func repositorySchemasAreCanonicallyFormatted() throws {
        let result = try CLIRunner.run(["fmt", "--check"], in: CLIRunner.repositoryRoot)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func repositorySchemasAreBuiltAndUpToDate() throws {
        let result = try CLIRunner.run(["build", "--check"], in: CLIRunner.repositoryRoot)
        #expect(result.status == 0, "\(result.stderr)")
    }
}
