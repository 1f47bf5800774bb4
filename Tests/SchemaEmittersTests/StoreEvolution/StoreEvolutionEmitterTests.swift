import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// `<Schema>+StoreEvolution.swift`: every version's catalog and the steps between them, as Swift
/// that compiles against the runtime beside the rest of the generated library.
@Suite struct StoreEvolutionEmitterTests {
    static let version1 = """
        schema evolving_bot {
          targets sqlite, mongo
        }

        enum Level { low, mid, high }

        type Window {
          start int32
          end   int32
        }

        table users {
          id    int64 primary auto
          name  string(50)
          note  text?
          level Level = low
          quiet Window?
          tags  [string] keep newest 5
          index (name) where note is not null
        }

        collection posts {
          id   objectid primary auto named "_id"
          tags [string]
          index (tags)
        }

        cache session {
          key   "session:{user_id}"
          ttl   1h
          value json
          user_id int64
        }

        """

    static let version2 = version1
        .replacingOccurrences(of: "table users {", with: "table members was users {")
        .replacingOccurrences(of: "  note  text?\n", with: "  memo  text? was note\n  bio   text? named \"bio\\\" \\\\(x)\"\n")
        .replacingOccurrences(of: "where note is not null", with: "where memo is not null")
        .replacingOccurrences(of: "{ low, mid, high }", with: "{ low, medium was mid, high }")
        .replacingOccurrences(of: "  end   int32\n", with: "  end   int32\n  label text?\n")

    static let version3 = version2.replacingOccurrences(of: "  memo  text? was note\n", with: "  memo  int32? was note\n")

    static func versions() throws -> [VersionedSchema] {
        let path = "schema/evolving_bot.schema"
        let current = try SeedSchemas.compile(version3, path: path)
        return VersionedSchema.chain(snapshots: [("0001_initial", try SeedSchemas.compile(version1, path: path)),
                                                 ("0002_rename_users", try SeedSchemas.compile(version2, path: path))],
                                     current: current)
    }

    @Test func versionsAreTheSnapshotsThenTheCurrentSchemaWhenItDiffers() throws {
        let versions = try Self.versions()
        #expect(versions.map(\.number) == [1, 2, 3])
        #expect(versions.map(\.name) == ["initial", "rename_users", "current"])
        let same = VersionedSchema.chain(snapshots: [("0001_initial", versions[0].schema)], current: versions[0].schema)
        #expect(same.map(\.name) == ["initial"])
        #expect(VersionedSchema.chain(snapshots: [], current: versions[0].schema).map(\.name) == ["current"])
        // Swapping two nested fields changes no SQL, but the store encodes by position: a version of its own.
        let swapped = try SeedSchemas.compile(Self.version1.replacingOccurrences(of: "  start int32\n  end   int32\n",
                                                                                  with: "  end   int32\n  start int32\n"),
                                              path: "schema/evolving_bot.schema")
        #expect(try #require(SchemaDiff.compare(versions[0].schema, swapped).diff).isEmpty)
        let reordered = VersionedSchema.chain(snapshots: [("0001_initial", versions[0].schema)], current: swapped)
        #expect(reordered.map(\.name) == ["initial", "current"])
        let step = StoreStepPlanner(diff: try #require(SchemaDiff.compare(versions[0].schema, swapped).diff)).plan()
        #expect(step.documentSources["Window"]?.fields == ["end": .column("end", whenNull: nil),
                                                           "start": .column("start", whenNull: nil)])
    }

    func emitted() throws -> String {
        let result = StoreEvolutionEmitter().emit(try Self.versions())
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty)
        let file = try #require(result.files.first)
        #expect(result.files.count == 1)
        #expect(file.path == "Swift/EvolvingBot+StoreEvolution.swift")
        return file.contents
    }

    @Test func declaresEveryVersionAndStep() throws {
        let text = try emitted()
        #expect(text.contains("public enum EvolvingBotStoreEvolution {"))
        #expect(text.contains("public static let evolution = StoreEvolution(versions: [version1, version2, version3], steps: [step2, step3])"))
        #expect(text.contains(#""members": "users""#))
        #expect(text.contains(#""memo": .column("note", whenNull: nil)"#))
        #expect(text.contains(#""Level": ["mid": "medium"]"#))
        #expect(text.contains(#"code: "SG103""#))
        #expect(text.contains(#""memo": .transform"#))
        #expect(text.contains(#"shape: .array(.string(maxLength: nil), maxCount: 5)"#))
        #expect(text.contains(#"where: .isNotNull("memo")"#))
        // What the runtime assumes anyway (a table or column continuing its namesake) is left out.
        #expect(!text.contains(#""posts__idx_posts_tags": "posts__idx_posts_tags""#))
        #expect(!text.contains(#""id": .column("id", whenNull: nil)"#))
        #expect(text.contains(#""bio\" \\(x)""#))
    }

    @Test func outputIsDeterministicAndNarrow() throws {
        let text = try emitted()
        #expect(try emitted() == text)
        let wide = text.split(separator: "\n").filter { $0.count > 120 && !$0.contains("\"") }
        #expect(wide == [])
    }

    @Test func changesThatDoNotDiffAreErrors() throws {
        let path = "schema/evolving_bot.schema"
        let old = try SeedSchemas.compile(Self.version1, path: path)
        let stale = try SeedSchemas.compile(Self.version1.replacingOccurrences(of: "  note  text?\n", with: "  memo  text?\n")
            .replacingOccurrences(of: "where note", with: "where memo"),
                                            path: path)
        let result = StoreEvolutionEmitter().emit([VersionedSchema(number: 1, name: "initial", schema: old),
                                                   VersionedSchema(number: 2, name: "current", schema: stale)])
        #expect(result.files.isEmpty)
        #expect(result.diagnostics.contains { $0.severity == .error && $0.message.contains("replaces 'note'") })
    }

    @Test func compilesWithTheGeneratedLibrary() throws {
        let versions = try Self.versions()
        let files = SwiftEmitter(versions: versions).emit(versions.last!.schema)
        #expect(try files.contains(#require(StoreEvolutionEmitter().emit(versions).files.first)))
        let output = try GeneratedSwiftCompiler.typecheck(files, moduleName: "EvolvingBotData")
        #expect(!output.contains("warning:"), "\(output)")
    }
}

