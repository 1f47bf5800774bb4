import SchemaEmitters
import SchemaLanguage
import Testing

/// `delete after … roll up into …` on MongoDB, the case of ``SQLRollUpTests`` run twice under node
/// against the evaluating stub (after `setup.js`, so the summary's unique key and validators are in
/// place): due documents are added into the summary (new keys inserted, existing ones added to)
/// and deleted, a second run changes nothing, documents that are not due are neither counted nor
/// deleted.
@Suite struct MongoRollUpTests {
    static let text = """
        schema roll_up {
          targets mongo
        }

        collection transactions {
          id         int64 primary named "_id"
          guild_id   int64
          kind       enum(daily, gamble)
          amount     int32?
          created_at timestamp?
          retain {
            delete after 365d by created_at where created_at is not null and guild_id != 9
              roll up into daily_stats by guild_id, kind, day = day(created_at) add transactions = count, amount = sum(amount)
          }
        }

        collection daily_stats {
          guild_id     int64
          kind         enum(daily, gamble)
          day          date
          transactions int64 = 0
          amount       int64 = 0
          note         text?
          primary (guild_id, kind, day)
        }
        """

    private func prepare(_ text: String = Self.text) throws -> NodeRunner {
        let node = try NodeRunner()
        for file in MongoEmitter().emit(try SeedSchemas.compile(text)) {
            try node.write(String(file.path.dropFirst("mongo/".count)), file.contents)
        }
        return node
    }

    @Test func dueDocumentsAreAddedIntoTheSummaryOnceAndDeleted() throws {
        let node = try prepare()
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript, ObjectId, Long } = require('./harness.js');
            const at = (text) => new Date(text + 'Z');
            const fake = fakeDb({ documents: {
              // A summary document from an earlier run: this run's documents of that key add into it.
              daily_stats: [{ _id: new ObjectId('s1'), guild_id: new Long(1), kind: 'daily', day: at('2020-01-01T00:00:00'),
                              transactions: new Long(10), amount: new Long(100), note: 'kept' }],
              transactions: [
                { _id: 1, guild_id: 1, kind: 'daily', amount: 5, created_at: at('2020-01-01T10:00:00') },
                { _id: 2, guild_id: 1, kind: 'daily', amount: 7, created_at: at('2020-01-01T23:59:59') },
                { _id: 3, guild_id: 1, kind: 'daily', amount: null, created_at: at('2020-01-02T00:00:00') },
                { _id: 4, guild_id: 1, kind: 'gamble', amount: -3, created_at: at('2020-01-01T12:00:00') },
                { _id: 5, guild_id: 2, kind: 'daily', amount: 4, created_at: at('2020-01-01T12:00:00') },
                { _id: 6, guild_id: 1, kind: 'daily', amount: 1, created_at: new Date(Date.now() - 10 * 86400000) },
                { _id: 7, guild_id: 1, kind: 'daily', amount: 1, created_at: null },
                { _id: 8, guild_id: 9, kind: 'daily', amount: 50, created_at: at('2020-01-01T12:00:00') },
              ],
            } });
            runScript('setup.js', fake);
            const row = (d) => [Number(d.guild_id.value ?? d.guild_id), d.kind, d.day.toISOString().slice(0, 10),
                                Number(d.transactions.value ?? d.transactions), Number(d.amount.value ?? d.amount), d.note ?? null];
            for (const run of [1, 2]) {  // the second run finds nothing left to add or delete
              runScript('retention.js', fake);
              assert.deepStrictEqual(fake.documents('transactions').map((d) => d._id), [6, 7, 8], 'run ' + run);
              const stats = fake.documents('daily_stats').map(row).sort((a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
              assert.deepStrictEqual(stats, [
                [1, 'daily', '2020-01-01', 12, 112, 'kept'],
                [1, 'daily', '2020-01-02', 1, 0, null],
                [1, 'gamble', '2020-01-01', 1, -3, null],
                [2, 'daily', '2020-01-01', 1, 4, null],
              ], 'run ' + run);
            }
            // The earlier summary document kept its _id; new ones got their own.
            assert.ok(fake.documents('daily_stats').some((d) => d._id instanceof ObjectId && d._id.hex === 's1' && d.note === 'kept'));
            assert.ok(fake.documents('daily_stats').every((d) => d._id instanceof ObjectId));
            """#)
    }

    /// A summary keyed by its `_id` (one key field stored as `_id`): the group's key becomes the
    /// summary document's `_id`.
    @Test func aSummaryKeyedByItsIdTakesTheGroupKeyAsId() throws {
        let node = try prepare("""
            schema roll_up {
              targets mongo
            }

            collection events {
              id int64     primary named "_id"
              at timestamp
              retain { delete after 30d by at roll up into daily by day = day(at) add events = count }
            }

            collection daily {
              day    date  primary named "_id"
              events int64 = 0
            }
            """)
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript } = require('./harness.js');
            const at = (text) => new Date(text + 'Z');
            const fake = fakeDb({ documents: {
              events: [{ _id: 1, at: at('2020-03-01T01:00:00') }, { _id: 2, at: at('2020-03-01T22:00:00') }, { _id: 3, at: at('2020-03-02T00:00:00') }],
              daily: [{ _id: at('2020-03-02T00:00:00'), events: 4 }],
            } });
            runScript('setup.js', fake);
            runScript('retention.js', fake);
            runScript('retention.js', fake);
            assert.deepStrictEqual(fake.documents('events'), []);
            const daily = fake.documents('daily').map((d) => [d._id.toISOString().slice(0, 10), d.events]).sort();
            assert.deepStrictEqual(daily, [['2020-03-01', 2], ['2020-03-02', 5]]);
            """#)
    }

    /// Adding a roll-up to a rule a TTL index enforced is one change of the rule (SG611, safe), and
    /// the migration drops that index (the job takes over); the down migration builds it again.
    @Test func addingARollUpToATTLRuleDropsItsIndex() throws {
        let plain = """
            schema roll_up {
              targets mongo
            }

            collection events {
              id int64     primary named "_id"
              at timestamp
              retain { delete after 30d by at }
            }

            collection daily {
              day    date  primary named "_id"
              events int64 = 0
            }
            """
        let rolled = plain.replacingOccurrences(of: "delete after 30d by at }", with: "delete after 30d by at roll up into daily by day = day(at) add events = count }")
        let diff = try #require(SchemaDiff.compare(try SeedSchemas.compile(plain), try SeedSchemas.compile(rolled)).diff)
        #expect(diff.changes.map(\.code) == [.retentionRollUpChanged])
        #expect(diff.changes.first?.classes == [])
        let up = MongoMigration(diff: diff).render()
        #expect(up.contains("dropIndex(\"ttl_events_at\")"))
        let down = MongoMigration(diff: diff.reversed).render()
        #expect(down.contains("{ name: \"ttl_events_at\", expireAfterSeconds: 2592000 }"))
    }

    /// A roll-up rule gets no TTL index: that would delete without adding up.
    @Test func aRollUpRuleIsAJobNotATTLIndex() throws {
        let files = MongoEmitter().emit(try SeedSchemas.compile(Self.text))
        let setup = try #require(files.first { $0.path == "mongo/setup.js" }?.contents)
        let retention = try #require(files.first { $0.path == "mongo/retention.js" }?.contents)
        #expect(!setup.contains("expireAfterSeconds"))
        #expect(retention.contains("rollUpByIds(collection, due, ["))
        #expect(retention.contains("on: [\"guild_id\", \"kind\", \"day\"]"))
    }
}
