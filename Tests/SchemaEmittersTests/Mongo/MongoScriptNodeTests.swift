import SchemaEmitters
import SchemaLanguage
import Testing

/// Runs the generated mongosh scripts under node against a recording stub of `db`: they parse,
/// they run, they make the calls the model asks for, and their validators accept good documents
/// and reject bad ones.
@Suite(.serialized) struct MongoScriptNodeTests {
    /// Writes a schema's scripts into a node working directory.
    private func prepare(_ schema: Schema) throws -> NodeRunner {
        let node = try NodeRunner()
        for file in MongoEmitter().emit(schema) {
            try node.write(String(file.path.dropFirst("mongo/".count)), file.contents)
        }
        return node
    }

    private static let schemas = MongoDocsFixtures.mongoSeedNames + ["fixture"]

    private func schema(_ name: String) throws -> Schema {
        name == "fixture"
            ? try SeedSchemas.compile(MongoFixtureSchema.text, path: "fixture.schema")
            : try SeedSchemas.load(name)
    }

    @Test(arguments: schemas)
    func everyEmittedFilePassesNodeCheck(name: String) throws {
        let node = try prepare(try schema(name))
        defer { node.cleanUp() }
        try node.expectSyntaxValid("setup.js")
        try node.expectSyntaxValid("retention.js")
    }

