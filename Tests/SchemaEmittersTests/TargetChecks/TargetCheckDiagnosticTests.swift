import SchemaEmitters
import SchemaLanguage
import Testing

/// One test per diagnostic a target's check reports, each at its exact position, as
/// `schemagen check` reports it (language checks, then the targets').
@Suite struct TargetCheckDiagnosticTests {
    static let sql = "schema s { targets sqlite }\n"

    static let cases: [TargetDiagnosticCase] = [
        // SQLIdentifierCheck.swift
        .init("SQL: index name too long", table("  @index (id) named \"\(String(repeating: "x", count: 64))\""),
              "index name '\(String(repeating: "x", count: 64))' is longer than 63 bytes, PostgreSQL's limit"),
        .init("SQL: reserved prefix", sql + "table @pg_t { id int64 primary }\n",
              "the table 'pg_t' starts with a prefix SQLite or PostgreSQL reserves for itself"),
        .init("SQL: table name too long", sql + "table @t named \"\(String(repeating: "y", count: 64))\" { id int64 primary }\n",
              "the table 't' (SQL name '\(String(repeating: "y", count: 64))') is longer than 63 bytes, PostgreSQL's limit"),
        .init("SQL: column name too long", table("  @a int64 named \"\(String(repeating: "z", count: 64))\""),
              "the field 'a' (SQL name '\(String(repeating: "z", count: 64))') is longer than 63 bytes, PostgreSQL's limit"),
        .init("SQL: reserved word", table("  @order int64"), "the field 'order' is a reserved word in SQL", .warning),
        // SQLEnumValueCheck.swift
        .init("SQL enums: label too long for PostgreSQL",
              "schema s { targets postgres }\nenum E { a = @\"\(String(repeating: "é", count: 32))\" }\n",
              "enum value \"\(String(repeating: "é", count: 32))\" is longer than 63 bytes, PostgreSQL's limit for enum labels"),
        .init("SQL enums: trailing space for MySQL", "schema s { targets mysql }\nenum E { a = @\"x\\n \" }\n",
              "enum value \"x\\n \" ends with a space, which MySQL drops from ENUM values"),
        .init("SQL enums: PostgreSQL's limit is reported before MySQL's trailing space",
              "schema s { targets postgres, mysql }\nenum E { a = @\"\(String(repeating: "é", count: 32)) \" }\n",
              "enum value \"\(String(repeating: "é", count: 32)) \" is longer than 63 bytes, PostgreSQL's limit for enum labels"),
        // StoreIndexCheck.swift
        .init("store: decimal index", table("  d decimal(5, 2)\n  @index (d)"),
              "index 'idx_t_d' over decimal(5, 2) field 'd' is kept by the database servers only; generated Swift repositories get no query method for it",
              .warning),
    ]

    @Test(arguments: cases)
    func reportsAtTheExactPosition(_ testCase: TargetDiagnosticCase) {
        testCase.verify()
    }

    /// Collections are not SQL: their names are checked by no SQL rule.
    @Test func collectionsAreNotCheckedAsSQL() {
        let text = "schema s { targets mongo }\ncollection pg_order {\n  id objectid primary auto named \"_id\"\n  order int64\n}\n"
        #expect(TargetChecks.compile(path: "c.schema", text: text).diagnostics.isEmpty)
    }

    /// Enum values are checked only for the SQL dialects the schema targets.
    @Test func enumValuesAreCheckedForTargetedDialectsOnly() {
        let long = String(repeating: "é", count: 32)
        let text = "schema s { targets sqlite }\nenum E { a = \"\(long) \" }\ntable t { id int64 primary }\n"
        #expect(TargetChecks.compile(path: "e.schema", text: text).diagnostics.isEmpty)
    }

    /// A target's error makes the schema fail, like a language error.
    @Test func aTargetErrorFailsTheSchema() {
        let compilation = TargetChecks.compile(path: "t.schema", text: Self.sql + "table pg_t { id int64 primary }\n")
        #expect(compilation.schema == nil)
        #expect(SchemaCompiler.compilation(path: "t.schema", text: Self.sql + "table pg_t { id int64 primary }\n").schema != nil)
    }

    /// Target diagnostics report alongside the language's errors, sorted into one list by position.
    @Test func targetAndLanguageDiagnosticsComeTogetherInOrder() {
        let text = Self.sql + "table t {\n  id int64 primary\n  order int64\n  x integer\n}\n"
        let compilation = TargetChecks.compile(path: "t.schema", text: text)
        #expect(compilation.diagnostics.map(\.description) == [
            "t.schema:4:3: warning: the field 'order' is a reserved word in SQL\n"
                + "  hint: generated SQL quotes it, but hand-written queries must too; consider another name",
            "t.schema:5:5: error: unknown type 'integer'\n  hint: did you mean 'int64'?",
        ])
    }
}

/// One expected target diagnostic: the source with `@` where it must point, its exact message
/// and severity (the target-check twin of SchemaLanguageTests' `DiagnosticCase`).
struct TargetDiagnosticCase: Sendable, CustomTestStringConvertible {
    let site: String
    let source: String
    let message: String
    let severity: Severity

    init(_ site: String, _ source: String, _ message: String, _ severity: Severity = .error) {
        self.site = site
        self.source = source
        self.message = message
        self.severity = severity
    }

    var testDescription: String { site }

    /// Checks the source reports exactly this diagnostic at the marked position, with a hint.
    func verify() {
        let marker = source.firstIndex(of: "@")
        #expect(marker != nil, "case has no @ marker")
        guard let marker else { return }
        let before = source[..<marker]
        let line = before.filter { $0 == "\n" }.count + 1
        let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
        var text = source
        text.remove(at: marker)
        let diagnostics = TargetChecks.compile(path: "case.schema", text: text).diagnostics
        let match = diagnostics.first { $0.message == message && $0.severity == severity }
        #expect(match != nil, "no \(severity) '\(message)'; got:\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        guard let match else { return }
        #expect("\(match.location)" == "case.schema:\(line):\(column)", "at the wrong place: \(match)")
        #expect(!(match.hint ?? "").isEmpty, "no hint: \(match)")
    }
}

/// `schema s { targets sqlite }` then `table t { id int64 primary … }`.
private func table(_ body: String) -> String {
    "schema s { targets sqlite }\ntable t {\n  id int64 primary\n\(body)\n}\n"
}
