import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// MongoDB migrations run under node against an in-memory document store (no MongoDB server can
/// run here): the old setup creates collections and validators, sample documents go in, the up
/// script runs, every document passes the new validator and kept its values (renamed fields
/// moved), then the down script brings every document back under the old validator.
@Suite(.serialized) struct MongoMigrationTests {
    static let base = """
        schema mdb {
          targets mongo
        }

        enum Level { low, mid, high }

        collection users {
          id       objectid primary auto named "_id"
          name     string
          nickname string?
          level    Level = low
          xp       int32 = 0
          tags     [string] = []
          index (name)
        }

        collection notes {
          id         objectid primary auto named "_id"
          body       text
          created_at timestamp = now
        }

        """

    static let cases: [MigrationCase] = [
        MigrationCase("optional field added", [("  tags     [string] = []\n", "  tags     [string] = []\n  bio      string?\n")]),
        MigrationCase("field with default added", [("  tags     [string] = []\n", "  tags     [string] = []\n  coins    int32 = 100\n")]),
        MigrationCase("field renamed", [("  nickname string?\n", "  alias    string? was nickname\n")]),
        MigrationCase("stored name changed", [("  nickname string?\n", "  nickname string? named \"nick\"\n")]),
        MigrationCase("field dropped", [("  nickname string?\n", "")]),
        MigrationCase("made required with default", [("  nickname string?\n", "  nickname string = \"anon\"\n")]),
        MigrationCase("enum value renamed", [("enum Level { low, mid, high }", "enum Level { lowest was low, mid, high }"), ("  level    Level = low\n", "  level    Level = lowest\n")]),
        MigrationCase("enum case added", [("enum Level { low, mid, high }", "enum Level { low, mid, high, top }")]),
        MigrationCase("index added", [("  index (name)\n", "  index (name)\n  index (xp desc)\n")]),
        MigrationCase("index dropped", [("  index (name)\n", "")]),
        MigrationCase("collection renamed", [("collection notes {", "collection memos was notes {")]),
        MigrationCase("collection added", [("collection notes {", "collection bans {\n  id objectid primary auto named \"_id\"\n  until timestamp\n}\n\ncollection notes {")]),
        MigrationCase("collection dropped", [("collection notes {\n  id         objectid primary auto named \"_id\"\n  body       text\n  created_at timestamp = now\n}\n", "")]),
        MigrationCase("retention added as TTL index", [("  created_at timestamp = now\n}", "  created_at timestamp = now\n  retain { delete after 30d by created_at }\n}")]),
    ]

    @Test(arguments: cases)
    func upAndDown(_ change: MigrationCase) throws {
        let newText = change.edits.reduce(Self.base) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        #expect(newText != Self.base)
        try Self.roundTrip(from: Self.base, to: newText)
    }

    /// Old setup, sample documents, up, checks, down, checks: for one pair of schema texts.
    static func roundTrip(from oldText: String, to newText: String) throws {
        let old = try SeedSchemas.compile(oldText, path: "old.schema")
        let new = try SeedSchemas.compile(newText, path: "new.schema")
        let diff = try #require(SchemaDiff.compare(old, new).diff)
        let node = try NodeRunner()
        defer { node.cleanUp() }
        try node.write("harness.js", MongoScriptHarness.source)
        try node.write("documents.js", Self.documentStore)
        try node.write("old-setup.js", MongoEmitter().emit(old).first { $0.path == "mongo/setup.js" }!.contents)
        try node.write("up.js", MongoMigration(diff: diff).render())
        try node.write("down.js", MongoMigration(diff: diff.reversed).render())
        try node.expectSyntaxValid("up.js")
        try node.expectSyntaxValid("down.js")
        try node.expectScenarioPasses(Self.scenario(diff))
    }

