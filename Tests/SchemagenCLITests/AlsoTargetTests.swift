import Foundation
import Testing

/// `schemagen build --also-target`: a target added for one build goes through the same checks
/// and emitters as one the schema lists, and the schema file stays as it is.
@Suite struct AlsoTargetTests {
    /// A SQLite schema; `targets` is the line the tests edit.
    static func schema(targets: String, enumValue: String = "open") -> String {
        """
        schema tiny {
          targets \(targets)
        }

        enum State {
          \(enumValue)
        }

        /// People.
        table people {
          id    int64 primary auto
          name  string(50)
          state State
        }
        """
    }

    /// Building with `--also-target postgres` writes exactly the files of a build of the schema
    /// with `targets sqlite, postgres` that a plain build does not write the same (the PostgreSQL
    /// DDL, retention SQL and facade, the docs that name the target), no copy of the rest, and
    /// leaves the schema file unchanged.
    @Test func addingATargetBuildsWhatTheListedTargetAddsOrChanges() throws {
        let plain = Self.schema(targets: "sqlite")
        let added = try CLIRunner.workspace(["schema/tiny.schema": plain])
        let listed = try CLIRunner.workspace(["schema/tiny.schema": Self.schema(targets: "sqlite, postgres")])
        defer {
            try? FileManager.default.removeItem(at: added)
            try? FileManager.default.removeItem(at: listed)
        }
        // Over a folder a plain build wrote: the plain files it does not write again are removed, and said so.
        #expect(try CLIRunner.run(["build", "--out", "out", "schema/tiny.schema"], in: added).status == 0)
        let build = try CLIRunner.run(["build", "--also-target", "postgres", "--out", "out", "schema/tiny.schema"], in: added)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(try CLIRunner.run(["build", "--out", "out", "schema/tiny.schema"], in: listed).status == 0)
        #expect(try CLIRunner.run(["build", "--out", "plain", "schema/tiny.schema"], in: added).status == 0)

        // Each folder's manifest lists what its own build wrote, so it is left out of the comparison.
        func outputs(_ folder: URL) throws -> [String: Data] {
            try BuildOutputTests.files(under: folder).filter { !$0.key.hasSuffix("/.schemagen-manifest") }
        }
        let addedFiles = try outputs(added.appendingPathComponent("out"))
        let listedFiles = try outputs(listed.appendingPathComponent("out"))
        let plainFiles = try outputs(added.appendingPathComponent("plain"))
        let expected = listedFiles.filter { plainFiles[$0.key] != $0.value }
        #expect(addedFiles.keys.contains("tiny/sql/postgres.sql") && addedFiles.keys.contains("tiny/SwiftPostgres/Tiny+Postgres.swift"))
        #expect(!addedFiles.keys.contains("tiny/sql/sqlite.sql") && !addedFiles.keys.contains { $0.hasPrefix("tiny/Swift/") })
        #expect(addedFiles.keys.sorted() == expected.keys.sorted())
        let differing = addedFiles.keys.filter { addedFiles[$0] != expected[$0] }.sorted()
        #expect(differing.isEmpty, "differ from a build of the edited schema: \(differing)")
        let removed = plainFiles.keys.filter { expected[$0] == nil }.count
        #expect(build.stdout.contains("/out, removed \(removed) no longer generated"), "\(build.stdout)")
        #expect(try String(contentsOf: added.appendingPathComponent("schema/tiny.schema"), encoding: .utf8) == plain)

        // Without the option the same folder is stale: the added target's files are extra.
        let check = try CLIRunner.run(["build", "--check", "--out", "out", "schema/tiny.schema"], in: added)
        #expect(check.status == 1 && check.stderr.contains("out/tiny/sql/postgres.sql"), "\(check.stderr)")
        let fresh = try CLIRunner.run(["build", "--check", "--also-target", "postgres", "--out", "out", "schema/tiny.schema"], in: added)
        #expect(fresh.status == 0, "\(fresh.stderr)")
    }

    /// The added target's own checks run: an enum value longer than PostgreSQL's 63-byte label
    /// limit is fine for SQLite and an error once PostgreSQL is added; nothing is written.
    @Test func theAddedTargetsChecksRun() throws {
        let long = String(repeating: "a", count: 64)
        let directory = try CLIRunner.workspace(["schema/tiny.schema": Self.schema(targets: "sqlite", enumValue: long)])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CLIRunner.run(["check", "schema/tiny.schema"], in: directory).status == 0)
        let build = try CLIRunner.run(["build", "--also-target", "postgres", "--out", "out", "schema/tiny.schema"], in: directory)
        #expect(build.status == 1)
        #expect(build.stderr.contains("schema/tiny.schema:6:3: error: enum value \"\(long)\" is longer than 63 bytes, "
                                      + "PostgreSQL's limit for enum labels"), "\(build.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    /// An unknown target name is a usage error naming it and the targets there are; nothing is written.
    @Test func anUnknownTargetIsAUsageError() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": Self.schema(targets: "sqlite")])
        defer { try? FileManager.default.removeItem(at: directory) }
        for (value, name) in [("postgress", "postgress"), ("postgres,oracle", "oracle"), ("", "")] {
            let result = try CLIRunner.run(["build", "--also-target", value, "--out", "out", "schema/tiny.schema"], in: directory)
            #expect(result.status == 2)
            #expect(result.stderr == "error: --also-target: unknown target '\(name)'\n"
                    + "hint: targets are sqlite, postgres, mysql, mongo (comma-separated)\n", "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
        }
    }

    /// A target the schema lists already is not repeated (no "listed twice" error, the same
    /// output); several targets are comma-separated; a stale check's hint keeps the option.
    @Test func listedTargetsAreNotRepeatedAndTheRebuildHintKeepsTheOption() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": Self.schema(targets: "sqlite, postgres")])
        defer { try? FileManager.default.removeItem(at: directory) }
        let build = try CLIRunner.run(["build", "--also-target", "postgres,mysql", "--out", "out", "schema/tiny.schema"], in: directory)
        #expect(build.status == 0, "\(build.stderr)")
        let sql = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("out/tiny/sql").path).sorted()
        // Only what mysql adds: postgres is listed already, so the plain build writes its files.
        #expect(sql == ["mysql.retention.sql", "mysql.sql"])
        try FileManager.default.removeItem(at: directory.appendingPathComponent("out/tiny/sql/mysql.sql"))
        let stale = try CLIRunner.run(["build", "--check", "--also-target", "postgres,mysql", "--out", "out", "schema/tiny.schema"],
                                      in: directory)
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("hint: rebuild, then commit the result: "
                                      + "swift run schemagen build --out out --also-target postgres,mysql schema/tiny.schema\n"),
                "\(stale.stderr)")
    }

    /// The repository's fixture of the MySQL seed on PostgreSQL (Tests/Fixtures/setai_postgres) is
    /// what the option builds from `schema/setai_bot.schema` today: the PostgreSQL files only (the
    /// facade target compiles against `SetaiBotData`, built from generated/).
    @Test func theSetaiPostgresFixtureIsUpToDate() throws {
        let root = CLIRunner.repositoryRoot
        let result = try CLIRunner.run(["build", "--check", "--also-target", "postgres", "--out", "Tests/Fixtures/setai_postgres",
                                        "schema/setai_bot.schema"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let fixture = try BuildOutputTests.files(under: root.appendingPathComponent("Tests/Fixtures/setai_postgres"))
        #expect(fixture.keys.contains("setai_bot/sql/postgres.sql") && !fixture.keys.contains { $0.hasPrefix("setai_bot/Swift/") })
    }
}
