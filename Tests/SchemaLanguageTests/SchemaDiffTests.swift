import Testing
@testable import SchemaLanguage

/// The diff engine on its own: which change each edit is, with which code and classes; renames
/// only from `was`; errors where a hint is missing or names nothing; the reverse diff.
@Suite struct SchemaDiffTests {
    static let base = """
        schema s {
          targets sqlite, postgres
        }

        enum Level { low, mid, high }

        table users {
          id    int64 primary
          name  string(50)
          note  text?
          level Level = low
          xp    int32 = 0
          seen  timestamp = now
          index (name)
          retain { deactivate after 30d by seen set level = low }
        }

        """

    private func diff(_ edits: [(String, String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> SchemaDiff {
        let newText = edits.reduce(Self.base) { text, edit in
            #expect(text.contains(edit.0), "edit '\(edit.0)' does not apply", sourceLocation: sourceLocation)
            return text.replacingOccurrences(of: edit.0, with: edit.1)
        }
        let old = try #require(compile(Self.base, path: "old.schema").schema)
        let new = try #require(compile(newText, path: "new.schema").schema, "\(compile(newText).diagnostics)")
        let result = SchemaDiff.compare(old, new)
        return try #require(result.diff, "\(result.diagnostics)", sourceLocation: sourceLocation)
    }

    private func errors(_ edits: [(String, String)]) throws -> [String] {
        let newText = edits.reduce(Self.base) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        let old = try #require(compile(Self.base, path: "old.schema").schema)
        let new = try #require(compile(newText, path: "new.schema").schema)
        let result = SchemaDiff.compare(old, new)
        #expect(result.diff == nil)
        return result.diagnostics.filter { $0.severity == .error }.map(\.description)
    }

    @Test func everySeedDiffedWithItselfIsEmpty() throws {
        for (file, text) in try Seeds.all() {
            let schema = try #require(compile(text, path: file).schema)
            #expect(try #require(SchemaDiff.compare(schema, schema).diff).isEmpty, "\(file)")
        }
    }

    @Test(arguments: [
        ("optional field", [("  xp    int32 = 0\n", "  xp    int32 = 0\n  bio   text?\n")], ChangeCode.fieldAdded, ChangeClasses()),
        ("required field", [("  xp    int32 = 0\n", "  xp    int32 = 0\n  mail  text\n")], .requiredFieldAdded, [.dataDependent, .incompatible]),
        ("dropped field", [("  note  text?\n", "")], .fieldDropped, [.destructive, .incompatible, .irreversible]),
        ("widened", [("  xp    int32 = 0\n", "  xp    int64 = 0\n")], .fieldTypeWidened, [.locking]),
        ("narrowed", [("  note  text?\n", "  note  string(20)?\n")], .fieldTypeChanged, [.dataDependent, .incompatible, .locking]),
        ("made required with default", [("  note  text?\n", "  note  text = \"x\"\n")], .fieldMadeRequired, [.irreversible]),
        ("made required", [("  note  text?\n", "  note  text\n")], .fieldMadeRequired, [.dataDependent]),
        ("case removed", [("enum Level { low, mid, high }", "enum Level { low, mid }")], .enumCaseRemoved, [.dataDependent, .incompatible]),
        ("case renamed", [("enum Level { low, mid, high }", "enum Level { low, medium was mid, high }")], .enumCaseRenamed, [.incompatible]),
        ("unique index", [("  index (name)\n", "  index (name)\n  unique (xp)\n")], .uniqueIndexAdded, [.dataDependent, .locking]),
        ("deleting rule", [("  retain { deactivate after 30d by seen set level = low }\n", "  retain { deactivate after 30d by seen set level = low; delete after 90d by seen }\n")], .retentionAdded, [.destructive]),
        ("table renamed", [("table users {", "table members was users {")], .entityRenamed, [.incompatible]),
    ] as [(String, [(String, String)], ChangeCode, ChangeClasses)])
    func editBecomesOneChange(_ name: String, _ edits: [(String, String)], _ code: ChangeCode, _ classes: ChangeClasses) throws {
        let changes = try diff(edits).changes
        let change = try #require(changes.first { $0.code == code }, "\(name): \(changes.map(\.summary))")
        #expect(change.classes == classes, "\(name): \(change.summary)")
        #expect(change.needsAcknowledgement == classes.contains(.destructive))
    }

    @Test func aRenameIsOneChangeAndItsIndexFollows() throws {
        let changes = try diff([("  name  string(50)\n", "  handle string(50) was name\n"),
                                ("  index (name)\n", "  index (handle) was \"idx_users_name\"\n")]).changes
        #expect(changes.map(\.code) == [.fieldRenamed, .indexRenamed])
        #expect(!changes.contains { $0.code == .fieldDropped || $0.code == .fieldAdded })
    }

    @Test func aDropAndAnAddOfTheSameShapeWithoutWasIsAnError() throws {
        let found = try errors([("  note  text?\n", "  memo  text?\n")])
        #expect(found == ["new.schema:10:3: error: field 'memo' of 'users' replaces 'note', which has the same shape: this reads as a rename, but without a hint it would drop 'note' and its data\n  hint: if it was renamed, write 'was note' on 'memo'; if not, drop 'note' in a change of its own first"])
    }

    @Test func aTableRenamedWithoutWasIsAnError() throws {
        let found = try errors([("table users {", "table members {")])
        #expect(found.count == 1)
        #expect(found.first?.contains("table 'members' replaces 'users', which has the same shape") == true)
    }

    @Test func wasThatMatchesNothingIsAnErrorAndAnAppliedOneIsHistory() throws {
        let stale = try errors([("  xp    int32 = 0\n", "  xp    int32 = 0\n  bio   text? was biography\n")])
        #expect(stale.first?.contains("'was biography' of field 'bio' of 'users' matches nothing: the old schema has no 'biography'") == true)
        let applied = try diff([("  note  text?\n", "  note  text? was memo\n"), ("  xp    int32 = 0\n", "  xp    int64 = 0\n")])
        #expect(applied.changes.map(\.code) == [.fieldTypeWidened])
        let index = try errors([("  index (name)\n", "  index (name, xp) was \"idx_missing\"\n")])
        #expect(index.first?.contains("'was \"idx_missing\"' of index 'idx_users_name_xp' matches no index of 'users'") == true)
    }

    @Test func theReverseDiffUndoesRenamesAndTurnsAddsIntoDrops() throws {
        let forward = try diff([("table users {", "table members was users {"), ("  xp    int32 = 0\n", "  xp    int32 = 0\n  bio   text?\n")])
        let backward = forward.reversed
        #expect(forward.changes.map(\.code) == [.entityRenamed, .fieldAdded, .indexRenamed])
        #expect(backward.changes.map(\.code) == [.entityRenamed, .fieldDropped, .indexRenamed])
        #expect(backward.changes[0].summary == "table members renamed to users")
        #expect(backward.needingAcknowledgement.count == 1)
        #expect(forward.needingAcknowledgement.isEmpty)
    }

    @Test func aWiderStringIsOneChangeNotAlsoACheckChange() throws {
        let changes = try diff([("  name  string(50)\n", "  name  string(80)\n")]).changes
        #expect(changes.map(\.code) == [.fieldTypeWidened])
        let checked = try diff([("  name  string(50)\n", "  name  string(50) length 2..50\n")]).changes
        #expect(checked.map(\.code) == [.fieldChecksChanged])
    }

    @Test func docsOnlyChangesAreSafeAndNamed() throws {
        let changes = try diff([("table users {", "/// People.\ntable users {")]).changes
        #expect(changes.map(\.code) == [.entityDocChanged])
        #expect(changes[0].classes.isEmpty)
    }
}
