import Foundation
import SchemaEmitters
import SchemaLanguage
import Testing

/// The MongoDB side of the MongoDB seeds' documented calls (issue 14 item 4): each step's `mongo`
/// (mongosh syntax, the seed's call with the fixture's values) runs under node against the script
/// harness's fake `db` (``MongoScriptHarness``), after the generated `setup.js` made the
/// collections, validators and indexes and the dataset went in through `insertOne` (so every
/// dataset document passes the generated validator). `mongo_rows` turns the call's result into
/// rows, compared with the step's rows by the same comparison as the store and SQL sides.
/// No MongoDB server runs here (the fixture's `engine_not_run` says so).
@Suite struct MongoSeedQueryHarnessTests {
    static let mongoSeeds = ["mozaiks_core", "syncara_bot"]

    @Test(arguments: mongoSeeds)
    func documentedCallsReturnTheFixtureRows(_ name: String) throws {
        let fixture = try SeedQueryFile.load(name)
        let schema = try SeedSchemas.load(name)
        let results = try Self.run(fixture, schema: schema)
        #expect(results.map(\.name) == fixture.steps.map(\.name), "\(name): every step ran, in order")
        for (step, result) in zip(fixture.steps, results) {
            #expect(result.error == nil, "\(name) / \(step.name): \(result.error ?? "")")
            #expect(step.matches(result.rows), "\(name) / \(step.name): harness rows \(result.rows), fixture \(step.rows)")
        }
    }

    /// The comparison can fail: a step whose call reads another user's tasks returns other rows.
    @Test func aCallReturningOtherRowsDoesNotMatch() throws {
        var fixture = try SeedQueryFile.load("mozaiks_core")
        let index = try #require(fixture.steps.firstIndex { $0.name == "total count" })
        let step = fixture.steps[index]
        fixture.steps[index] = SeedQueryFile.Step(
            name: step.name, inventory: step.inventory, run: nil, sql: nil,
            mongo: "db.task_manager_tasks.countDocuments({user_id: 'user_456'})", mongoRows: step.mongoRows,
            rows: step.rows, unordered: step.unordered)
        let results = try Self.run(fixture, schema: try SeedSchemas.load("mozaiks_core"))
        let result = try #require(results.first { $0.name == "total count" })
        #expect(result.rows == [["1"]])
        #expect(!step.matches(result.rows))
    }

