import Foundation
import Testing
@testable import SchemaGenRuntime

/// `exportJSONLines` / `importJSONLines`.
@Suite struct JSONLinesTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("things",
                        columns: [.init("id", .int), .init("name", .string), .init("score", .double, nullable: true),
                                  .init("flag", .bool), .init("at", .timestamp), .init("uid", .uuid, nullable: true),
                                  .init("blob", .bytes, nullable: true)],
                        primaryKey: ["id"], autoIncrement: true,
                        indexes: [IndexDefinition("byName", on: ["name"], unique: true)]),
    ])

    static let hostile = [
        "", "plain", "quote \" backslash \\ slash /", "newline\nreturn\r tab\t", "nul \u{0} bell \u{7} esc \u{1B} del \u{7F}",
        "line sep \u{2028} para sep \u{2029}", "emoji 👩‍👩‍👧‍👦 🇺🇦", "rtl \u{202E}gnirts\u{202C} zwj \u{200D}",
        "combining e\u{301} vs é", "bom \u{FEFF} nonchar \u{FFFF}", "astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "{\"id\":1}", "\\u0000 literally",
    ]

    static func rows() -> [Row] {
        hostile.enumerated().map { i, name in
            let doubles: [StoreValue] = [.double(.nan), .double(.infinity), .double(-.infinity), .double(0.1), .double(-1e300),
                                         .double(.leastNonzeroMagnitude), .null]
            return [.int(Int64(i) * 1_000_000_000_000_000 + (i == 9 ? Int64.max - 9_000_000_000_000_000_000 : 0)),
                    .string(name), doubles[i % doubles.count], .bool(i % 2 == 0),
                    .timestamp(i == 3 ? Int64.min : 1_700_000_000_000_000 + Int64(i)),
                    i % 3 == 0 ? .null : .uuid(UUID()), i % 4 == 0 ? .null : .bytes((0..<i * 7).map { UInt8(truncatingIfNeeded: $0 * 37) })]
        }
    }

    @Test func roundTripKeepsEveryValueExactly() throws {
        let dir = TemporaryDirectory()
        let source = try Store.open(at: dir.store("a"), schema: Self.schema, options: fastOptions)
        defer { source.close() }
        let rows = Self.rows()
        try source.write { tx in for row in rows { try tx.insert(row, into: "things") } }
        let file = dir.path + "/things.jsonl"
        #expect(try source.exportJSONLines(table: "things", to: file) == rows.count)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == rows.count + 1, "one line per row")
        #expect(!text.contains("\u{2028}") && !text.contains("\u{0}") && text.contains("👩‍👩‍👧‍👦"))
        // Every line is JSON any parser reads.
        for line in text.split(separator: "\n") {
            #expect(try JSONSerialization.jsonObject(with: Data(line.utf8)) is [String: Any])
        }

        let target = try Store.open(at: dir.store("b"), schema: Self.schema, options: fastOptions)
        defer { target.close() }
        #expect(try target.importJSONLines(table: "things", from: file) == rows.count)
        let a = try source.snapshot.scan("things"), b = try target.snapshot.scan("things")
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            // NaN is not equal to itself; compare the bits of doubles.
            #expect(x.count == y.count)
            for (u, v) in zip(x, y) {
                if case .double(let p) = u, case .double(let q) = v { #expect(p.bitPattern == q.bitPattern || (p.isNaN && q.isNaN)) } else { #expect(u == v) }
            }
        }
        var again: [String] = []
        try target.exportJSONLines(table: "things") { again.append($0) }
        #expect(again.joined(separator: "\n") + "\n" == text)
    }

    @Test func leftOutColumnsAreNullAndAutoIncrementFills() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
        defer { store.close() }
        let text = "{\"name\":\"a\",\"flag\":true,\"at\":5}\r\n\n  \n{\"name\":\"b\",\"flag\":false,\"at\":6,\"score\":2}\n"
        #expect(try store.importJSONLines(table: "things", text: Array(text.utf8)) == 2)
        #expect(try store.snapshot.scan("things") == [
            [.int(1), .string("a"), .null, .bool(true), .timestamp(5), .null, .null],
            [.int(2), .string("b"), .double(2), .bool(false), .timestamp(6), .null, .null],
        ])
    }

    @Test func aBadLineImportsNothing() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
        defer { store.close() }
        try store.write { tx in _ = try tx.insert([.int(100), .string("taken"), .null, .bool(true), .timestamp(0), .null, .null], into: "things") }
        let before = try store.snapshot.scan("things")
        let good = "{\"id\":1,\"name\":\"x\",\"flag\":true,\"at\":1}\n{\"id\":2,\"name\":\"y\",\"flag\":true,\"at\":1}\n"
        let cases: [(String, StoreOperationError)] = [
            ("{\"id\":3,\"name\":\"z\",\"flag\":1,\"at\":1}", .importRejected(line: 3, reason: "column 'flag' needs a bool value")),
            ("{\"id\":3,\"name\":\"z\",\"flag\":true,\"at\":1,\"extra\":1}", .importRejected(line: 3, reason: "unknown column 'extra'")),
            ("{\"id\":9223372036854775808,\"name\":\"z\",\"flag\":true,\"at\":1}", .importRejected(line: 3, reason: "column 'id' needs a int value")),
            ("{\"id\":3,\"name\":\"z\",\"flag\":true,\"at\":1.5}", .importRejected(line: 3, reason: "column 'at' needs a timestamp value")),
            ("{\"id\":3,\"name\":\"z\",\"flag\":true,\"at\":1,\"uid\":\"nope\"}", .importRejected(line: 3, reason: "column 'uid' needs a uuid value")),
            ("[1,2]", .importRejected(line: 3, reason: "not a JSON object of scalar values")),
            ("{\"id\":3,\"name\":\"z\",\"flag\":true,\"at\":1", .importRejected(line: 3, reason: "not a JSON object of scalar values")),
            ("{\"id\":3,\"name\":{\"a\":1},\"flag\":true,\"at\":1}", .importRejected(line: 3, reason: "not a JSON object of scalar values")),
            ("{\"id\":3,\"flag\":true,\"at\":1}", .importRejected(line: 3, reason: StoreError.invalidRow(table: "things", reason: "column 'name' is not nullable").description)),
            ("{\"id\":3,\"name\":\"taken\",\"flag\":true,\"at\":1}",
             .importRejected(line: 3, reason: StoreError.uniqueViolation(table: "things", index: "byName", key: [.string("taken")]).description)),
            ("{\"id\":1,\"name\":\"again\",\"flag\":true,\"at\":1}",
             .importRejected(line: 3, reason: StoreError.duplicatePrimaryKey(table: "things", key: [.int(1)]).description)),
        ]
        for (bad, expected) in cases {
            #expect(operationError { try store.importJSONLines(table: "things", text: Array((good + bad + "\n").utf8)) } == expected, "\(bad)")
            #expect(try store.snapshot.scan("things") == before)
        }
        var invalid = Array(good.utf8)
        invalid += [0x7B, 0xC3, 0x28, 0x7D, 0x0A]
        #expect(operationError { try store.importJSONLines(table: "things", text: invalid) } == .importRejected(line: 3, reason: "not valid UTF-8"))
        #expect(try store.snapshot.scan("things") == before)
    }
}
