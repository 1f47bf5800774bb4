import Testing
@testable import SchemaLanguage

/// The checker's warnings about designs that check but do not work as they read: each at its
/// exact position with a hint, and silent where the design is fine.
@Suite struct DesignWarningTests {
    static let cases: [DiagnosticCase] = [
        .init("warnTTLOnTables", table("  at timestamp\n  @index (at) ttl 30d"),
              "'ttl 30d' on an index of table 't' expires nothing: sqlite cannot enforce a TTL index", .warning),
        .init("warnPrefixIndexes", table("  a int64\n  b int64\n  @index (a)\n  index (a, b)"),
              "index (a) of 't' is a prefix of index (a, b), which serves the same queries", .warning),
        .init("warnRequiredReferenceCycles", "schema s { targets postgres }\ntable a {\n  id int64 primary\n  @b_id int64 -> b.id\n  index (b_id)\n}\n"
              + "table b {\n  id int64 primary\n  a_id int64 -> a.id\n  index (a_id)\n}\n",
              "required foreign keys form a cycle (a.b_id → b.a_id → a): no row of these tables can be inserted first", .warning),
    ]

    @Test(arguments: cases)
    func warning(_ diagnosticCase: DiagnosticCase) { diagnosticCase.verify() }

    private func warnings(_ text: String) -> [String] {
        compile(text).diagnostics.filter { $0.severity == .warning }.map(\.message)
    }

    @Test func hintsSayWhatToWriteInstead() throws {
        let ttl = try #require(compile(table("  at timestamp\n  index (at) ttl 30d")).diagnostics.first { $0.severity == .warning })
        #expect(ttl.hint == "write 'retain { delete after 30d by at }' for a job that deletes the rows")
    }

    @Test func fineDesignsStaySilent() {
        // TTL on a collection is MongoDB's own expiry.
        #expect(warnings(collection("  at timestamp\n  index (at) ttl 30d")).isEmpty)
        // A unique or partial prefix says more than its columns; different orders are different indexes.
        #expect(warnings(table("  a int64\n  b int64\n  unique (a)\n  index (a, b)")).isEmpty)
        #expect(warnings(table("  a int64\n  b int64\n  index (a) where b = 1\n  index (a, b)")).isEmpty)
        #expect(warnings(table("  a int64\n  b int64\n  index (b)\n  index (a, b)")).isEmpty)
        // One optional key in the cycle lets its row go first; a table may reference itself.
        #expect(warnings("schema s { targets postgres }\ntable a {\n  id int64 primary\n  b_id int64? -> b.id\n  index (b_id)\n}\n"
                         + "table b {\n  id int64 primary\n  a_id int64 -> a.id\n  index (a_id)\n}\n").isEmpty)
        #expect(warnings("schema s { targets postgres }\ntable a {\n  id int64 primary\n  parent int64 -> a.id\n  index (parent)\n}\n").isEmpty)
    }

    @Test func aLongerCycleIsReportedOnce() {
        let text = "schema s { targets postgres }\n" + ["a": "b", "b": "c", "c": "a"].sorted { $0.key < $1.key }.map { name, next in
            "table \(name) {\n  id int64 primary\n  \(next)_id int64 -> \(next).id\n  index (\(next)_id)\n}\n"
        }.joined()
        #expect(warnings(text) == ["required foreign keys form a cycle (a.b_id → b.c_id → c.a_id → a): no row of these tables can be inserted first"])
    }
}
