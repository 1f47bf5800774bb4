import SchemaEmitters
import SchemaLanguage
import Testing

/// syncara_bot's `days_old = 30d` period in the MongoDB scripts: retention.js cuts off at the
/// period a caller defined in `retentionPeriods` (else 30 days), and setup.js builds the TTL index
/// with the period in force, rebuilding an index that holds another.
@Suite struct MongoRetentionPeriodTests {
    private func prepare() throws -> NodeRunner {
        let node = try NodeRunner()
        for file in MongoEmitter().emit(try SeedSchemas.load("syncara_bot")) {
            try node.write(String(file.path.dropFirst("mongo/".count)), file.contents)
        }
        return node
    }

    @Test func retentionJobsUseThePeriodTheCallerDefined() throws {
        let node = try prepare()
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript } = require('./harness.js');
            globalThis.retentionPeriods = { days_old: 7 * 86400 };
            const fake = fakeDb();
            const start = Date.now();
            runScript('retention.js', fake);
            const jobs = fake.calls.filter((call) => call.collection === 'workflow_executions');
            const cutoff = jobs[0].filter.$and[0].completed_at.$lt;
            assert.ok(Math.abs(start - 7 * 86400 * 1000 - cutoff.getTime()) < 60000);
            """#)
    }

    @Test func setupBuildsTheTTLIndexWithThePeriodInForce() throws {
        let node = try prepare()
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript } = require('./harness.js');
            const ttl = (fake) => fake.database('SyncaraBot').collections.get('error_logs').indexes
              .find((index) => index.name === 'ttl_error_logs_timestamp').options.expireAfterSeconds;
            const defaults = fakeDb();
            runScript('setup.js', defaults);
            assert.strictEqual(ttl(defaults), 30 * 86400);

            // The deployment ran setup.js with the default; running it again with 14 days rebuilds the index.
            globalThis.retentionPeriods = { days_old: 14 * 86400 };
            const deployed = fakeDb({
              existingCollections: ['error_logs'],
              existingIndexes: [{ collection: 'error_logs', name: 'ttl_error_logs_timestamp', key: { timestamp: 1 },
                                  options: { name: 'ttl_error_logs_timestamp', expireAfterSeconds: 30 * 86400 } }],
            });
            runScript('setup.js', deployed);
            assert.deepStrictEqual(deployed.of('dropIndex').map((c) => c.name), ['ttl_error_logs_timestamp']);
            assert.strictEqual(ttl(deployed), 14 * 86400);
            """#)
    }

    /// "Canvas History: 30 days retention": one updateMany pulls the old entries out of every
    /// canvas file holding one, at the period in force; the files stay.
    @Test func canvasHistoryEntriesArePulledAtThePeriodInForce() throws {
        let node = try prepare()
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript } = require('./harness.js');
            globalThis.retentionPeriods = { days_old: 3 * 86400 };
            const fake = fakeDb();
            const start = Date.now();
            runScript('retention.js', fake);
            const pulls = fake.calls.filter((call) => call.collection === 'canvas_files');
            assert.strictEqual(pulls.length, 1);
            assert.strictEqual(pulls[0].op, 'updateMany');
            const cutoff = pulls[0].filter['history.timestamp'].$lt;
            assert.ok(Math.abs(start - 3 * 86400 * 1000 - cutoff.getTime()) < 60000);
            assert.deepStrictEqual(pulls[0].update, { $pull: { history: { timestamp: { $lt: cutoff } } } });
            assert.strictEqual(fake.calls.filter((call) => call.collection === 'canvas_files' && call.op === 'deleteMany').length, 0);
            """#)
    }
}
