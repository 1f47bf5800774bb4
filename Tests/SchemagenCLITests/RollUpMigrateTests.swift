import Foundation
import Testing

/// `migrate new` and a roll-up on a rule that stays (SG611): adding one deletes nothing more, so
/// it needs no `--allow-destructive`; dropping one lets rows go uncounted, so it does (exit 3).
@Suite struct RollUpMigrateTests {
    static let plain = """
        schema stats {
          targets sqlite, postgres, mysql
        }

        table events {
          id       int64 primary auto
          guild_id int64
          at       timestamp
          retain { delete after 30d by at }
        }

        table daily {
          guild_id int64
          day      date
          events   int64 = 0
          primary (guild_id, day)
        }
        """

    static let rolled = plain.replacingOccurrences(
        of: "delete after 30d by at }", with: "delete after 30d by at roll up into daily by guild_id, day = day(at) add events = count }")

    @Test func addingARollUpNeedsNoAcknowledgementAndDroppingOneDoes() throws {
        let directory = try CLIRunner.workspace(["schema/stats.schema": Self.plain])
        #expect(try CLIRunner.run(["migrate", "new", "initial"], in: directory).status == 0)
        try Data(Self.rolled.utf8).write(to: directory.appendingPathComponent("schema/stats.schema"))
        let added = try CLIRunner.run(["migrate", "new", "roll_up"], in: directory)
        #expect(added.status == 0, "\(added.stderr)")
        let folder = directory.appendingPathComponent("schema/migrations/stats/0002_roll_up")
        #expect(FileManager.default.fileExists(atPath: folder.path))
        let report = try CLIRunner.run(["diff", "old.schema", "new.schema"], in: try CLIRunner.workspace(["old.schema": Self.plain, "new.schema": Self.rolled]))
        #expect(report.stdout.contains("SG611"), "\(report.stdout)\(report.stderr)")

        try Data(Self.plain.utf8).write(to: directory.appendingPathComponent("schema/stats.schema"))
        let dropped = try CLIRunner.run(["migrate", "new", "no_roll_up"], in: directory)
        #expect(dropped.status == 3)
        #expect(try CLIRunner.run(["migrate", "new", "no_roll_up", "--allow-destructive"], in: directory).status == 0)
    }
}
