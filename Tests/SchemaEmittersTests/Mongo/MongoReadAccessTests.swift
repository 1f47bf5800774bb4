import SchemaEmitters
import SchemaLanguage
import Testing

/// `access { read: … }` on MongoDB: `setup.js` gives each read-only module a role with `find` on
/// exactly the collections that list it (every partition of a partitioned one), re-running sets the
/// same privileges again, a foreign role of the name is refused, and a migration moves the
/// privileges with the read lists.
@Suite struct MongoReadAccessTests {
    static let text = """
        schema reads {
          targets mongo
          database "Reads"
        }
        collection events {
          id   objectid primary auto named "_id"
          body text
          access {
            write: app
            read: analytics, admin.audit
          }
        }
        collection reports {
          id   objectid primary auto named "_id"
          body text
          access {
            write: app
            read: analytics
          }
        }
        collection secrets {
          id   objectid primary auto named "_id"
          body text
          access { write: app }
        }
        """

    private func prepare(_ files: [(String, String)]) throws -> NodeRunner {
        let node = try NodeRunner()
        for (name, contents) in files { try node.write(name, contents) }
        return node
    }

    private func setup(_ text: String) throws -> String {
        try MongoDocsFixtures.file("mongo/setup.js", in: MongoEmitter().emit(try SeedSchemas.compile(text)))
    }

    @Test func setupGivesEachReaderFindOnItsCollections() throws {
        let node = try prepare([("setup.js", try setup(Self.text))])
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript } = require('./harness.js');
            const find = (collection) => ({ resource: { db: 'Reads', collection }, actions: ['find'] });
            const fake = fakeDb();
            runScript('setup.js', fake);
            assert.deepStrictEqual(fake.of('createRole').map((call) => call.document), [
              { role: 'reads.admin.audit', privileges: [find('events')], roles: [] },
              { role: 'reads.analytics', privileges: [find('events'), find('reports')], roles: [] },
            ]);
            assert.ok(fake.of('createRole').every((call) => call.db === 'Reads'));
            // Writer modules get no role; re-running sets the same privileges on the roles it made.
            const again = fakeDb({ existingRoles: [
              { role: 'reads.analytics', privileges: [find('events')] }, { role: 'reads.admin.audit', privileges: [] }] });
            runScript('setup.js', again);
            assert.strictEqual(again.of('createRole').length, 0);
            assert.deepStrictEqual(again.of('updateRole').map((call) => [call.role, call.update.privileges.length]),
                                   [['reads.admin.audit', 1], ['reads.analytics', 2]]);
            """#)
    }

    @Test func aForeignRoleOfTheNameIsRefused() throws {
        let node = try prepare([("setup.js", try setup(Self.text))])
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript } = require('./harness.js');
            for (const foreign of [
              { role: 'reads.analytics', privileges: [{ resource: { db: 'Reads', collection: '' }, actions: ['find', 'insert'] }] },
              { role: 'reads.analytics', roles: [{ role: 'readWrite', db: 'Reads' }] },
            ]) {
              const fake = fakeDb({ existingRoles: [foreign] });
              assert.throws(() => runScript('setup.js', fake),
                            /role reads\.analytics exists but is not a read-only role this script made/);
              assert.strictEqual(fake.of('updateRole').length, 0);
            }
            """#)
    }

    /// Dropping `analytics` from `reports` and `admin.audit` altogether: the migration sets the new
    /// privileges and empties the role no module reads through any more.
    @Test func aMigrationMovesThePrivileges() throws {
        let old = try SeedSchemas.compile(Self.text)
        let newText = Self.text.replacingOccurrences(of: "    read: analytics, admin.audit\n", with: "    read: analytics\n")
            .replacingOccurrences(of: "    write: app\n    read: analytics\n  }\n}\ncollection secrets", with: "    write: app\n  }\n}\ncollection secrets")
        let new = try SeedSchemas.compile(newText)
        #expect(new.entity(named: "reports")?.access.read == [] && new.entity(named: "events")?.access.read == ["analytics"])
        let diff = try #require(SchemaDiff.compare(old, new).diff)
        let node = try prepare([("migration.js", MongoMigration(diff: diff).render())])
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript } = require('./harness.js');
            const find = (collection) => ({ resource: { db: 'Reads', collection }, actions: ['find'] });
            const fake = fakeDb({ existingCollections: ['events', 'reports', 'secrets'], existingRoles: [
              { role: 'reads.analytics', privileges: [find('events'), find('reports')] },
              { role: 'reads.admin.audit', privileges: [find('events')] }] });
            runScript('migration.js', fake);
            assert.deepStrictEqual(fake.of('updateRole').map((call) => [call.role, call.update.privileges]),
                                   [['reads.analytics', [find('events')]], ['reads.admin.audit', []]]);
            """#)
        // An unchanged read list writes no role section.
        let same = try #require(SchemaDiff.compare(old, try SeedSchemas.compile(Self.text + "\n")).diff)
        #expect(!MongoMigration(diff: same).render().contains("ensureReadRole"))
    }

    /// A privilege names one collection: the role reads every partition existing when setup.js
    /// runs, and each partition's setup function grants it on the new partition.
    @Test func readersFollowEveryPartition() throws {
        let text = """
            schema parts {
              targets mongo
              database "Parts"
            }
            collection todos named "todos_{chat_id}" {
              id      objectid primary auto named "_id"
              chat_id int64
              partition by chat_id
              access {
                write: app
                read: analytics
              }
            }
            """
        let node = try prepare([("setup.js", try setup(text))])
        defer { node.cleanUp() }
        try node.expectScenarioPasses(#"""
            const assert = require('assert');
            const { fakeDb, runScript } = require('./harness.js');
            const find = (collection) => ({ resource: { db: 'Parts', collection }, actions: ['find'] });
            const fake = fakeDb({ defaultDatabase: 'Parts', existingCollections: ['todos_2', 'todos_1', 'todosx', 'other'] });
            const evaluate = runScript('setup.js', fake);
            assert.deepStrictEqual(fake.of('createRole').map((call) => call.document),
                                   [{ role: 'parts.analytics', privileges: [find('todos_1'), find('todos_2')], roles: [] }]);
            assert.strictEqual(evaluate('setupTodos(3)'), 'todos_3');
            assert.deepStrictEqual(fake.of('grantPrivilegesToRole').map((call) => [call.role, call.privileges]),
                                   [['parts.analytics', [find('todos_3')]]]);
            assert.deepStrictEqual(fake.db.roles.get('parts.analytics').privileges,
                                   [find('todos_1'), find('todos_2'), find('todos_3')]);
            """#)
    }
}
