import SchemaEmitters
import SchemaLanguage
import Testing

/// Entry rules take apart an array value, which SQL stores whole: refused on a SQL table, run on a collection.
@Suite struct SQLEntryRetentionCheckTests {
    static func text(targets: String, kind: String, id: String = "int64 primary") -> String {
        """
        schema s {
          targets \(targets)
        }
        type Entry {
          at timestamp
        }
        \(kind) files {
          id      \(id)
          history [Entry]
          retain { delete history entries after 30d by at }
        }
        """
    }

    @Test func aSQLTableRefusesTheRule() {
        let result = TargetChecks.compile(path: "s.schema", text: Self.text(targets: "postgres", kind: "table"))
        #expect(result.schema == nil)
        #expect(result.diagnostics.map(\.message) == [
            "'delete history entries after 30d by at' cannot run on postgres: SQL retention jobs do not take apart the array 'history'",
        ])
        #expect(result.diagnostics.first?.location.line == 10)
    }

    @Test func aCollectionRunsIt() {
        let result = TargetChecks.compile(path: "s.schema", text: Self.text(targets: "mongo", kind: "collection", id: "objectid primary auto named \"_id\""))
        #expect(result.schema != nil, "\(result.diagnostics)")
    }
}
