import Foundation
import SeedQueryRows
import Testing

/// One seed's documented queries and operations as data (Tests/Fixtures/seed_queries/<schema>.json):
/// a dataset, and steps each with the SQL a server runs and the rows it must return. The store side
/// reads the same file: it loads the dataset into the generated repositories, runs its own
/// implementation of each step and must return the same rows (`SeedQueryServerTests` in
/// SchemaEmittersTests checks the SQL side against the same rows).
struct SeedQueryFixture {
    /// One table's rows, in the physical field names (the generated models' coding keys).
    struct Table {
        let name: String
        let rows: [[String: Any]]
    }

    /// A documented query or operation and the rows its result reads as.
    struct Step {
        let name: String
        let rows: [[String]]
        /// GROUP BY without ORDER BY: compared as sorted lists.
        let unordered: Bool
    }

    let schema: String
    /// The instant the seed's `now`/CURRENT_TIMESTAMP stands for (the store's clock).
    let now: Date
    let dataset: [Table]
    let steps: [Step]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/seed_queries")

    static func load(_ schema: String) throws -> SeedQueryFixture {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(schema).json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let tables = try #require(root["dataset"] as? [[String: Any]]).map { table in
            Table(name: try #require(table["table"] as? String), rows: try #require(table["rows"] as? [[String: Any]]))
        }
        let steps = try #require(root["steps"] as? [[String: Any]]).map { step in
            Step(name: try #require(step["name"] as? String),
                 rows: try #require(step["rows"] as? [[String]]),
                 unordered: step["unordered"] as? Bool ?? false)
        }
        let now = try SeedQueryCells.date(try #require(root["now"] as? String))
        return SeedQueryFixture(schema: try #require(root["schema"] as? String), now: now, dataset: tables, steps: steps)
    }

    /// The rows of `table` decoded as generated records (timestamps in the fixture's text form).
    func records<Record: Decodable>(_ table: String, as type: Record.Type) throws -> [Record] {
        let rows = try #require(dataset.first { $0.name == table }, "no table \(table) in the \(schema) dataset").rows
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            try SeedQueryCells.date(try decoder.singleValueContainer().decode(String.self))
        }
        return try rows.map { try decoder.decode(Record.self, from: JSONSerialization.data(withJSONObject: $0)) }
    }

    /// Runs every step through `implementations` in fixture order and compares its rows; a step
    /// without an implementation, or an implementation without a step, is a failure.
    func expectStoreMatches(_ implementations: [String: () throws -> [[String]]],
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(Set(implementations.keys) == Set(steps.map(\.name)),
                "store-side steps differ from the fixture's", sourceLocation: sourceLocation)
        #expect(steps.count == Set(steps.map(\.name)).count, "step names repeat", sourceLocation: sourceLocation)
        for step in steps {
            guard let run = implementations[step.name] else { continue }
            let rows = try run()
            #expect(SeedQueryRows.match(rows, expected: step.rows, unordered: step.unordered),
                    "\(schema): \(step.name): \(rows)", sourceLocation: sourceLocation)
        }
    }
}

/// How the store's values read as the text cells the SQL clients print: NULL as "NULL",
/// booleans as 1/0, enums by raw value, timestamps as `YYYY-MM-DD HH:MM:SS` (UTC).
enum SeedQueryCells {
    static func date(_ text: String) throws -> Date {
        try #require(formatter("yyyy-MM-dd HH:mm:ss").date(from: text), "not a timestamp: \(text)")
    }

    static func cell<Value: CustomStringConvertible>(_ value: Value?) -> String {
        value.map(\.description) ?? "NULL"
    }

    static func cell<Value: RawRepresentable>(_ value: Value?) -> String where Value.RawValue == String {
        value?.rawValue ?? "NULL"
    }

    static func cell(_ value: Bool?) -> String {
        value.map { $0 ? "1" : "0" } ?? "NULL"
    }

    static func cell(_ value: Date?) -> String {
        value.map { formatter("yyyy-MM-dd HH:mm:ss").string(from: $0) } ?? "NULL"
    }

    /// `DATE(timestamp)` as SQL prints it.
    static func day(_ value: Date?) -> String {
        value.map { formatter("yyyy-MM-dd").string(from: $0) } ?? "NULL"
    }

    private static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
    }
}
