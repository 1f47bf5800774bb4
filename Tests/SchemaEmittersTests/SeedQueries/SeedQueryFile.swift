import Foundation
import SchemaEmitters
import SeedQueryRows
import Testing

/// The SQL side of a seed's query fixture (Tests/Fixtures/seed_queries/<schema>.json): the dataset,
/// and per step the SQL (one text, or one per dialect), an optional statement run first (an
/// operation), and the rows. The store side (GeneratedCodeTests/SeedQueryParity) reads the same file.
struct SeedQueryFile: Decodable {
    /// One step: a documented query, or an operation (`run`) and the query that shows its effect.
    struct Step: Decodable {
        let name: String
        /// Seed lines of the inventory's `query:`/`operation:` items this step covers.
        let inventory: [String]
        /// The operation's statement(s); nil for a pure query.
        let run: DialectText?
        /// The query; nil only for MongoDB seeds (no SQL).
        let sql: DialectText?
        /// MongoDB seeds: the seed's own call with the fixture's values, in mongosh syntax; run
        /// against the node harness (MongoSeedQueryHarnessTests) and kept for a real server.
        let mongo: String?
        /// MongoDB seeds: a JavaScript function from the call's result to the step's rows.
        let mongoRows: String?
        let rows: [[String]]
        let unordered: Bool?

        enum CodingKeys: String, CodingKey {
            case name, inventory, run, sql, mongo, rows, unordered
            case mongoRows = "mongo_rows"
        }

        /// Whether `rows` are the step's rows (the comparison the store side uses too).
        func matches(_ rows: [[String]]) -> Bool {
            SeedQueryRows.match(rows, expected: self.rows, unordered: unordered == true)
        }
    }

    /// SQL shared by every dialect, or one text per dialect.
    enum DialectText: Decodable {
        case shared(String)
        case perDialect([String: String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .shared(text)
            } else {
                self = .perDialect(try container.decode([String: String].self))
            }
        }

        func text(for dialect: SQLDialect) -> String? {
            switch self {
            case .shared(let text): text
            case .perDialect(let texts): texts[dialect.rawValue]
            }
        }
    }

    /// A JSON value of the dataset, kept apart by kind (a boolean is not the number 1).
    enum Value: Decodable {
        case null, bool(Bool), integer(Int64), number(Double), string(String), array([Value]), object([String: Value])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
            else if let integer = try? container.decode(Int64.self) { self = .integer(integer) }
            else if let number = try? container.decode(Double.self) { self = .number(number) }
            else if let text = try? container.decode(String.self) { self = .string(text) }
            else if let items = try? container.decode([Value].self) { self = .array(items) }
            else { self = .object(try container.decode([String: Value].self)) }
        }

        /// JSON text (for JSON columns), keys sorted.
        var json: String {
            switch self {
            case .null: "null"
            case .bool(let flag): flag ? "true" : "false"
            case .integer(let integer): String(integer)
            case .number(let number): String(number)
            case .string(let text):
                String(decoding: (try? JSONEncoder().encode(text)) ?? Data(), as: UTF8.self)
            case .array(let items): "[" + items.map(\.json).joined(separator: ",") + "]"
            case .object(let fields):
                "{" + fields.keys.sorted().map { Value.string($0).json + ":" + fields[$0]!.json }.joined(separator: ",") + "}"
            }
        }
    }

    struct Table: Decodable {
        let table: String
        var rows: [[String: Value]]
    }

    let schema: String
    /// The SQL dialects of the seed's servers; none for MongoDB seeds.
    let dialects: [String]?
    /// Why the seed's own engine does not run these steps here (MongoDB seeds), when it does not.
    let engineNotRun: String?
    /// The fixture's clock (`yyyy-MM-dd HH:mm:ss`, UTC), when its steps write `now`.
    let now: String?
    var dataset: [Table]
    var steps: [Step]

    enum CodingKeys: String, CodingKey {
        case schema, dialects, dataset, steps, now
        case engineNotRun = "engine_not_run"
    }

    static let folder = SeedSchemas.packageRoot.appendingPathComponent("Tests/Fixtures/seed_queries")

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func load(_ schema: String) throws -> SeedQueryFile {
        try JSONDecoder().decode(SeedQueryFile.self, from: Data(contentsOf: folder.appendingPathComponent("\(schema).json")))
    }

    var sqlDialects: [SQLDialect] {
        get throws { try (dialects ?? []).map { try #require(SQLDialect(rawValue: $0), "unknown dialect \($0)") } }
    }

    /// The dataset as INSERT statements, every value through the dialect's literal escaping
    /// (objects and arrays as JSON text, for JSON columns).
    func inserts(for dialect: SQLDialect) -> String {
        dataset.flatMap { table in
            table.rows.map { row in
                let columns = row.keys.sorted()
                let values = columns.map { Self.literal(row[$0]!, dialect) }
                return "INSERT INTO \(dialect.quote(table.table)) (\(columns.map(dialect.quote).joined(separator: ", "))) "
                    + "VALUES (\(values.joined(separator: ", ")));"
            }
        }.joined(separator: "\n")
    }

    private static func literal(_ value: Value, _ dialect: SQLDialect) -> String {
        switch value {
        case .null: "NULL"
        case .bool(let flag): dialect.bool(flag)
        case .integer(let integer): String(integer)
        case .number(let number): String(number)
        case .string(let text): dialect.string(text)
        case .array, .object: dialect.string(value.json)
        }
    }
}
