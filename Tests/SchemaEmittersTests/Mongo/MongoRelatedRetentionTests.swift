import SchemaEmitters
import SchemaLanguage
import Testing

/// Rules by a related document's time on MongoDB, the cases of ``SQLRelatedRetentionTests`` run
/// twice under node against the evaluating stub: exactly the documents whose referenced document
/// is old enough are deleted or archived; a referenced document that is missing or has no time, and
/// a null foreign key, never make one due.
@Suite struct MongoRelatedRetentionTests {
    static let text = """
        schema related_retention {
          targets mongo
        }

        collection users {
          id        objectid primary auto named "_id"
          user_id   int64 unique
          last_seen timestamp?
        }

        collection members {
          id       int64 primary named "_id"
          user_id  int64? -> users.user_id on delete cascade
          guild_id int64
          retain { archive after 180d by user_id -> users.last_seen into members_archive where guild_id != 7 }
        }

        collection members_archive like members {
          retain { forever }
        }

        collection sessions {
          id      int64 primary named "_id"
          user_id int64 -> users.user_id on delete cascade
          retain { delete after inactive_for = 30d by user_id -> users.last_seen }
        }
        """

    private func prepare() throws -> NodeRunner {
        let node = try NodeRunner()
        for file in MongoEmitter().emit(try SeedSchemas.compile(Self.text)) {
            try node.write(String(file.path.dropFirst("mongo/".count)), file.contents)
        }
        return node
    }

    /// Users seen 200, 10 and 40 days ago and one never seen; a member of a user that does not
    /// exist (no foreign key is enforced on MongoDB); a user document from before `user_id`
    /// existed, seen long ago, which a `$lookup` of a null `user_id` would match.
    static let seed = #"""
        const assert = require('assert');
        const { fakeDb, runScript, ObjectId } = require('./harness.js');
        const ago = (days) => new Date(Date.now() - days * 86400000);
        const fake = fakeDb({ documents: {
          users: [
            { _id: new ObjectId('u1'), user_id: 1, last_seen: ago(200) }, { _id: new ObjectId('u2'), user_id: 2, last_seen: ago(10) },
            { _id: new ObjectId('u3'), user_id: 3, last_seen: null }, { _id: new ObjectId('u4'), user_id: 4, last_seen: ago(40) },
            { _id: new ObjectId('u0'), last_seen: ago(900) },
          ],
          members: [
            { _id: 1, user_id: 1, guild_id: 1 }, { _id: 2, user_id: 2, guild_id: 1 }, { _id: 3, user_id: 3, guild_id: 1 },
            { _id: 4, user_id: null, guild_id: 1 }, { _id: 5, user_id: 1, guild_id: 7 }, { _id: 6, user_id: 4, guild_id: 1 },
            { _id: 7, user_id: 99, guild_id: 1 }, { _id: 8, guild_id: 1 },
          ],
          sessions: [{ _id: 1, user_id: 1 }, { _id: 2, user_id: 2 }, { _id: 3, user_id: 3 }, { _id: 4, user_id: 4 }],
        } });
        runScript('setup.js', fake);
        const ids = (name) => fake.documents(name).map((document) => document._id).sort((a, b) => a - b);
        """#

    @Test func jobsReachExactlyTheDocumentsWhoseRelatedTimeIsOldEnough() throws {
        let node = try prepare()
        defer { node.cleanUp() }
        try node.expectScenarioPasses(Self.seed + #"""
            for (const run of [1, 2]) {  // the second run finds nothing left to do
              runScript('retention.js', fake);
              assert.deepStrictEqual(ids('members'), [2, 3, 4, 5, 6, 7, 8], 'run ' + run);
              assert.deepStrictEqual(fake.documents('members_archive'), [{ _id: 1, user_id: 1, guild_id: 1 }], 'run ' + run);
              assert.deepStrictEqual(ids('sessions'), [2, 3], 'run ' + run);
            }
            assert.strictEqual(fake.documents('users').length, 5);
            """#)
    }

    /// A named period read through the related time: 50 days keeps user 4's session (seen 40 days ago).
    @Test func namedPeriodAppliesToTheRelatedTime() throws {
        let node = try prepare()
        defer { node.cleanUp() }
        try node.expectScenarioPasses("globalThis.retentionPeriods = { inactive_for: 50 * 86400 };\n" + Self.seed + #"""
            runScript('retention.js', fake);
            assert.deepStrictEqual(ids('sessions'), [2, 3, 4]);
            """#)
    }

    /// The job's shape: the foreign key's nulls are filtered out before `$lookup`, then the rule's
    /// own condition; the related time is compared with the cut-off after the lookup.
    @Test func theDuePipelineLooksUpTheReferencedKey() throws {
        let node = try prepare()
        defer { node.cleanUp() }
        try node.expectScenarioPasses(Self.seed + #"""
            const start = Date.now();
            runScript('retention.js', fake);
            const [members] = fake.of('aggregate').filter((call) => call.collection === 'members');
            assert.deepStrictEqual(members.pipeline[0], { $match: { $and: [{ user_id: { $ne: null } }, { guild_id: { $ne: 7 } }] } });
            assert.deepStrictEqual(members.pipeline[1],
                                   { $lookup: { from: 'users', localField: 'user_id', foreignField: 'user_id', as: 'related' } });
            const cutoff = members.pipeline[2].$match['related.last_seen'].$lt;
            assert.ok(Math.abs(start - 180 * 86400 * 1000 - cutoff.getTime()) < 60000);
            assert.deepStrictEqual(members.pipeline[3], { $project: { _id: 1 } });
            """#)
    }
}
