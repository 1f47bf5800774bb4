import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// MongoDB migrations run under node against the script harness's fake `db` (``MongoScriptHarness``;
/// no MongoDB server can run here), the one document store of the MongoDB tests: sample documents
/// are there from before, the old setup creates collections and validators, every sample passes
/// the old validator, the up script runs, every document passes the new validator and kept its
/// values (renamed fields moved), then the down script brings every document back under the old
/// validator.
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
        #expect(old.databaseName == new.databaseName, "the scenario reads one database")
        try node.write("harness.js", MongoScriptHarness.source)
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
            const { ObjectId, Long, Decimal128, Binary, fakeDb, runScript, validate, same } = require('./harness.js');
            const documents = { \(documents.joined(separator: ",\n  ")) };
            const kept = [\(kept.joined(separator: ",\n  "))];
            const copies = Object.fromEntries(Object.entries(documents).map(([name, docs]) => [name, docs.map((doc) => Object.assign({}, doc))]));
            const fake = fakeDb({ defaultDatabase: \(JavaScriptLiteral.string(diff.old.databaseName ?? "test")), documents: copies });
            runScript('old-setup.js', fake);
            const oldValidators = {};
            for (const [name, docs] of Object.entries(documents)) {
              oldValidators[name] = fake.validator(name);
              assert.ok(oldValidators[name] !== null, name + ' has a validator after the old setup');
              for (const doc of docs) assert.deepStrictEqual(validate(oldValidators[name], doc), [], name + ' sample: ' + JSON.stringify(doc));
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
}

/// JavaScript literals for the scenarios' data.
enum JavaScriptLiteral {
    static func string(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    static func key(_ name: String) -> String { string(name) }
}
