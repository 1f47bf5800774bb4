import Testing
@testable import SchemaLanguage

/// SQL storage choices: the header's `timestamps` / `auto` / `enums` lines and a field's `as …`,
/// how they resolve onto fields, their diagnostics, formatting and diff code.
@Suite struct StorageTests {
    static let header = "schema s {\n  targets postgres\n  timestamps naive\n  auto serial\n  enums varchar(20)\n}\n"

    @Test func headerDefaultsApplyWhereTheyFitAndFieldsOverrideThem() throws {
        let text = Self.header + """
            table t {
              id    int64 primary auto
              at    timestamp
              zoned timestamp? as zoned
              kind  enum(a, b)
              own   enum(c, d) as native
              n     int32
              day   date?
            }
            table copy like t { }
            """
        let schema = try #require(compile(text).schema, "\(compile(text).diagnostics)")
        let t = try #require(schema.entity(named: "t"))
        #expect(t.field(named: "id")?.storage == SQLStorage(auto: .serial))
        #expect(t.field(named: "at")?.storage == SQLStorage(timestamp: .naive))
        #expect(t.field(named: "zoned")?.storage == SQLStorage(timestamp: .zoned))
        #expect(t.field(named: "kind")?.storage == SQLStorage(enumeration: .varchar(20)))
        #expect(t.field(named: "own")?.storage == SQLStorage(enumeration: .native))
        #expect(t.field(named: "n")?.storage == SQLStorage())
        #expect(t.field(named: "day")?.storage == SQLStorage())
        #expect(schema.storageDefaults == SQLStorage(timestamp: .naive, auto: .serial, enumeration: .varchar(20)))
        // `like` drops auto, and with it the key's storage; the rest is copied.
        let copy = try #require(schema.entity(named: "copy"))
        #expect(copy.field(named: "id")?.storage == SQLStorage())
        #expect(copy.field(named: "at")?.storage == SQLStorage(timestamp: .naive))
    }

    @Test func withoutChoicesEveryFieldKeepsTheDialectDefault() throws {
        let schema = try #require(compile(table("  at timestamp\n  k enum(a, b)")).schema)
        #expect(schema.entities[0].fields.allSatisfy { $0.storage.isDefault })
    }

    static let diagnostics: [DiagnosticCase] = [
        .init("applyStorage: wrong type", table("  n int32 as @naive"),
              "'as naive' chooses the SQL storage of a timestamp, an enum or an auto integer, not of int32 without 'auto'"),
        .init("applyStorage: choice of another subject", table("  at timestamp as @serial"), "unknown storage 'serial' for timestamp"),
        .init("storage: length on a word without one", table("  at timestamp as naive(@3)"), "'naive' takes no length"),
        .init("storage: zero length", table("  k enum(a) as varchar(@0)"), "varchar needs a length between 1 and 10485760"),
        .init("checkVarcharHoldsEnum: field", table("  k enum(a, abcdef) as @varchar(3)"),
              "varchar(3) cannot hold the value 'abcdef' of the enum (6 characters)"),
        .init("checkVarcharHoldsEnum: header", "schema s {\n  targets postgres\n  enums @varchar(2)\n}\nenum K { abc }\ntable t {\n  id int64 primary\n  k K\n}\n",
              "varchar(2) cannot hold the value 'abc' of K (3 characters)"),
        .init("checkStorageDefaults: twice", "schema s {\n  targets postgres\n  auto serial\n  @auto identity\n}\n",
              "the schema header sets 'auto' twice"),
        .init("checkStorageDefaults: unknown choice", "schema s {\n  targets postgres\n  timestamps @utc\n}\n",
              "unknown storage 'utc' for timestamps"),
    ]

    @Test(arguments: diagnostics)
    func diagnostic(_ diagnosticCase: DiagnosticCase) { diagnosticCase.verify() }

    @Test func unknownChoiceSuggestsTheClosest() {
        let diagnostics = compile("schema s {\n  targets postgres\n  timestamps naiv\n}\n").diagnostics
        #expect(diagnostics.filter { $0.severity == .error }.map(\.hint) == ["write one of zoned, naive; did you mean 'naive'?"])
    }

    /// A mistyped attribute gets a did-you-mean, as a mistyped type does.
    @Test(arguments: [("uniqe", "unique"), ("primay", "primary"), ("nmed", "named"), ("lenght", "length")])
    func mistypedAttributeSuggestsTheAttribute(_ written: String, _ meant: String) throws {
        let diagnostics = compile(table("  a int64 \(written)")).diagnostics
        let error = try #require(diagnostics.first { $0.message == "unknown field attribute '\(written)'" })
        #expect(error.hint?.hasSuffix("; did you mean '\(meant)'?") == true, "\(error)")
        #expect("\(error.location)" == "test.schema:4:11")
    }

    @Test func unrelatedAttributeGetsNoSuggestion() throws {
        let diagnostics = compile(table("  a int64 nullable")).diagnostics
        let error = try #require(diagnostics.first { $0.message == "unknown field attribute 'nullable'" })
        #expect(error.hint?.contains("did you mean") == false)
    }

    @Test func formatterKeepsTheChoices() throws {
        let text = "schema s {\n  targets postgres\n  // the stack's types\n  timestamps   naive\n  enums varchar( 20 )\n}\n"
            + "table t {\n  id int64 primary auto as serial\n  at timestamp as zoned = now\n}\n"
        let formatted = try #require(SchemaFormatter.format(path: "f.schema", text: text).formatted)
        #expect(formatted.contains("  // the stack's types\n  timestamps naive\n  enums varchar(20)\n"))
        #expect(formatted.contains("primary auto as serial\n"))
        #expect(formatted.contains("timestamp = now as zoned\n"))
        #expect(SchemaFormatter.format(path: "f.schema", text: formatted).formatted == formatted)
    }

    @Test func changedStorageIsOneChange() throws {
        let old = try #require(compile(table("  at timestamp\n  k enum(a, b)"), path: "old.schema").schema)
        let new = try #require(compile(table("  at timestamp as naive\n  k enum(a, b)"), path: "new.schema").schema)
        let changes = try #require(SchemaDiff.compare(old, new).diff).changes
        #expect(changes.map(\.code) == [.fieldStorageChanged])
        #expect(changes.first?.summary == "t.at: stored in SQL as naive instead of the default")
        #expect(changes.first?.classes == [.incompatible, .locking])
    }
}