    /// The scenario: sample documents, the fields each new collection keeps from the old one.
    static func scenario(_ diff: SchemaDiff) -> String {
        var documents: [String] = []
        for entity in diff.old.collections where entity.partitionKeys.isEmpty {
            let fields = entity.fields.filter { !$0.isAuto }.map { "\(JavaScriptLiteral.key($0.physicalName)): \(sample($0, in: diff.old))" }
            documents.append("\(JavaScriptLiteral.string(entity.physicalName)): [1, 2].map((n) => ({ _id: new ObjectId('00000000000000000000000' + n), \(fields.joined(separator: ", ")) }))")
        }
        var kept: [String] = []
        for entity in diff.new.collections where entity.partitionKeys.isEmpty {
            guard let oldName = diff.matching.oldEntity(for: entity.name), let before = diff.old.entity(named: oldName) else { continue }
            let pairs = entity.fields.compactMap { field -> String? in
                guard let oldField = diff.matching.oldField(field.name, ofNewEntity: entity.name).flatMap(before.field(named:)),
                      !field.isAuto, oldField.type.spelling == field.type.spelling || field.type.spelling == oldField.type.spelling else { return nil }
                if case .enumeration = field.type { return nil }
                return "[\(JavaScriptLiteral.string(oldField.physicalName)), \(JavaScriptLiteral.string(field.physicalName))]"
            }
            kept.append("{ old: \(JavaScriptLiteral.string(before.physicalName)), new: \(JavaScriptLiteral.string(entity.physicalName)), fields: [\(pairs.joined(separator: ", "))] }")
        }
        return """
            const assert = require('assert');
            const { ObjectId, Long, Decimal128, Binary, runScript, validate, same } = require('./harness.js');
            const { documentDb } = require('./documents.js');
            const fake = documentDb();
            runScript('old-setup.js', fake);
            const documents = { \(documents.joined(separator: ",\n  ")) };
            const kept = [\(kept.joined(separator: ",\n  "))];
            const oldValidators = {};
            for (const [name, docs] of Object.entries(documents)) {
              oldValidators[name] = fake.validator(name);
              for (const doc of docs) fake.db.getCollection(name).insertOne(Object.assign({}, doc));
            }
            runScript('up.js', fake);
            for (const name of fake.db.getCollectionNames()) {
              const validator = fake.validator(name);
              for (const doc of fake.documents(name)) {
                const errors = validate(validator, doc);
                assert.deepStrictEqual(errors, [], name + ' after up: ' + JSON.stringify(doc));
              }
            }
            for (const collection of kept) {
              const migrated = fake.documents(collection.new);
              assert.strictEqual(migrated.length, documents[collection.old].length, collection.new + ' keeps every document');
              migrated.forEach((doc, i) => {
                for (const [from, to] of collection.fields) {
                  assert.ok(same(doc[to], documents[collection.old][i][from]), collection.new + '.' + to + ' after up');
                }
              });
            }
            runScript('down.js', fake);
            for (const [name, docs] of Object.entries(documents)) {
              const restored = fake.documents(name);
              assert.strictEqual(restored.length, kept.some((c) => c.old === name) ? docs.length : restored.length, name + ' after down');
              for (const doc of restored) {
                assert.deepStrictEqual(validate(oldValidators[name], doc), [], name + ' after down: ' + JSON.stringify(doc));
              }
            }
            for (const collection of kept) {
              fake.documents(collection.old).forEach((doc, i) => {
                for (const [from] of collection.fields) {
                  assert.ok(same(doc[from], documents[collection.old][i][from]), collection.old + '.' + from + ' after down');
                }
              });
            }
            """
    }

    /// A value the old validator accepts.
    static func sample(_ field: Field, in schema: Schema) -> String {
        sample(field.type, default: field.defaultValue, in: schema)
    }

    private static func sample(_ type: FieldType, default value: DefaultValue?, in schema: Schema) -> String {
        switch type {
        case .int32: "1"
        case .int64: "new Long(1)"
        case .double: "1.5"
        case .bool: "true"
        case .string, .text:
            if case .string(let text)? = value { JavaScriptLiteral.string(text) } else { "'abc' + n" }
        case .timestamp, .date: "new Date(Date.UTC(2024, 0, n))"
        case .enumeration(let enumType): JavaScriptLiteral.string(enumType.rawValues[0])
        case .array: "[]"
        case .objectID: "new ObjectId()"
        case .uuid: "'00000000-0000-4000-8000-00000000000' + n"
        case .decimal: "new Decimal128('1.5')"
        case .bytes: "new Binary([1])"
        case .nested(let name):
            "{ " + (schema.type(named: name)?.fields ?? []).filter { !$0.isOptional }.map {
                "\(JavaScriptLiteral.key($0.physicalName)): \(sample($0.type, default: $0.defaultValue, in: schema))"
            }.joined(separator: ", ") + " }"
        case .json: "{}"
        }
    }

