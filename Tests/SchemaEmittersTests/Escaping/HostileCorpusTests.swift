import Foundation
import SchemaEmitters
import SchemaLanguage
import ServerHarness
import Testing

/// The hostile corpus (``HostileSchema``) emitted for every target: the SQL runs on real SQLite,
/// PostgreSQL and MariaDB and creates exactly the schema's objects; the JavaScript parses; the
/// Swift compiles without warnings; the Markdown keeps its tables' shape. No line terminator but
/// `\n` reaches a script, source file or document, so no comment can end early (SQL string
/// literals may hold them: the servers' catalogs prove nothing escaped there).
@Suite("Hostile corpus: no schema string escapes its quoting in any target")
struct HostileCorpusTests {
    @Test(arguments: SQLDialect.allCases)
    func sqlCreatesExactlyTheSchemasObjects(_ dialect: SQLDialect) throws {
        try Self.applyAndCheck(dialect)
    }

    /// With `standard_conforming_strings = off` a backslash escapes a quote in plain strings.
    @Test func postgresWithoutStandardConformingStringsToo() throws {
        try Self.applyAndCheck(.postgres, prelude: "SET standard_conforming_strings = off;")
    }

    /// Applies the corpus's DDL and retention jobs (twice: jobs are idempotent) to a fresh
    /// database holding a canary table, then reads the catalog.
    static func applyAndCheck(_ dialect: SQLDialect, prelude: String? = nil) throws {
        let db = try SQLTestDatabase.fresh(dialect)
        let token = SQLObjects.token(db)
        try db.run("CREATE TABLE canary (id INTEGER);")
        let superusers = dialect == .postgres ? try SQLObjects.superusers(db) : []
        let schema = SQLTestSupport.isolated(try HostileSchema.schema(token: token), database: token)
        let ddl = SQLEmitter().ddl(schema, for: dialect)
        let retention = SQLEmitter().retention(schema, for: dialect)
        try db.run(ddl, prelude: prelude)
        try db.run(retention, prelude: prelude)
        try db.run(retention, prelude: prelude)

        #expect(try SQLObjects.tables(db) == HostileSchema.tableNames(token: token).union(["canary"]))
        #expect(!FileManager.default.fileExists(atPath: HostileSchema.shellMarker(token: token).path), "a client ran a shell command")
        for table in schema.tables {
            #expect(try SQLObjects.columns(db, table: table.physicalName) == Set(table.fields.map(\.physicalName)),
                    "columns of \(table.physicalName)")
        }
        if dialect == .postgres {
            #expect(try SQLObjects.superusers(db) == superusers)
            #expect(try SQLObjects.roles(db, prefix: "pwned").isEmpty)
            #expect(try SQLObjects.roles(db, prefix: schema.name + ".") == [schema.name + ".cleaner", schema.name + ".writer"])
        }
    }

    @Test func javaScriptParsesAndKeepsCommentsOnTheirLines() throws {
        let files = MongoEmitter().emit(try HostileSchema.schema(token: "js"))
        #expect(files.map(\.path) == ["mongo/setup.js", "mongo/retention.js"])
        for file in files {
            try NodeSyntaxCheck.check(javascript: file.contents)
            Self.expectOnlyNewlines(file.contents, file.path)
            // Payloads hidden behind a line separator in docs and rule text stay in comments or strings.
            for line in file.contents.split(separator: "\n") where line.contains("alert(1)") || line.contains("DROP TABLE") {
                let code = line.drop { $0 == " " }
                #expect(code.hasPrefix("//") || code.contains("\""), "\(file.path): \(line)")
            }
        }
    }

    @Test func swiftCompilesWithoutWarnings() throws {
        let files = SwiftEmitter().emit(try HostileSchema.schema(token: "swift"))
        for file in files { Self.expectOnlyNewlines(file.contents, file.path) }
        let output = try GeneratedSwiftCompiler.typecheck(files, moduleName: "HostileData")
        #expect(output.isEmpty, "compiler output:\n\(output)")
    }

    @Test func markdownTablesKeepTheirShape() throws {
        let files = DocsEmitter().emit(try HostileSchema.schema(token: "docs"))
        for file in files {
            Self.expectOnlyNewlines(file.contents, file.path)
            #expect(!file.contents.contains("<script>"), "\(file.path) has raw HTML")
            // Every row of a table has as many cells as its header.
            var columns: Int?
            for line in file.contents.split(separator: "\n", omittingEmptySubsequences: false) {
                guard line.hasPrefix("|") else { columns = nil; continue }
                let pipes = MarkdownStructure.unescapedPipes(line)
                if let columns { #expect(pipes == columns, "\(file.path): \(line)") } else { columns = pipes }
            }
        }
    }

    /// `\n` is the only line terminator in the text (no `\r`, U+2028, U+2029, U+0085, VT, FF).
    static func expectOnlyNewlines(_ text: String, _ what: String,
                                   terminators: Set<Unicode.Scalar> = ["\r", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}"],
                                   sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let found = text.unicodeScalars.filter { terminators.contains($0) }
        #expect(found.isEmpty, "\(what) holds line terminators \(found.map { String($0.value, radix: 16) })",
                sourceLocation: sourceLocation)
    }
}
