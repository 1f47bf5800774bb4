import SchemaEmitters
import SchemaLanguage
import Testing

/// The store's plan of one version step, per kind of change: where each new table, column and
/// nested field comes from, and every change carried over with the diff's code and classes.
@Suite struct StoreStepPlannerTests {
    static let base = """
        schema s {
          targets sqlite, mongo
        }

        enum Level { low, mid, high }

        type Window {
          start int32
          end   int32
          label text?
        }

        table teams {
          id   int64 primary
          name text
        }

        table users {
          id      int64 primary auto
          name    string(50)
          note    text?
          level   Level = low
          xp      int32 = 0
          quiet   Window?
          tags    [string] keep newest 5
          team_id int64?
          index (name)
        }

        collection posts {
          id   objectid primary auto named "_id"
          tags [string]
        }

        """

    struct Step {
        let diff: SchemaDiff
        let plan: StoreStepPlan
        func users(_ column: String) -> StoreColumnSource? { plan.columnSources["users"]?[column] }
        func change(_ code: ChangeCode) -> PlannedStoreChange? { plan.changes.first { $0.change.code == code } }
    }

    func step(_ edits: [(String, String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Step {
        let newText = edits.reduce(Self.base) { text, edit in
            #expect(text.contains(edit.0), "edit '\(edit.0)' does not apply", sourceLocation: sourceLocation)
            return text.replacingOccurrences(of: edit.0, with: edit.1)
        }
        let old = try SeedSchemas.compile(Self.base, path: "old.schema")
        let new = try SeedSchemas.compile(newText, path: "new.schema")
        let result = SchemaDiff.compare(old, new)
        let diff = try #require(result.diff, "\(result.diagnostics)", sourceLocation: sourceLocation)
        return Step(diff: diff, plan: StoreStepPlanner(diff: diff, version: 2).plan())
    }

    @Test func everyChangeKeepsTheDiffsCodeClassesAndOrder() throws {
        let step = try step([("  note    text?\n", ""), ("  xp      int32 = 0\n", "  xp      int64 = 0\n  bio int32?\n"),
                             ("  index (name)\n", "  index (name)\n  unique (xp)\n")])
        #expect(step.plan.changes.map(\.change) == step.diff.changes)
        #expect(step.plan.changes.map(\.change.code) == [.fieldDropped, .fieldTypeWidened, .fieldAdded, .uniqueIndexAdded])
        #expect(step.change(.fieldDropped)?.classNames == ["destructive", "incompatible", "irreversible"])
        #expect(step.change(.uniqueIndexAdded)?.classNames == ["data-dependent", "locking"])
        #expect(step.change(.fieldDropped)?.table == "users" && step.change(.fieldDropped)?.column == "note")
    }

    @Test func unchangedSchemaKeepsEveryTableAndColumn() throws {
        let step = try step([])
        #expect(step.plan.changes.isEmpty)
        #expect(step.plan.tableSources == ["teams": "teams", "users": "users", "posts": "posts"])
        #expect(step.users("xp") == .column("xp", whenNull: nil))
        #expect(step.plan.documentSources.isEmpty && step.plan.enumCaseRenames.isEmpty && !step.plan.needsTransform)
    }

    @Test func tablesAddedDroppedAndRenamedWithWas() throws {
        let step = try step([("table teams {", "table squads was teams {"),
                             ("table users {", "table boards {\n  id int64 primary\n}\n\ntable users {")])
        #expect(step.plan.tableSources["squads"] == .some("teams"))
        #expect(step.plan.tableSources["boards"] == .some(nil))
        #expect(step.plan.tableSources.keys.contains("teams") == false)
        #expect(step.change(.entityRenamed)?.effect == "renames table 'teams' to 'squads'; rows kept")
        #expect(step.change(.entityAdded)?.effect == "creates table 'boards'")
        let dropped = try self.step([("table teams {\n  id   int64 primary\n  name text\n}\n", "")])
        #expect(dropped.plan.tableSources["teams"] == nil)
        #expect(dropped.change(.entityDropped)?.effect == "drops table 'teams' and its rows (needs .allowDestructive)")
    }

    @Test func fieldsAddedFillDefaultsNullsOrNeedATransform() throws {
        let step = try step([("  team_id int64?\n", "  team_id int64?\n  bio text?\n  score int32 = 7\n  ratio double = 0.5\n"
                              + "  price decimal(8, 2) = 1.5\n  mood Level = high\n  email text\n  born timestamp = now\n"
                              + "  seen timestamp? = now\n")])
        #expect(step.users("bio") == .fill(.null))
        #expect(step.users("score") == .fill(.int(7)))
        #expect(step.users("ratio") == .fill(.double("0.5")))
        #expect(step.users("price") == .fill(.int(150)))
        #expect(step.users("mood") == .fill(.string("high")))
        #expect(step.users("email") == .transform)
        #expect(step.users("born") == .transform)
        #expect(step.users("seen") == .fill(.null))
        #expect(step.plan.needsTransform)
        #expect(step.change(.requiredFieldAdded)?.effect
                == "adds 'users.email': refused unless a transform for 'users' is registered for version 2, unless 'users' is empty")
        #expect(step.change(.fieldAdded)?.effect == "adds 'users.bio', null in existing rows")
    }

    @Test func fieldsDroppedAndRenamedWithWas() throws {
        let step = try step([("  note    text?\n", "  memo    text? was note\n"), ("  xp      int32 = 0\n", "")])
        #expect(step.users("memo") == .column("note", whenNull: nil))
        #expect(step.users("xp") == nil)
        #expect(step.change(.fieldRenamed)?.effect == "renames column 'users.note' to 'memo'; values kept")
        #expect(step.change(.fieldDropped)?.effect
                == "removes 'users.xp' from every row, rewriting rows of 'users' (needs .allowDestructive)")
    }

    @Test func optionalAndRequired() throws {
        let optional = try step([("  xp      int32 = 0\n", "  xp      int32?\n")])
        #expect(optional.users("xp") == .column("xp", whenNull: nil))
        #expect(optional.change(.fieldMadeOptional)?.effect == "allows null in 'users.xp'")
        let withDefault = try step([("  note    text?\n", "  note    text = \"none\"\n")])
        #expect(withDefault.users("note") == .column("note", whenNull: .string("none")))
        #expect(withDefault.change(.fieldMadeRequired)?.classNames == ["irreversible"])
        #expect(withDefault.change(.fieldMadeRequired)?.effect == "sets null values of 'users.note' to \"none\", rewriting those rows")
        let without = try step([("  note    text?\n", "  note    text\n")])
        #expect(without.users("note") == .column("note", whenNull: nil))
        #expect(without.change(.fieldMadeRequired)?.effect
                == "checks no row has a null 'users.note'; fails listing their keys, changing nothing")
    }

