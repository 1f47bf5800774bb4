import SchemaEmitters
import SchemaLanguage
import Testing

/// A rule by a related time on collections runs in `retention.js` (``MongoRelatedRetentionTests``);
/// reading the time from a partitioned collection, or archiving into one, has no one collection
/// name to `$lookup` or `$merge` and is refused with its location and a hint.
@Suite struct MongoRelatedRetentionCheckTests {
    static func text(kind: String, targets: String, id: String, users: String = "users", rule: String? = nil) -> String {
        """
        schema s {
          targets \(targets)
        }
        \(kind) \(users) {
          user_id   \(id)
          last_seen timestamp
        }
        \(kind) sessions {
          id      \(id)
          user_id int64 -> users.user_id
          index (user_id)
          retain { \(rule ?? "delete after 30d by user_id -> users.last_seen") }
        }
        \(kind) archived {
          id      \(id)
          user_id int64
          shard   string
        }
        """
    }

    @Test func aCollectionRunsTheRule() {
        let result = TargetChecks.compile(path: "s.schema", text: Self.text(kind: "collection", targets: "mongo", id: "int64 primary"))
        #expect(result.schema != nil, "\(result.diagnostics)")
        #expect(result.diagnostics.isEmpty)
    }

    @Test func aPartitionedRelatedCollectionIsRefused() throws {
        let text = Self.text(kind: "collection", targets: "mongo", id: "int64 primary", users: "users named \"users_{user_id}\"")
            .replacingOccurrences(of: "  last_seen timestamp\n}", with: "  last_seen timestamp\n  partition by user_id\n}")
        let result = TargetChecks.compile(path: "s.schema", text: text)
        #expect(result.schema == nil)
        #expect(result.diagnostics.map(\.message) == [
            "'delete after 30d by user_id -> users.last_seen' cannot run on MongoDB: 'users' is partitioned, so its retention script has no one collection to look 'last_seen' up in",
        ])
        let error = try #require(result.diagnostics.first)
        #expect(error.location.line == 13 && error.location.column == 12)
        #expect(error.hint == "keep a copy of 'last_seen' in 'sessions' and write 'by <that field>'")
    }

    @Test func aPartitionedArchiveIsRefused() throws {
        let rule = "archive after 30d by user_id -> users.last_seen into archived"
        let text = Self.text(kind: "collection", targets: "mongo", id: "int64 primary", rule: rule)
            .replacingOccurrences(of: "archived {", with: "archived named \"archived_{shard}\" {\n  partition by shard")
        let result = TargetChecks.compile(path: "s.schema", text: text)
        #expect(result.diagnostics.map(\.message).contains(
            "'\(rule)' cannot run on MongoDB: archive 'archived' is partitioned, so its retention script has no one collection to move documents into"))
    }

    @Test func aTableRunsIt() {
        let result = TargetChecks.compile(path: "s.schema", text: Self.text(kind: "table", targets: "postgres", id: "int64 primary"))
        #expect(result.schema != nil, "\(result.diagnostics)")
    }
}
