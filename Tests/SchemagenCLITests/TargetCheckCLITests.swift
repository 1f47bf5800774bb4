import Foundation
import Testing

/// A schema the language accepts but the targets flag: an SQL reserved prefix (error), a
/// reserved word (warning) and an index the embedded store cannot serve (warning).
let targetLimitedSchema = """
schema tiny {
  targets sqlite, mongo
}

table pg_people {
  id    int64 primary auto
  order int64
}

collection notes {
  id     objectid primary auto named "_id"
  price  decimal(5, 2)
  index (price)
}
"""

/// The targets' own checks (SQL identifiers, the store's indexes) run in `schemagen check` and
/// `build`, reported like the language's: file:line:col, message, hint, exit status.
@Suite struct TargetCheckCLITests {
    @Test func checkReportsTargetDiagnosticsWithPositionAndHint() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": targetLimitedSchema])
        let result = try CLIRunner.run(["check"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr == """
        schema/tiny.schema:5:7: error: the table 'pg_people' starts with a prefix SQLite or PostgreSQL reserves for itself
          hint: rename it
        schema/tiny.schema:7:3: warning: the field 'order' is a reserved word in SQL
          hint: generated SQL quotes it, but hand-written queries must too; consider another name
        schema/tiny.schema:13:3: warning: index 'idx_notes_price' over decimal(5, 2) field 'price' is kept by the database servers only; generated Swift repositories get no query method for it
          hint: index scalar fields, or a lone array of scalars (a multikey index)
        1 error, 2 warnings

        """)
    }

    @Test func targetWarningsAloneLetCheckAndBuildPass() throws {
        let schema = targetLimitedSchema.replacingOccurrences(of: "pg_people", with: "people")
        let directory = try CLIRunner.workspace(["schema/tiny.schema": schema])
        let check = try CLIRunner.run(["check"], in: directory)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("schema/tiny.schema:7:3: warning: the field 'order' is a reserved word in SQL"))
        #expect(check.stderr.hasSuffix("0 errors, 2 warnings\n"))
        #expect(try CLIRunner.run(["build"], in: directory).status == 0)
    }

    @Test func buildRefusesATargetErrorAndWritesNothing() throws {
        let directory = try CLIRunner.workspace(["schema/tiny.schema": targetLimitedSchema])
        let result = try CLIRunner.run(["build", "--out", "out"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("schema/tiny.schema:5:7: error: the table 'pg_people' starts with a prefix"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }
}