/// The seeds' realistic next versions (the ones the SQL round trips use) through the store planner.
@Suite struct SeedStoreEvolutionTests {
    static func versions(_ name: String) throws -> [VersionedSchema] {
        let (old, new) = try SeedMigrationTests.evolved(name)
        let path = "schema/\(name).schema"
        return VersionedSchema.chain(snapshots: [("0001_initial", try SeedSchemas.compile(old, path: path))],
                                     current: try SeedSchemas.compile(new, path: path))
    }

    @Test func everySeedsNextVersionPlansAndCompiles() throws {
        var files: [EmittedFile] = []
        for name in SeedSchemas.names {
            let versions = try Self.versions(name)
            #expect(versions.map(\.name) == ["initial", "current"], "\(name)")
            let result = StoreEvolutionEmitter().emit(versions)
            #expect(!result.diagnostics.contains { $0.severity == .error }, "\(name)")
            // The newest version is the store layout itself, so the layout compiles beside it.
            let layout = SwiftEmitter().emit(try #require(versions.last?.schema)).filter { $0.path.hasSuffix("+StoreLayout.swift") }
            files += (result.files + layout).map { EmittedFile(path: "\(name)/\($0.path)", contents: $0.contents) }
        }
        #expect(files.count == 2 * SeedSchemas.names.count)
        let output = try GeneratedSwiftCompiler.typecheck(files, moduleName: "SeedEvolutions")
        #expect(!output.contains("warning:"), "\(output)")
    }

    @Test func discordRemindersKeepTheirMessageUnderItsNewName() throws {
        let versions = try Self.versions("discord_bot")
        let diff = try #require(SchemaDiff.compare(versions[0].schema, versions[1].schema).diff)
        let plan = StoreStepPlanner(diff: diff, version: 2).plan()
        #expect(plan.changes.map(\.change) == diff.changes)
        #expect(plan.columnSources["reminders"]?["body"] == .column("message", whenNull: nil))
        #expect(plan.columnSources["reminders"]?["repeat"] == .fill(.null))
        #expect(plan.changes.first { $0.change.code == .indexAdded }?.effect == "builds index 'idx_reminders_user_id' on 'reminders'")
        #expect(!plan.needsTransform)
    }
}