    @Test(arguments: schemas)
    func setupCreatesCollectionsValidatorsAndIndexesAndReRuns(name: String) throws {
        let schema = try schema(name)
        let node = try prepare(schema)
        defer { node.cleanUp() }
        try node.expectScenarioPasses(try MongoScriptExpectations(schema: schema).javaScript() + #"""
            const assert = require('assert');
            const { fakeDb, runScript, validatorOf, same } = require('./harness.js');
            const fake = fakeDb();
            runScript('setup.js', fake);
            const created = fake.of('createCollection');
            assert.deepStrictEqual(created.map((c) => c.collection).sort(), expected.collections.map((c) => c.name).sort());
            for (const call of created) {
              assert.strictEqual(call.db, expected.database);
              assert.strictEqual(call.options.validationLevel, 'strict');
              assert.strictEqual(call.options.validationAction, 'error');
              assert.strictEqual(call.options.validator.$jsonSchema.bsonType, 'object');
            }
            for (const collection of expected.collections) {
              assert.deepStrictEqual(validatorOf(fake, collection.name).required || [], collection.required, collection.name);
              for (const index of collection.indexes) {
                const call = fake.of('createIndex').find((c) => c.collection === collection.name && c.options.name === index.name);
                assert.ok(call, 'no index ' + index.name + ' on ' + collection.name);
                assert.deepStrictEqual(Object.entries(call.key).map(([k, v]) => [k, String(v)]), index.key, index.name);
                assert.strictEqual(call.options.unique === true, index.unique, index.name);
              }
            }
            // Run again on the same database: validators are updated in place, nothing is created or dropped.
            const before = fake.calls.length;
            runScript('setup.js', fake);
            const again = fake.calls.slice(before);
            assert.strictEqual(again.filter((c) => c.op === 'createCollection').length, 0);
            assert.strictEqual(again.filter((c) => c.op === 'dropIndex').length, 0);
            const collMods = again.filter((c) => c.op === 'runCommand' && c.command.collMod !== undefined);
            assert.deepStrictEqual(collMods.map((c) => c.command.collMod).sort(), expected.collections.map((c) => c.name).sort());
            for (const call of collMods) assert.ok(call.command.validator.$jsonSchema, call.command.collMod);
            """#)
    }

    @Test func syncaraValidatorsAcceptGoodDocumentsAndRejectBadOnes() throws {
        let node = try prepare(try SeedSchemas.load("syncara_bot"))
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript, expectValid, expectInvalid, ObjectId, Long } = require('./harness.js');
            const fake = fakeDb();
            const evaluate = runScript('setup.js', fake);

            const user = {
              _id: new ObjectId(), user_id: new Long('5012345678'), first_seen: new Date(), username: null,
              preferences: { communication_style: 'formal', emoji_usage: true, topics_of_interest: ['ai'] },
              conversation_history: [{ timestamp: new Date(), message: 'hi', response: 'hello' }],
            };
            expectValid(fake, 'users', user);
            expectValid(fake, 'users', { ...user, user_id: 42 });                       // int accepted for int64
            expectInvalid(fake, 'users', { _id: new ObjectId(), user_id: 1 }, 'missing first_seen');
            expectInvalid(fake, 'users', { ...user, user_id: 'abc' }, '$.user_id');
            expectInvalid(fake, 'users', { ...user, preferences: { communication_style: 'rude' } }, 'communication_style');
            const entry = { timestamp: new Date(), message: 'm', response: 'r' };
            expectValid(fake, 'users', { ...user, conversation_history: Array(50).fill(entry) });
            expectInvalid(fake, 'users', { ...user, conversation_history: Array(51).fill(entry) }, 'more than 50');
            expectInvalid(fake, 'users', { ...user, conversation_history: [{ timestamp: new Date(), message: 'm' }] }, 'missing response');

            const execution = {
              _id: new ObjectId(), execution_id: 'e1', workflow_id: 'w1', status: 'running', started_at: new Date(),
              user_id: 1, chat_id: new Long('-1001234567890'), progress: 100,
              steps: [{ id: 's', name: 'n', status: 'done', result: { success: true, execution_time: 1.5 } }],
            };
            expectValid(fake, 'workflow_executions', execution);
            expectInvalid(fake, 'workflow_executions', { ...execution, progress: 101 }, 'above 100');
            expectInvalid(fake, 'workflow_executions', { ...execution, status: 'paused' }, 'status');
            expectInvalid(fake, 'workflow_executions', { ...execution, steps: [{ id: 's', name: 'n', status: 'x', result: { data: {} } }] }, 'missing success');
            expectValid(fake, 'performance_metrics', { _id: new ObjectId(), timestamp: new Date(), metric_name: 'latency', value: 30 });
            expectInvalid(fake, 'performance_metrics', { _id: new ObjectId(), timestamp: 'yesterday', metric_name: 'latency', value: 1.5 }, 'timestamp');

            // TTL indexes from retention rules; the conditional rule is left to retention.js.
            const index = (collection, name) => fake.of('createIndex').find((c) => c.collection === collection && c.options.name === name);
            assert.strictEqual(index('system_logs', 'idx_system_logs_timestamp').options.expireAfterSeconds, 30 * 86400);
            assert.strictEqual(index('error_logs', 'ttl_error_logs_timestamp').options.expireAfterSeconds, 30 * 86400);
            assert.strictEqual(index('assistant_memory', 'ttl_assistant_memory_expires_at').options.expireAfterSeconds, 0);
            assert.strictEqual(index('pyrogram_cache', 'ttl_pyrogram_cache_expires_at').options.expireAfterSeconds, 0);
            assert.ok(!fake.of('createIndex').some((c) => c.collection === 'workflow_executions' && c.options.expireAfterSeconds !== undefined));

            // Partitioned todos: nothing until a chat is set up.
            assert.ok(!fake.of('createCollection').some((c) => c.collection.startsWith('todos')));
            const name = evaluate('setupTodos(-100123)');
            assert.strictEqual(name, 'todos_-100123');
            assert.ok(fake.of('createCollection').some((c) => c.collection === 'todos_-100123'));
            expectValid(fake, 'todos_-100123', { _id: new ObjectId(), description: 'd', status: 'pending', created_at: new Date(), created_by: 1, chat_id: -100123 });
            expectInvalid(fake, 'todos_-100123', { _id: new ObjectId(), description: 'd', status: 'late', created_at: new Date(), created_by: 1, chat_id: 1 }, 'status');
            evaluate('setupTodos(-100123)');
            assert.ok(fake.calls.some((c) => c.op === 'runCommand' && c.command.collMod === 'todos_-100123'));
            """#)
    }

    @Test func mozaiksNamespacedCollectionsUseTheirPhysicalNames() throws {
        let node = try prepare(try SeedSchemas.load("mozaiks_core"))
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript, expectValid, expectInvalid, ObjectId } = require('./harness.js');
            const fake = fakeDb();
            runScript('setup.js', fake);
            assert.ok(fake.of('createCollection').some((c) => c.collection === 'task_manager_tasks' && c.db === 'MozaiksCore'));
            const ttl = fake.of('createIndex').find((c) => c.collection === 'notifications' && c.options.expireAfterSeconds !== undefined);
            assert.deepStrictEqual(ttl.key, { created_at: 1 });
            assert.strictEqual(ttl.options.expireAfterSeconds, 2592000);
            const user = { _id: new ObjectId(), email: 'a@b.c', username: 'a', password_hash: 'h', roles: ['admin'], created_at: new Date() };
            expectValid(fake, 'users', user);
            expectValid(fake, 'users', { ...user, subscription: null, profile: { bio: null } });
            expectInvalid(fake, 'users', { ...user, roles: ['root'] }, 'roles');
            expectInvalid(fake, 'users', { ...user, profile: { bio: 5 } }, 'bio');
            const task = { _id: new ObjectId(), user_id: 'u', title: 't', status: 'in_progress', created_at: new Date() };
            expectValid(fake, 'task_manager_tasks', task);
            expectInvalid(fake, 'task_manager_tasks', { ...task, status: 'blocked' }, 'status');
            // retention.js has nothing to do: the only rule is a TTL index.
            const before = fake.calls.length;
            runScript('retention.js', fake);
            assert.strictEqual(fake.calls.length, before);
            """#)
    }

    @Test func changedIndexOptionsAreRebuilt() throws {
        let node = try prepare(try SeedSchemas.load("syncara_bot"))
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript } = require('./harness.js');
            // An older deployment: system_logs exists with a plain timestamp index (no TTL yet).
            const fake = fakeDb({
              existingCollections: ['system_logs'],
              existingIndexes: [{ collection: 'system_logs', name: 'idx_system_logs_timestamp', key: { timestamp: 1 }, options: { name: 'idx_system_logs_timestamp' } }],
            });
            runScript('setup.js', fake);
            assert.ok(fake.calls.some((c) => c.op === 'runCommand' && c.command.collMod === 'system_logs'));
            assert.ok(!fake.of('createCollection').some((c) => c.collection === 'system_logs'));
            assert.deepStrictEqual(fake.of('dropIndex').map((c) => c.name), ['idx_system_logs_timestamp']);
            const indexes = fake.database('SyncaraBot').collections.get('system_logs').indexes;
            const rebuilt = indexes.find((index) => index.name === 'idx_system_logs_timestamp');
            assert.strictEqual(rebuilt.options.expireAfterSeconds, 2592000);
            """#)
    }

