import Foundation
import Testing

/// `schemagen build` keeps `.schemagen-manifest` in each schema's output folder and never
/// deletes or overwrites a file it did not write.
@Suite struct BuildManifestTests {
    static func files(under root: URL) throws -> [String: Data] { try BuildOutputTests.files(under: root) }

    static func manifestPaths(_ folder: URL) throws -> [String] {
        try String(contentsOf: folder.appendingPathComponent(".schemagen-manifest"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    @Test func manifestListsExactlyTheFilesWrittenAndRerunIsByteIdentical() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": validSchema])
        defer { try? FileManager.default.removeItem(at: directory) }
        let generated = directory.appendingPathComponent("generated")
        #expect(try CLIRunner.run(["build"], in: directory).status == 0)
        let first = try Self.files(under: generated)
        let written = first.keys.filter { $0.hasPrefix("tiny/") && $0 != "tiny/.schemagen-manifest" }
            .map { String($0.dropFirst("tiny/".count)) }.sorted()
        #expect(written.contains("sql/sqlite.sql") && written.contains("mongo/setup.js"))
        #expect(try Self.manifestPaths(generated.appendingPathComponent("tiny")) == written)

        let second = try CLIRunner.run(["build"], in: directory)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("wrote 0 of \(first.count) files"))
        #expect(try Self.files(under: generated) == first)
        #expect(try CLIRunner.run(["build", "--check"], in: directory).status == 0)
    }

    @Test func userFileInTheOutputFolderSurvivesAndIsNamed() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": validSchema])
        defer { try? FileManager.default.removeItem(at: directory) }
        let generated = directory.appendingPathComponent("generated")
        #expect(try CLIRunner.run(["build"], in: directory).status == 0)
        let mine = generated.appendingPathComponent("tiny/Swift/MyHelpers.swift")
        try Data("// mine\n".utf8).write(to: mine)
        // Hidden files are never the build's: they neither stop it nor get removed.
        let hidden = generated.appendingPathComponent("tiny/.DS_Store")
        try Data("x".utf8).write(to: hidden)
        // A schema change that would rewrite generated files must not happen either.
        let changed = validSchema.replacingOccurrences(of: "  body  text\n", with: "  body  text\n  pinned bool = false\n")
        try Data(changed.utf8).write(to: directory.appendingPathComponent("schema/tiny.schema"))
        let before = try Self.files(under: generated)

        let result = try CLIRunner.run(["build"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: not building: 1 file in \(generated.path) was not written by schemagen"))
        #expect(result.stderr.contains("  \(generated.path)/tiny/Swift/MyHelpers.swift\n"))
        #expect(!result.stderr.contains(".DS_Store"))
        #expect(try Self.files(under: generated) == before, "a refused build changed files")

        let check = try CLIRunner.run(["build", "--check"], in: directory)
        #expect(check.status == 1)
        #expect(check.stderr.contains("tiny/Swift/MyHelpers.swift (not written by schemagen)"))

        // Moved out of the way, the build goes ahead and leaves the hidden file alone.
        try FileManager.default.moveItem(at: mine, to: directory.appendingPathComponent("MyHelpers.swift"))
        #expect(try CLIRunner.run(["build"], in: directory).status == 0)
        #expect(FileManager.default.fileExists(atPath: hidden.path))
        #expect(try CLIRunner.run(["build", "--check"], in: directory).status == 0)
    }

    @Test func userFileWhereTheBuildWouldWriteIsNotOverwritten() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": validSchema])
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("out/tiny/sql")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("-- my own\n".utf8).write(to: folder.appendingPathComponent("sqlite.sql"))

        let result = try CLIRunner.run(["build", "--out", "out"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("/out/tiny/sql/sqlite.sql\n"))
        let left = try Self.files(under: directory.appendingPathComponent("out"))
        #expect(left == ["tiny/sql/sqlite.sql": Data("-- my own\n".utf8)])
    }

    @Test func staleFileSchemagenWroteIsRemoved() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": validSchema])
        defer { try? FileManager.default.removeItem(at: directory) }
        let tiny = directory.appendingPathComponent("generated/tiny")
        #expect(try CLIRunner.run(["build"], in: directory).status == 0)
        #expect(FileManager.default.fileExists(atPath: tiny.appendingPathComponent("mongo/setup.js").path))

        // Without the mongo target the build no longer writes mongo/: its files are stale.
        let sqlOnly = validSchema.replacingOccurrences(of: "targets sqlite, postgres, mysql, mongo", with: "targets sqlite, postgres, mysql")
        #expect(sqlOnly != validSchema)
        try Data(sqlOnly.utf8).write(to: directory.appendingPathComponent("schema/tiny.schema"))
        let result = try CLIRunner.run(["build"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tiny.appendingPathComponent("mongo").path))
        let manifest = try Self.manifestPaths(tiny)
        #expect(!manifest.contains { $0.hasPrefix("mongo/") } && manifest.contains("sql/sqlite.sql"))
        #expect(try CLIRunner.run(["build", "--check"], in: directory).status == 0)
    }
}
