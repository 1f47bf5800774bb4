import SchemaEmitters
import SchemaLanguage
import Testing

/// A `handled delete` rule on MongoDB: no TTL index (it would delete before the application acts)
/// and no job in retention.js, only a comment saying the application handles it; the same rule
/// without the mark gets its TTL index.
@Suite struct MongoHandledRetentionTests {
    static func files(_ rule: String) throws -> (setup: String, retention: String) {
        let schema = try SeedSchemas.compile("""
            schema bans_db {
              targets mongo
            }

            collection bans {
              id         objectid primary auto
              expires_at timestamp
              retain { \(rule) }
            }
            """)
        let files = MongoEmitter().emit(schema)
        let setup = try #require(files.first { $0.path == "mongo/setup.js" }?.contents)
        let retention = try #require(files.first { $0.path == "mongo/retention.js" }?.contents)
        return (setup, retention)
    }

    /// A TTL index never deletes a document whose field is null or missing, so a rule that only
    /// says so (`where expires_at is not null`) still gets the index; any other condition is a job.
    @Test func aNotNullConditionOnTheTTLFieldKeepsTheTTLIndex() throws {
        let said = try Self.files("delete at expires_at where expires_at is not null")
        #expect(said.setup.contains("{ name: \"ttl_bans_expires_at\", expireAfterSeconds: 0 }"))
        #expect(!said.retention.contains("deleteMany"))
        let other = try Self.files("delete at expires_at where not (expires_at is null)")
        #expect(!other.setup.contains("expireAfterSeconds"))
        #expect(other.retention.contains("deleteMany"))
    }

    @Test func handledRulesGetNoTTLIndexAndNoJob() throws {
        let handled = try Self.files("handled delete at expires_at")
        #expect(!handled.setup.contains("expireAfterSeconds"))
        #expect(handled.retention.contains("// bans: handled delete at expires_at (no job: handled by the application"))
        #expect(!handled.retention.contains("deleteMany"))

        let plain = try Self.files("delete at expires_at")
        #expect(plain.setup.contains("expireAfterSeconds: 0"))
    }
}