    /// The stub fails on what it does not model, so a scenario cannot pass by the stub ignoring a
    /// new operator, option, command or method the emitter starts to write.
    @Test func stubRefusesWhatItDoesNotModel() throws {
        let node = try NodeRunner()
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb } = require('./harness.js');
            const fake = fakeDb();
            const things = fake.db.getCollection('things');
            const refused = (run, message) => assert.throws(run, (error) => error.message === message);
            refused(() => things.deleteMany({ a: { $where: 'true' } }), 'stub does not model operator $where in deleteMany filter');
            refused(() => things.deleteMany({ $and: [{ a: { $regex: 'x' } }] }), 'stub does not model operator $regex in deleteMany filter');
            refused(() => things.updateMany({}, { $inc: { a: 1 } }), 'stub does not model operator $inc in updateMany update');
            refused(() => things.aggregate([{ $bucket: { groupBy: '$a' } }]), 'stub does not model operator $bucket in aggregate pipeline');
            refused(() => things.createIndex({ a: 1 }, { name: 'i', partialFilterExpression: { a: { $type: 'string' } } }),
                    'stub does not model operator $type in partialFilterExpression');
            refused(() => things.createIndex({ a: 1 }, { name: 'i', sparse: true }), 'stub does not model createIndex option sparse');
            refused(() => fake.db.createCollection('c', { capped: true }), 'stub does not model createCollection option capped');
            refused(() => fake.db.runCommand({ drop: 'things' }), 'stub does not model command drop');
            refused(() => fake.db.runCommand({ collMod: 'things', expireAfterSeconds: 5 }), 'stub does not model collMod option expireAfterSeconds');
            refused(() => fake.db.things, 'stub does not model db.things');
            refused(() => things.insertMany([{}]), 'stub does not model collection.insertMany');
            refused(() => things.updateOne({}, { $set: { a: 1 } }, { hint: 'i' }), 'stub does not model updateOne option hint');
            refused(() => fake.db.runCommand({ collMod: 'things', validationLevel: 'moderate' }), 'stub does not model validationLevel moderate');
            refused(() => things.find({}).batchSize(2), 'stub does not model cursor.batchSize');
            refused(() => things.aggregate([]).next(), 'stub does not model cursor.next');
            // Nothing refused was recorded (the find and the empty pipeline ran; their cursors'
            // batchSize() and next() were refused).
            assert.deepStrictEqual(fake.calls.map((c) => c.op), ['find', 'aggregate']);
            // What it models passes, field paths ('$u') included.
            things.deleteMany({ $and: [{ a: { $lt: 1 } }, { b: { $in: [1] } }] });
            things.aggregate([{ $setWindowFields: { partitionBy: { u: '$u' }, output: { rank: { $documentNumber: {} } } } }]);
            assert.strictEqual(fake.calls.length, 4);
            """#)
    }

    /// The members the migrations and the seeds' documented calls use behave as on the server:
    /// validation off lets a rewrite through, renames and drops move documents, missing indexes
    /// and taken names fail with the server's codes, cursors sort/skip/limit in the server's
    /// order, upserts build a document from the filter, dotted `$set` goes through documents only.
    @Test func stubModelsMigrationAndQueryCallsAsTheServerDoes() throws {
        let node = try NodeRunner()
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, ObjectId } = require('./harness.js');
            const fake = fakeDb();
            const code = (expected) => (error) => error.code === expected;
            const strictName = { bsonType: 'object', required: ['name'], properties: { name: { bsonType: 'string' } } };
            fake.db.createCollection('people', { validator: { $jsonSchema: strictName }, validationLevel: 'strict' });
            const people = fake.db.getCollection('people');
            people.insertOne({ _id: new ObjectId('000000000000000000000001'), name: 'b', age: 2 });
            people.insertOne({ _id: new ObjectId('000000000000000000000002'), name: 'a', age: 1 });
            people.insertOne({ _id: new ObjectId('000000000000000000000003'), name: 'c', age: 3 });
            assert.throws(() => people.insertOne({ age: 4 }), code(121));
            assert.throws(() => people.updateMany({}, { $rename: { name: 'label' } }), code(121));
            assert.deepStrictEqual(fake.documents('people').map((p) => p.name), ['b', 'a', 'c']);
            fake.db.runCommand({ collMod: 'people', validationLevel: 'off' });
            assert.strictEqual(people.updateMany({}, { $rename: { name: 'label' }, $unset: { age: '' } }).modifiedCount, 3);
            assert.deepStrictEqual(fake.documents('people').map((p) => Object.keys(p).join()), ['_id,label', '_id,label', '_id,label']);
            fake.db.runCommand({ collMod: 'people', validationLevel: 'strict' });
            people.updateMany({}, { $rename: { label: 'name' } });
            assert.deepStrictEqual(people.find({}, { name: 1, _id: 0 }).sort({ name: -1 }).skip(1).limit(1).toArray(), [{ name: 'b' }]);
            assert.deepStrictEqual(people.find({}).limit(2).sort({ name: 1 }).toArray().map((p) => p.name), ['a', 'b']);
            assert.strictEqual(people.countDocuments({ name: { $gt: 'a' } }), 2);
            assert.strictEqual(people.findOne({ name: 'z' }), null);
            assert.deepStrictEqual(people.deleteOne({ name: { $in: ['a', 'c'] } }), { acknowledged: true, deletedCount: 1 });
            assert.strictEqual(people.countDocuments({}), 2);
            const upserted = people.updateOne({ name: 'd' }, { $set: { 'profile.city': 'Oslo' } }, { upsert: true });
            assert.strictEqual(upserted.upsertedCount, 1);
            assert.deepStrictEqual(people.findOne({ name: 'd' }, { _id: 0, name: 1, profile: 1 }), { name: 'd', profile: { city: 'Oslo' } });
            assert.throws(() => people.updateOne({ name: 'd' }, { $set: { 'name.first': 'x' } }), code(28));
            assert.deepStrictEqual(people.bulkWrite([{ updateOne: { filter: { name: 'b' }, update: { $set: { age: 9 } } } },
                                                     { updateOne: { filter: { name: 'nobody' }, update: { $set: { age: 9 } } } }]),
                                   { acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
            assert.throws(() => people.dropIndex('no_such_index'), code(27));
            fake.db.createCollection('others', {});
            assert.throws(() => people.renameCollection('others'), code(48));
            people.renameCollection('persons');
            assert.throws(() => people.renameCollection('again'), code(26));
            assert.strictEqual(fake.documents('persons').length, 3);
            assert.deepStrictEqual(fake.validator('persons'), strictName);
            assert.strictEqual(fake.db.getCollection('persons').drop(), true);
            assert.deepStrictEqual(fake.db.getCollectionNames(), ['others']);
            """#)
    }

    @Test func syncaraRetentionDeletesFinishedWorkflowExecutions() throws {
        let node = try prepare(try SeedSchemas.load("syncara_bot"))
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript, isDate } = require('./harness.js');
            const fake = fakeDb();
            const start = Date.now();
            runScript('retention.js', fake);
            // Canvas history entries are pulled from their files (MongoRetentionPeriodTests); old executions are deleted.
            assert.deepStrictEqual(fake.calls.map((c) => c.op + ' ' + c.collection),
                                   ['updateMany canvas_files', 'deleteMany workflow_executions']);
            const filter = fake.calls[1].filter;
            const cutoff = filter.$and[0].completed_at.$lt;
            assert.ok(isDate(cutoff));
            assert.ok(Math.abs(start - 30 * 86400 * 1000 - cutoff.getTime()) < 60000);
            assert.deepStrictEqual(filter.$and[1], { completed_at: { $ne: null } });
            assert.deepStrictEqual(filter.$and[2], { status: { $in: ['completed', 'failed'] } });
            """#)
    }

    @Test func fixtureRetentionRunsEveryKindOfJob() throws {
        let node = try prepare(try schema("fixture"))
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript, isDate, ObjectId } = require('./harness.js');
            const surplus = [new ObjectId('a'), new ObjectId('b')];
            const fake = fakeDb({
              existingCollections: ['messages_lobby', 'messages_dev', 'other'],
              aggregateResults: { events: surplus.map((_id) => ({ _id })) },
            });
            runScript('retention.js', fake);
            const ops = fake.calls.map((c) => c.op + ' ' + c.collection);
            assert.deepStrictEqual(ops, [
              'updateMany sessions', 'updateMany sessions', 'deleteMany sessions',
              'aggregate events', 'deleteMany events',
              'aggregate events', 'deleteMany events',
              'aggregate messages_dev', 'aggregate messages_lobby',
              'deleteMany shop_orders',
            ]);
            const [deactivate, deactivateAt, conditional] = fake.calls;
            assert.deepStrictEqual(deactivate.update, { $set: { active: false } });
            assert.deepStrictEqual(deactivate.filter.$and[1], { active: { $ne: false } });
            assert.ok(isDate(deactivate.filter.$and[0].created_at.$lt));
            assert.ok(isDate(deactivateAt.filter.$and[0].expires_at.$lte));
            assert.deepStrictEqual(conditional.filter.$and[1], { status: 'closed' });
            // Cap: the ids ranked beyond the newest 5 per user are deleted.
            const cap = fake.calls[3].pipeline;
            assert.deepStrictEqual(cap[0].$setWindowFields.partitionBy, { user_id: '$user_id' });
            assert.deepStrictEqual(cap[1], { $match: { rank: { $gt: 5 } } });
            assert.deepStrictEqual(fake.calls[4].filter, { _id: { $in: surplus } });
            // Archive: copy with $merge, then delete the same documents.
            const archive = fake.calls[5].pipeline;
            assert.strictEqual(archive[1].$merge.into, 'events_archive');
            assert.strictEqual(archive[0].$match, fake.calls[6].filter);
            assert.ok(isDate(fake.calls[6].filter.created_at.$lt));
            """#)
    }

    @Test func fixtureValidatorsCheckEveryType() throws {
        let node = try prepare(try schema("fixture"))
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript, expectValid, expectInvalid, ObjectId, Long, Decimal128, Binary } = require('./harness.js');
            const fake = fakeDb();
            const evaluate = runScript('setup.js', fake);
            const good = {
              _id: new ObjectId(), small: 3, big: new Long('9007199254740993'), ratio: 0.5, price: new Decimal128('1.25'),
              flag: true, name: 'ok', code: 'abc', body: null, at: new Date(), day: new Date(),
              ref: '123e4567-e89b-12d3-a456-426614174000', blob: new Binary([1]), extra: { any: 1 }, level: 'HIGH', mode: null,
              entries: [{ at: new Date(), note: 'n', child: [{ at: new Date() }] }], tags: ['x'],
            };
            expectValid(fake, 'everything', good);
            expectValid(fake, 'everything', { ...good, ratio: 2 });
            expectInvalid(fake, 'everything', { ...good, small: 11 }, 'above 10');
            expectInvalid(fake, 'everything', { ...good, small: new Long('1') }, 'small');
            expectInvalid(fake, 'everything', { ...good, name: 'x' }, 'shorter than 2');
            expectInvalid(fake, 'everything', { ...good, code: 'ABC' }, 'does not match');
            expectInvalid(fake, 'everything', { ...good, ref: 'not-a-uuid' }, 'ref');
            expectInvalid(fake, 'everything', { ...good, level: 'high' }, 'level');
            expectInvalid(fake, 'everything', { ...good, mode: 'c' }, 'mode');
            expectInvalid(fake, 'everything', { ...good, flag: null }, 'flag');
            expectInvalid(fake, 'everything', { ...good, entries: [{ at: new Date(), note: 'x'.repeat(21) }] }, 'longer than 20');
            expectInvalid(fake, 'everything', { ...good, entries: Array(4).fill({ at: new Date() }) }, 'more than 3');
            const partial = fake.of('createIndex').find((c) => c.options.name === 'idx_everything_small_at');
            assert.deepStrictEqual(partial.key, { small: 1, at: -1 });
            assert.deepStrictEqual(partial.options.partialFilterExpression, { flag: true });
            assert.deepStrictEqual(fake.of('createIndex').find((c) => c.options.name === 'pk_shop_orders').options, { name: 'pk_shop_orders', unique: true });
            // The partition function sets up one room; its TTL comes from the retention rule.
            assert.strictEqual(evaluate('setupMessages("lobby")'), 'messages_lobby');
            const ttl = fake.of('createIndex').find((c) => c.collection === 'messages_lobby');
            assert.strictEqual(ttl.options.expireAfterSeconds, 86400);
            expectValid(fake, 'messages_lobby', { _id: new ObjectId(), room: 'lobby', sent_at: new Date() });
            """#)
    }
}
