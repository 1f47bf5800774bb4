import SchemaEmitters
import SchemaLanguage
import Testing

/// A roll-up adds documents into a summary before deleting them, which MongoDB's retention script
/// cannot: refused on a collection with its location and a hint, run on a table.
@Suite struct MongoRollUpCheckTests {
    static func text(kind: String, targets: String) -> String {
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
        \(kind) daily {
          day    date primary
          events int64 = 0
        }
        """
    }

    @Test func aCollectionRefusesTheRollUp() throws {
        let result = TargetChecks.compile(path: "s.schema", text: Self.text(kind: "collection", targets: "mongo"))
        #expect(result.schema == nil)
        #expect(result.diagnostics.map(\.description) == [
            "s.schema:8:5: error: 'delete after 30d by at roll up into daily by day = day(at) add events = count' cannot run on MongoDB: "
                + "its retention script deletes documents without adding them into 'daily'\n"
                + "  hint: make 'events' and 'daily' tables, or keep the rows and aggregate them in the application",
        ])
    }

    @Test func aTableRunsIt() {
        let result = TargetChecks.compile(path: "s.schema", text: Self.text(kind: "table", targets: "postgres"))
        #expect(result.schema != nil, "\(result.diagnostics)")
    }
}
