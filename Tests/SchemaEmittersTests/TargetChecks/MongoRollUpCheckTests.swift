import SchemaEmitters
import SchemaLanguage
import Testing

/// A roll-up on collections runs in `retention.js` (``MongoRollUpTests``); only a partitioned
/// summary, which has no one collection name to `$merge` into, is refused with its location and a hint.
@Suite struct MongoRollUpCheckTests {
    static func text(kind: String, targets: String, summaryName: String = "") -> String {
        """
        schema s {
          targets \(targets)
        }
        \(kind) events {
          id      int64 primary
          at      timestamp
          retain {
            delete after 30d by at
              roll up into daily by day = day(at) add events = count
          }
        }
        \(kind) daily\(summaryName) {
          day    date primary
          events int64 = 0
        }
        """
    }

    @Test func aCollectionRunsIt() {
        let result = TargetChecks.compile(path: "s.schema", text: Self.text(kind: "collection", targets: "mongo"))
        #expect(result.schema != nil, "\(result.diagnostics)")
        #expect(result.diagnostics.isEmpty)
    }

    @Test func aPartitionedSummaryIsRefused() throws {
        let text = Self.text(kind: "collection", targets: "mongo", summaryName: " named \"daily_{day}\"")
            .replacingOccurrences(of: "  day    date primary\n", with: "  partition by day\n  day    date primary\n")
        let result = TargetChecks.compile(path: "s.schema", text: text)
        #expect(result.schema == nil)
        #expect(result.diagnostics.map(\.description) == [
            "s.schema:8:5: error: 'delete after 30d by at roll up into daily by day = day(at) add events = count' cannot run on MongoDB: "
                + "summary 'daily' is partitioned, so its retention script has no one collection to add documents into\n"
                + "  hint: roll up into a collection that is not partitioned",
        ])
    }

    @Test func aTableRunsIt() {
        let result = TargetChecks.compile(path: "s.schema", text: Self.text(kind: "table", targets: "postgres"))
        #expect(result.schema != nil, "\(result.diagnostics)")
    }
}