    @Test func widenedNarrowedAndUnconvertibleTypes() throws {
        let widened = try step([("  xp      int32 = 0\n", "  xp      int64 = 0\n")])
        #expect(widened.users("xp") == .column("xp", whenNull: nil))
        #expect(widened.change(.fieldTypeWidened)?.effect.hasPrefix("widens 'users.xp'") == true)
        let narrowed = try step([("  name    string(50)\n", "  name    string(10)\n")])
        #expect(narrowed.users("name") == .column("name", whenNull: nil))
        #expect(narrowed.change(.fieldTypeChanged)?.effect
                == "checks every row of 'users.name' fits string(10), converting it; fails listing their keys, changing nothing")
        let changed = try step([("  note    text?\n", "  note    int32?\n")])
        #expect(changed.users("note") == .transform)
        #expect(changed.change(.fieldTypeChanged)?.classNames == ["data-dependent", "incompatible", "locking"])
        #expect(changed.change(.fieldTypeChanged)?.effect
                == "refused unless a transform for 'users' is registered for version 2: no rule converts 'users.note' to int32")
    }

    @Test func enumCasesAddedRenamedAndRemoved() throws {
        let added = try step([("enum Level { low, mid, high }", "enum Level { low, mid, high, max }")])
        #expect(added.change(.enumCaseAdded)?.effect == "nothing: stored values stay valid")
        #expect(added.plan.enumCaseRenames.isEmpty)
        let renamed = try step([("enum Level { low, mid, high }", "enum Level { low, medium was mid, high }")])
        #expect(renamed.plan.enumCaseRenames == ["Level": ["mid": "medium"]])
        #expect(renamed.change(.enumCaseRenamed)?.effect == "rewrites the renamed value in every row storing 'Level'")
        let removed = try step([("enum Level { low, mid, high }", "enum Level { low, high }")])
        #expect(removed.change(.enumCaseRemoved)?.classNames == ["data-dependent", "incompatible"])
        #expect(removed.change(.enumCaseRemoved)?.effect == "checks no row uses the removed value; fails listing their keys, changing nothing")
    }

    @Test func nestedFieldsAddedRemovedRenamedAndReordered() throws {
        let added = try step([("  label text?\n", "  label text?\n  color text?\n")])
        let source = try #require(added.plan.documentSources["Window"])
        #expect(source.oldName == "Window")
        #expect(source.fields == ["start": .column("start", whenNull: nil), "end": .column("end", whenNull: nil),
                                  "label": .column("label", whenNull: nil), "color": .fill(.null)])
        #expect(added.change(.nestedFieldAdded)?.effect == "re-encodes every 'Window' value in 'users'")
        let removed = try step([("  label text?\n", "")])
        #expect(removed.plan.documentSources["Window"]?.fields["label"] == nil)
        #expect(removed.change(.nestedFieldDropped)?.classNames == ["destructive", "incompatible", "irreversible"])
        let renamed = try step([("  label text?\n", "  title text? was label\n")])
        #expect(renamed.plan.documentSources["Window"]?.fields["title"] == .column("label", whenNull: nil))
        // A reorder has no change of its own in the diff; the store still maps fields by name.
        let reordered = try step([("  start int32\n  end   int32\n", "  end   int32\n  start int32\n")])
        #expect(reordered.plan.documentSources["Window"]?.fields["start"] == .column("start", whenNull: nil))
        let required = try step([("  label text?\n", "  label text?\n  width int32\n")])
        #expect(required.plan.documentSources["Window"]?.fields["width"] == .transform)
        #expect(required.change(.nestedRequiredFieldAdded)?.effect
                == "refused unless a transform for 'users' is registered for version 2: no rule derives 'Window.width'")
    }

    @Test func indexesUniquesAndForeignKeys() throws {
        let added = try step([("  index (name)\n", "  index (name)\n  index (xp)\n  unique (team_id)\n")])
        #expect(added.change(.indexAdded)?.effect == "builds index 'idx_users_xp' on 'users'")
        #expect(added.change(.uniqueIndexAdded)?.effect
                == "builds unique index 'uq_users_team_id' on 'users'; fails listing duplicates, changing nothing")
        let dropped = try step([("  index (name)\n", "")])
        #expect(dropped.change(.indexDropped)?.effect == "drops index 'idx_users_name' of 'users'")
        let multikey = try step([("  tags [string]\n", "  tags [string]\n  index (tags)\n")])
        #expect(multikey.plan.tableSources["posts__idx_posts_tags"] == .some(nil))
        #expect(multikey.change(.indexAdded)?.effect
                == "builds multikey index 'idx_posts_tags' (table 'posts__idx_posts_tags') from every row of 'posts'")
        let foreignKey = try step([("  team_id int64?\n", "  team_id int64? -> teams.id\n")])
        #expect(foreignKey.change(.foreignKeyAdded)?.classNames == ["data-dependent"])
        #expect(foreignKey.change(.foreignKeyAdded)?.effect
                == "checks every row of 'users' has its parent; fails listing the orphans, changing nothing")
    }
}
