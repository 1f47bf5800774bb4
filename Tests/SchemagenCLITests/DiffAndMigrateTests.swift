import Foundation
import Testing

/// `schemagen diff` and `schemagen migrate` as a user runs them: exit statuses, the review
/// report, hints instead of drops, and the migrations directory with its chained sums.
@Suite struct DiffAndMigrateTests {
    static let v1 = """
        schema shop {
          targets sqlite, postgres
        }

        table items {
          id    int64 primary auto
          title string(80)
          note  text?
        }
        """

    static let v2Renamed = v1.replacingOccurrences(of: "  note  text?\n", with: "  memo  text? was note\n  price int64 = 0\n")
    static let v2Unhinted = v1.replacingOccurrences(of: "  note  text?\n", with: "  memo  text?\n")
    static let v2Dropped = v1.replacingOccurrences(of: "  note  text?\n", with: "")

    @Test func reportListsEveryChangeWithCodeAndClassAndTheSQL() throws {
        let directory = try CLIRunner.workspace(["old.schema": Self.v1, "new.schema": Self.v2Renamed])
        let result = try CLIRunner.run(["diff", "old.schema", "new.schema"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("| `SG204` | items.note renamed to memo | incompatible |"))
        #expect(result.stdout.contains("| `SG201` | items.price int64 added | safe |"))
        #expect(result.stdout.contains("ALTER TABLE \"items\" RENAME COLUMN \"note\" TO \"memo\";"))
        #expect(!result.stdout.contains("DROP COLUMN") && !result.stdout.contains("DROP TABLE \"items\""))
    }

    @Test func reportAndStoreFormatShowWhatTheEmbeddedStoreDoesOnOpen() throws {
        let directory = try CLIRunner.workspace(["old.schema": Self.v1, "new.schema": Self.v2Renamed,
                                                 "dropped.schema": Self.v2Dropped])
        let report = try CLIRunner.run(["diff", "old.schema", "new.schema"], in: directory)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("| code | change | classes | embedded store, on open |"))
        #expect(report.stdout.contains(
            "| `SG204` | items.note renamed to memo | incompatible | renames column 'items.note' to 'memo'; values kept |"))
        #expect(report.stdout.contains("| `SG201` | items.price int64 added | safe | adds 'items.price', 0 in existing rows, "
                                       + "rewriting rows of 'items' |"))
        let store = try CLIRunner.run(["diff", "old.schema", "new.schema", "--format", "store"], in: directory)
        #expect(store.status == 0)
        #expect(store.stdout == """
            SG204 items.note renamed to memo (incompatible)
                on open: renames column 'items.note' to 'memo'; values kept
            SG201 items.price int64 added (safe)
                on open: adds 'items.price', 0 in existing rows, rewriting rows of 'items'


            """)
        let dropped = try CLIRunner.run(["diff", "old.schema", "dropped.schema"], in: directory)
        #expect(dropped.status == 3)
        #expect(dropped.stdout.contains("The embedded store migrates on open only with `.allowDestructive`"))
        #expect(dropped.stdout.contains("destructive, incompatible, irreversible | removes 'items.note' from every row"))
    }

    @Test func buildEmitsEveryMigrationVersionForTheEmbeddedStore() throws {
        let directory = try CLIRunner.workspace(["schema/shop.schema": Self.v1])
        #expect(try CLIRunner.run(["migrate", "new", "initial"], in: directory).status == 0)
        try Data(Self.v2Renamed.utf8).write(to: directory.appendingPathComponent("schema/shop.schema"))
        let built = try CLIRunner.run(["build"], in: directory)
        #expect(built.status == 0, "\(built.stderr)")
        let path = directory.appendingPathComponent("generated/shop/Swift/Shop+StoreEvolution.swift")
        let current = try String(contentsOf: path, encoding: .utf8)
        #expect(current.contains("StoreEvolution(versions: [version1, version2], steps: [step2])"))
        #expect(current.contains("name: \"current\""))
        #expect(current.contains("\"memo\": .column(\"note\", whenNull: nil)"))
        // Once the change has its migration, the newest version is named after it.
        #expect(try CLIRunner.run(["migrate", "new", "rename_note"], in: directory).status == 0)
        #expect(try CLIRunner.run(["build"], in: directory).status == 0)
        let migrated = try String(contentsOf: path, encoding: .utf8)
        #expect(migrated.contains("name: \"rename_note\"") && !migrated.contains("name: \"current\""))
        #expect(try CLIRunner.run(["build", "--check"], in: directory).status == 0)
    }

    @Test func dropAndAddOfTheSameShapeWithoutWasIsAnErrorAndNeverADrop() throws {
        let directory = try CLIRunner.workspace(["old.schema": Self.v1, "new.schema": Self.v2Unhinted])
        let result = try CLIRunner.run(["diff", "old.schema", "new.schema", "--format", "sql", "--dialect", "sqlite"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("new.schema:8:3: error: field 'memo' of 'items' replaces 'note', which has the same shape"))
        #expect(result.stderr.contains("hint: if it was renamed, write 'was note' on 'memo'"))
    }

    @Test func wasNamingNothingIsAnError() throws {
        let stale = Self.v1.replacingOccurrences(of: "  note  text?\n", with: "  note  text?\n  memo  text? was nothing\n")
        let directory = try CLIRunner.workspace(["old.schema": Self.v1, "new.schema": stale])
        let result = try CLIRunner.run(["diff", "old.schema", "new.schema"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: 'was nothing' of field 'memo' of 'items' matches nothing: the old schema has no 'nothing'"))
    }

    @Test func destructiveChangesNeedAcknowledgement() throws {
        let directory = try CLIRunner.workspace(["old.schema": Self.v1, "new.schema": Self.v2Dropped])
        let refused = try CLIRunner.run(["diff", "old.schema", "new.schema"], in: directory)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("SG203 items.note dropped with its data"))
        #expect(refused.stdout.contains("need acknowledgement") || refused.stdout.contains("needs acknowledgement"))
        let acknowledged = try CLIRunner.run(["diff", "old.schema", "new.schema", "--allow-destructive"], in: directory)
        #expect(acknowledged.status == 0)
    }

    @Test func exitCodeFlagMarksAnyChange() throws {
        let directory = try CLIRunner.workspace(["old.schema": Self.v1, "same.schema": Self.v1, "new.schema": Self.v2Renamed])
        #expect(try CLIRunner.run(["diff", "old.schema", "same.schema", "--exit-code"], in: directory).status == 0)
        #expect(try CLIRunner.run(["diff", "old.schema", "new.schema", "--exit-code"], in: directory).status == 4)
        #expect(try CLIRunner.run(["diff", "old.schema", "new.schema"], in: directory).status == 0)
        #expect(try CLIRunner.run(["diff", "old.schema"], in: directory).status == 2)
        #expect(try CLIRunner.run(["diff", "old.schema", "new.schema", "--format", "sql"], in: directory).status == 2)
    }

    @Test func fromRevisionComparesWithTheCommittedFile() throws {
        let directory = try CLIRunner.workspace(["schema/shop.schema": Self.v1])
        for command in [["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "v1"]] {
            let git = Process()
            git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            git.arguments = ["git"] + command
            git.currentDirectoryURL = directory
            try git.run()
            git.waitUntilExit()
            #expect(git.terminationStatus == 0)
        }
        try Data(Self.v2Renamed.utf8).write(to: directory.appendingPathComponent("schema/shop.schema"))
        let result = try CLIRunner.run(["diff", "--from", "HEAD"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("items.note renamed to memo"))
        let missing = try CLIRunner.run(["diff", "--from", "no-such-revision"], in: directory)
        #expect(missing.status == 2)
    }

    @Test func migrateWritesChainedMigrationsAndCheckCatchesTampering() throws {
        let directory = try CLIRunner.workspace(["schema/shop.schema": Self.v1])
        let first = try CLIRunner.run(["migrate", "new", "initial"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        let folder = directory.appendingPathComponent("schema/migrations/shop")
        let initial = folder.appendingPathComponent("0001_initial")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: initial.path))
                == ["schema.schema", "sqlite.up.sql", "sqlite.down.sql", "postgres.up.sql", "postgres.down.sql"])
        #expect(try CLIRunner.run(["migrate", "check"], in: directory).status == 0)

        // A schema change without its migration fails the check, naming the change.
        try Data(Self.v2Renamed.utf8).write(to: directory.appendingPathComponent("schema/shop.schema"))
        let stale = try CLIRunner.run(["migrate", "check"], in: directory)
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("SG204 items.note renamed to memo"))
        #expect(try CLIRunner.run(["migrate", "new", "rename_note"], in: directory).status == 0)
        #expect(try CLIRunner.run(["migrate", "check"], in: directory).status == 0)
        let up = try String(contentsOf: folder.appendingPathComponent("0002_rename_note/postgres.up.sql"), encoding: .utf8)
        #expect(up.contains("INSERT INTO \"schemagen_migrations\""))

        // Nothing changed: nothing written.
        let again = try CLIRunner.run(["migrate", "new", "again"], in: directory)
        #expect(again.status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("0003_again").path))

        // A comment or CRLF does not change a sum; a statement does, and is named.
        let file = initial.appendingPathComponent("sqlite.up.sql")
        let original = try String(contentsOf: file, encoding: .utf8)
        try Data(("-- reviewed\n" + original.replacingOccurrences(of: "\n", with: "\r\n")).utf8).write(to: file)
        #expect(try CLIRunner.run(["migrate", "check"], in: directory).status == 0)
        try Data(original.replacingOccurrences(of: "CREATE TABLE", with: "CREATE TABLE IF NOT EXISTS").utf8).write(to: file)
        let edited = try CLIRunner.run(["migrate", "check"], in: directory)
        #expect(edited.status == 1)
        #expect(edited.stderr.contains("migration 0001_initial was edited after it was written"))
        try Data(original.utf8).write(to: file)

        // Removed and inserted folders are named too.
        let second = folder.appendingPathComponent("0002_rename_note")
        let moved = directory.appendingPathComponent("moved")
        try FileManager.default.moveItem(at: second, to: moved)
        let removed = try CLIRunner.run(["migrate", "check"], in: directory)
        #expect(removed.status == 1)
        #expect(removed.stderr.contains("migration 0002_rename_note is in the sum file but its folder is missing"))
        try FileManager.default.moveItem(at: moved, to: second)
        try FileManager.default.copyItem(at: initial, to: folder.appendingPathComponent("0001_extra"))
        let inserted = try CLIRunner.run(["migrate", "check"], in: directory)
        #expect(inserted.status == 1)
        #expect(inserted.stderr.contains("migration 0001_extra was inserted before 0001_initial"))
    }

    /// A documented query stores nothing: adding one is a change `migrate check` accepts, so
    /// `migrate new` writes no migration for it (an empty one would be a version of nothing).
    @Test func migrateNewWritesNothingForADocumentedQueryOnly() throws {
        let directory = try CLIRunner.workspace(["schema/shop.schema": Self.v1])
        #expect(try CLIRunner.run(["migrate", "new", "initial"], in: directory).status == 0)
        let queried = Self.v1.replacingOccurrences(of: "  note  text?\n", with: "  note  text?\n  query one where id\n")
        try Data(queried.utf8).write(to: directory.appendingPathComponent("schema/shop.schema"))
        let check = try CLIRunner.run(["migrate", "check"], in: directory)
        #expect(check.status == 0, "\(check.stderr)")
        let written = try CLIRunner.run(["migrate", "new", "add_query"], in: directory)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("shop: no changes since 0001_initial; nothing written"))
        let folder = directory.appendingPathComponent("schema/migrations/shop")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["0001_initial", "migrations.sum"])
    }

    @Test func migrateNewRefusesDestructiveChangesUnlessAcknowledged() throws {
        let directory = try CLIRunner.workspace(["schema/shop.schema": Self.v1])
        #expect(try CLIRunner.run(["migrate", "new", "initial"], in: directory).status == 0)
        try Data(Self.v2Dropped.utf8).write(to: directory.appendingPathComponent("schema/shop.schema"))
        let refused = try CLIRunner.run(["migrate", "new", "drop_note"], in: directory)
        #expect(refused.status == 3)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("schema/migrations/shop/0002_drop_note").path))
        #expect(try CLIRunner.run(["migrate", "new", "drop_note", "--allow-destructive"], in: directory).status == 0)
    }
}