    /// A document-holding stand-in for mongosh's `db`: collections with documents, validators
    /// (enforced on updates while validation is strict, as MongoDB does), indexes, and the
    /// operations migrations use. Any other operator fails, so a script cannot pass by using one
    /// the stand-in does not model.
    static let documentStore = #"""
        'use strict';
        const { validate } = require('./harness.js');
        function failure(code, codeName, message) {
          const error = new Error(codeName + ': ' + message);
          error.code = code;
          return error;
        }
        function documentDb() {
          const collections = new Map();
          const state = (name) => {
            if (!collections.has(name)) collections.set(name, { docs: [], indexes: [{ name: '_id_', key: { _id: 1 } }], validator: null, level: 'strict' });
            return collections.get(name);
          };
          const matches = (doc, filter) => Object.entries(filter).every(([key, condition]) => {
            if (condition !== null && typeof condition === 'object' && !Array.isArray(condition)) {
              const operators = Object.keys(condition);
              if (operators.length !== 1 || operators[0] !== '$exists') throw new Error('filter operator not modelled: ' + operators);
              return (key in doc) === condition.$exists;
            }
            if (condition === null) return doc[key] === null || doc[key] === undefined;
            return JSON.stringify(doc[key]) === JSON.stringify(condition);
          });
          const apply = (doc, update) => {
            for (const [operator, fields] of Object.entries(update)) {
              for (const [key, value] of Object.entries(fields)) {
                if (operator === '$set') doc[key] = value;
                else if (operator === '$unset') delete doc[key];
                else if (operator === '$rename') { if (key in doc) { doc[value] = doc[key]; delete doc[key]; } }
                else throw new Error('update operator not modelled: ' + operator);
              }
            }
          };
          function collection(name) {
            return {
              getName: () => name,
              insertOne(doc) { state(name).docs.push(doc); },
              createIndex(key, options) {
                const s = state(name);
                s.indexes = s.indexes.filter((index) => index.name !== options.name).concat([{ name: options.name, key, options }]);
                return options.name;
              },
              getIndexes: () => state(name).indexes.map((index) => ({ v: 2, key: index.key, name: index.name })),
              dropIndex(indexName) {
                const s = state(name);
                if (!s.indexes.some((index) => index.name === indexName)) throw failure(27, 'IndexNotFound', indexName);
                s.indexes = s.indexes.filter((index) => index.name !== indexName);
              },
              updateMany(filter, update) {
                const s = state(name);
                let modified = 0;
                for (const doc of s.docs) {
                  if (!matches(doc, filter)) continue;
                  const copy = Object.assign({}, doc);
                  apply(doc, update);
                  if (s.validator && s.level === 'strict' && validate(s.validator.$jsonSchema, doc).length > 0) {
                    Object.keys(doc).forEach((key) => delete doc[key]);
                    Object.assign(doc, copy);
                    throw failure(121, 'DocumentValidationFailure', name);
                  }
                  modified += 1;
                }
                return { acknowledged: true, modifiedCount: modified };
              },
              renameCollection(target) {
                if (collections.has(target)) throw failure(48, 'NamespaceExists', target);
                collections.set(target, state(name));
                collections.delete(name);
              },
              drop() { collections.delete(name); return true; },
            };
          }
          const db = {
            getName: () => 'test',
            getSiblingDB: () => db,
            getCollectionNames: () => [...collections.keys()],
            getCollectionInfos: (filter) => [...collections.keys()].filter((name) => !filter || filter.name === undefined || filter.name === name)
              .map((name) => ({ name, type: 'collection' })),
            createCollection(name, options) {
              if (collections.has(name)) throw failure(48, 'NamespaceExists', name);
              const s = state(name);
              s.validator = options.validator;
              s.level = options.validationLevel || 'strict';
              return { ok: 1 };
            },
            runCommand(command) {
              if (command.collMod === undefined) throw new Error('command not modelled: ' + Object.keys(command));
              if (!collections.has(command.collMod)) throw failure(26, 'NamespaceNotFound', command.collMod);
              const s = state(command.collMod);
              if (command.validator !== undefined) s.validator = command.validator;
              if (command.validationLevel !== undefined) s.level = command.validationLevel;
              return { ok: 1 };
            },
            getCollection: (name) => collection(name),
          };
          // A real server's documents are read back as copies.
          const copy = (value) => Object.assign({}, value);
          return {
            db,
            validator: (name) => state(name).validator.$jsonSchema,
            documents: (name) => (collections.get(name) || { docs: [] }).docs.map(copy),
          };
        }
        module.exports = { documentDb };
        """#
}

/// JavaScript literals for the scenarios' data.
enum JavaScriptLiteral {
    static func string(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    static func key(_ name: String) -> String { string(name) }
}