    /// A dataset document the generated validator refuses fails the run before any step.
    @Test func aDatasetDocumentTheValidatorRefusesFailsTheRun() throws {
        var fixture = try SeedQueryFile.load("mozaiks_core")
        let table = try #require(fixture.dataset.firstIndex { $0.table == "task_manager_tasks" })
        fixture.dataset[table].rows[0]["status"] = .string("someday")
        let failure = try #require(throws: MongoHarnessRunFailed.self) {
            try Self.run(fixture, schema: try SeedSchemas.load("mozaiks_core"))
        }
        #expect(failure.output.contains("DocumentValidationFailure: task_manager_tasks: $.status: \"someday\" is not one of"))
    }

    struct StepResult: Decodable {
        let name: String
        let rows: [[String]]
        let error: String?
    }

    /// Writes setup.js, the dataset and the steps, runs them under node, returns each step's rows.
    static func run(_ fixture: SeedQueryFile, schema: Schema) throws -> [StepResult] {
        let node = try NodeRunner()
        defer { node.cleanUp() }
        for file in MongoEmitter().emit(schema) {
            try node.write(String(file.path.dropFirst("mongo/".count)), file.contents)
        }
        try node.write("harness.js", MongoScriptHarness.source)
        try node.write("scenario.js", try scenario(fixture, schema: schema))
        let result = try node.run(["scenario.js"])
        guard result.status == 0, let line = result.output.split(separator: "\n").last(where: { $0.hasPrefix("RESULTS ") }) else {
            throw MongoHarnessRunFailed(output: result.output)
        }
        return try JSONDecoder().decode([StepResult].self, from: Data(line.dropFirst("RESULTS ".count).utf8))
    }

    /// The node script: setup, dataset, then each step in order (a step's writes stay for the next).
    static func scenario(_ fixture: SeedQueryFile, schema: Schema) throws -> String {
        let now = try #require(fixture.now.flatMap(timestampLiteral), "the fixture has no `now`")
        var inserts: [String] = []
        for table in fixture.dataset {
            let entity = try #require(schema.collections.first { $0.physicalName == table.table }, "no collection \(table.table)")
            for row in table.rows {
                let fields = try row.keys.sorted().map { key -> String in
                    let field = try #require(entity.fields.first { $0.physicalName == key }, "\(table.table) has no field \(key)")
                    return "\(JavaScriptLiteral.key(key)): \(try literal(row[key]!, field.type, in: schema))"
                }
                inserts.append("db.getCollection(\(JavaScriptLiteral.string(table.table))).insertOne({ \(fields.joined(separator: ", ")) });")
            }
        }
        let steps = try fixture.steps.map { step -> String in
            let call = try #require(step.mongo, "\(step.name): no mongo call")
            let rows = try #require(step.mongoRows, "\(step.name): no mongo_rows")
            return "step(\(JavaScriptLiteral.string(step.name)), () => eval(\(JavaScriptLiteral.string(call))), \(rows));"
        }
        return """
            'use strict';
            const harness = require('./harness.js');
            const { Long, Decimal128, Binary, fakeDb, runScript, isDate } = harness;
            const fake = fakeDb({ defaultDatabase: \(JavaScriptLiteral.string(schema.databaseName ?? "test")) });
            runScript('setup.js', fake);
            // mongosh's shell: db.<collection> reaches a collection, ObjectId(hex) makes an id.
            const db = new Proxy(fake.db, { get: (target, key) => (typeof key === 'symbol' || key in target ? target[key] : target.getCollection(key)) });
            const ObjectId = (hex) => new harness.ObjectId(hex);
            const now = \(now);
            \(inserts.joined(separator: "\n"))
            function expect(condition, what) { if (!condition) throw new Error('expected: ' + what); }
            function expectServerError(code, call) {
              try { call(); } catch (error) { if (error.code === code) return; throw error; }
              throw new Error('expected server error ' + code);
            }
            function cell(value) {
              if (value === null || value === undefined) return 'NULL';
              if (value instanceof harness.ObjectId) return value.hex;
              if (value instanceof Long || value instanceof Decimal128) return value.value;
              if (isDate(value)) return value.toISOString().slice(0, 19).replace('T', ' ');
              if (typeof value === 'boolean') return value ? '1' : '0';
              if (typeof value === 'number' || typeof value === 'string') return String(value);
              throw new Error('no cell for ' + JSON.stringify(value));
            }
            const results = [];
            function step(name, call, rowsOf) {
              try {
                results.push({ name, rows: rowsOf(call()).map((row) => row.map(cell)) });
              } catch (error) {
                results.push({ name, rows: [], error: String(error && error.stack || error) });
              }
            }
            \(steps.joined(separator: "\n"))
            console.log('RESULTS ' + JSON.stringify(results));
            """
    }

    /// A dataset value as the document value of the field's type (timestamps as dates, int64 as
    /// Long, ObjectIds), so the validator and the comparisons see what the server would.
    static func literal(_ value: SeedQueryFile.Value, _ type: FieldType, in schema: Schema) throws -> String {
        switch (value, type) {
        case (.null, _): return "null"
        case (.string(let hex), .objectID): return "new harness.ObjectId(\(JavaScriptLiteral.string(hex)))"
        case (.string(let text), .timestamp), (.string(let text), .date):
            return try #require(timestampLiteral(text), "not a timestamp: \(text)")
        case (.integer(let number), .int64): return "new Long(\(number))"
        case (.integer(let number), .int32), (.integer(let number), .double): return String(number)
        case (.number(let number), .double): return String(number)
        case (.bool(let flag), .bool): return flag ? "true" : "false"
        case (.string(let text), .string), (.string(let text), .text), (.string(let text), .enumeration):
            return JavaScriptLiteral.string(text)
        case (.array(let items), .array(let element)):
            return "[" + (try items.map { try literal($0, element, in: schema) }).joined(separator: ", ") + "]"
        case (.object(let fields), .nested(let name)):
            let nested = try #require(schema.type(named: name), "no type \(name)")
            return "{ " + (try fields.keys.sorted().map { key in
                let field = try #require(nested.fields.first { $0.physicalName == key }, "\(name) has no field \(key)")
                return "\(JavaScriptLiteral.key(key)): \(try literal(fields[key]!, field.type, in: schema))"
            }).joined(separator: ", ") + " }"
        case (_, .json): return value.json
        default: throw FixtureError("no document value for \(value.json) as \(type)")
        }
    }

    /// `yyyy-MM-dd HH:mm:ss` (UTC) as a JavaScript Date.
    static func timestampLiteral(_ text: String) -> String? {
        guard text.count == 19, text.dropFirst(10).first == " " else { return nil }
        return "new Date(\(JavaScriptLiteral.string(text.replacingOccurrences(of: " ", with: "T") + "Z")))"
    }
}

/// The node run of the seed calls failed before printing its results.
struct MongoHarnessRunFailed: Error {
    let output: String
}
