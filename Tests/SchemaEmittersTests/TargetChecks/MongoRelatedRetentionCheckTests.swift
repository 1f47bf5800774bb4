import SchemaEmitters
import SchemaLanguage
import Testing

/// A rule by a related time reads another document, which MongoDB's retention script cannot:
/// refused on a collection with its location and a hint, run on a table.
@Suite struct MongoRelatedRetentionCheckTests {
    static func text(kind: String, targets: String, id: String) -> String {
        """
        schema s {
          targets \(targets)
        }
        \(kind) users {
          user_id   \(id)
          last_seen timestamp
        }
        \(kind) sessions {
          id      \(id)
          user_id int64 -> users.user_id
          index (user_id)
          retain { delete after 30d by user_id -> users.last_seen }
        }
        """
    }

    @Test func aCollectionRefusesTheRule() throws {
        let result = TargetChecks.compile(path: "s.schema", text: Self.text(kind: "collection", targets: "mongo", id: "int64 primary"))
        #expect(result.schema == nil)
        #expect(result.diagnostics.map(\.message) == [
            "'delete after 30d by user_id -> users.last_seen' cannot run on MongoDB: its retention script does not read 'users' documents",
        ])
        let error = try #require(result.diagnostics.first)
        #expect(error.location.line == 12 && error.location.column == 12)
        #expect(error.hint == "keep a copy of 'last_seen' in 'sessions' and write 'by <that field>', or make both entities tables")
    }

    @Test func aTableRunsIt() {
        let result = TargetChecks.compile(path: "s.schema", text: Self.text(kind: "table", targets: "postgres", id: "int64 primary"))
        #expect(result.schema != nil, "\(result.diagnostics)")
    }
}
