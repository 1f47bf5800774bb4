import Foundation
@testable import SchemaEmitters
import SchemaLanguage
import Testing

/// A field renamed with `was` in the newest version step keeps its old Swift name for that
/// version as a deprecated alias of the new property, and of the memberwise initializer label
/// (issue 11 item 2).
@Suite struct DeprecatedAliasTests {
    static func fixture(_ version: String) throws -> Schema {
        let path = "Tests/Fixtures/store_evolution/\(version)/notes.schema"
        let text = try String(contentsOf: SeedSchemas.packageRoot.appendingPathComponent(path), encoding: .utf8)
        return try SeedSchemas.compile(text, path: path)
    }

    static func versions() throws -> [VersionedSchema] {
        VersionedSchema.chain(snapshots: [("0001_initial", try fixture("v1"))], current: try fixture("v2"))
    }

    @Test func renamesOfTheNewestStepAreFound() throws {
        #expect(SwiftEmitter.renames(in: try Self.versions()) == ["notes": ["heading": "title"]])
        #expect(SwiftEmitter.renames(in: [try Self.versions()[1]]) == [:])
    }

    @Test func oldNameUseCompilesWithADeprecationWarning() throws {
        let files = SwiftEmitter(versions: try Self.versions()).emit(try Self.fixture("v2"))
        let model = try #require(files.first { $0.path == "Swift/Models/Note.swift" }?.contents)
        #expect(model.contains("""
                @available(*, deprecated, renamed: "heading")
                public var title: String {
                    get { heading }
                    set { heading = newValue }
                }
            """))
        let use = EmittedFile(path: "Swift/Use.swift", contents: """
            func rename(_ note: inout Note) -> String {
                note.title = note.title + "!"
                return note.heading
            }
            let old = Note(id: 1, title: "t", mood: .happy, quiet: QuietHours(ends: "b", starts: "a"))
            let new = Note(id: 2, heading: "h", mood: .happy, quiet: QuietHours(ends: "b", starts: "a"))
            """)
        let output = try GeneratedSwiftCompiler.typecheck(files + [use], moduleName: "NotesData")
        // One diagnostic line per use (the compiler also quotes each under the source line).
        let warnings = output.split(separator: "\n").filter { $0.hasPrefix("/") && $0.contains("warning:") }
        #expect(warnings.count == 3, "compiler output:\n\(output)")
        #expect(warnings.filter { $0.contains("Swift_Use.swift:2:") && $0.contains("'title' is deprecated: renamed to 'heading'") }.count == 2,
                "compiler output:\n\(output)")
        #expect(warnings.contains { $0.contains("Swift_Use.swift:5:") && $0.contains("is deprecated: replaced by 'init(id:heading:") },
                "compiler output:\n\(output)")
    }

    @Test func withoutHistoryThereIsNoAlias() throws {
        let files = SwiftEmitter().emit(try Self.fixture("v2"))
        let model = try #require(files.first { $0.path == "Swift/Models/Note.swift" }?.contents)
        #expect(!model.contains("deprecated"))
    }
}
