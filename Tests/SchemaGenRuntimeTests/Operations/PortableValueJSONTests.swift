import Foundation
@testable import SchemaGenRuntime
import Testing

/// The JSON form of documents, arrays and JSON values (what PostgreSQL `jsonb` columns hold):
/// written and read back through a shape, exactly, and text that is not of the shape refused
/// naming where.
@Suite struct PortableValueJSONTests {
    static let place = ValueShape.document("place", fields: [
        DocumentField("day", .date),
        DocumentField("at", .timestamp, optional: true),
        DocumentField("amount", .decimal(precision: 30, scale: 4)),
        DocumentField("count", .integer(bits: 32), optional: true),
        DocumentField("mode", .enumeration("mode", cases: ["on", "off"]), optional: true),
        DocumentField("extra", .json, optional: true),
    ])

    @Test func writesTheExportsFormAndReadsItBack() throws {
        let value = PortableValue.document([
            PortableField("day", .date(-62_135_683_200_000_000)),  // 0000-12-31: 1 BC
            PortableField("at", .timestamp(-1)),
            PortableField("amount", .decimal("-12345678901234567890.0001")),
            PortableField("extra", .json(.null)),
        ])
        let text = try value.jsonText()
        #expect(text == #"{"day":"0001-12-31 BC","at":"1969-12-31T23:59:59.999999Z","amount":-12345678901234567890.0001,"extra":null}"#)
        #expect(try PortableValue(jsonText: text, shape: Self.place) == value)
        // As jsonb gives it back: keys reordered, spaces, ISO years with a sign, `+00:00`.
        let normalized = #"{"at": "1969-12-31T23:59:59.999999+00:00", "day": "-0000-12-31", "extra": null, "amount": -12345678901234567890.0001}"#
        #expect(try PortableValue(jsonText: normalized, shape: Self.place) == value)
    }

    @Test(arguments: [
        (#"{"day":"2024-02-30","amount":1}"#, ".day: '2024-02-30' is not a YYYY-MM-DD date"),
        (#"{"day":"2024-02-29"}"#, ".amount: required field is absent"),
        (#"{"day":"2024-02-29","amount":1,"colour":"red"}"#, "document place has no field 'colour'"),
        (#"{"day":"2024-02-29","amount":1,"count":2147483648}"#, ".count: the number 2147483648 is not a int32"),
        (#"{"day":"2024-02-29","amount":1.5e3}"#, ".amount: the number 1.5e3 is not a decimal(30, 4)"),
        (#"{"day":"2024-02-29","amount":1,"mode":"dim"}"#, ".mode: 'dim' is not a case of enum mode"),
        (#"{"day":"2024-02-29","amount":1,"at":"2024-02-29T00:00:00"}"#, ".at: '2024-02-29T00:00:00' is not an ISO 8601 UTC timestamp"),
        (#"{"day":"2024-02-29","amount":1,}"#, "not JSON at byte 31: expected a member name"),
        (#"[1]"#, "an array is not a document place"),
        (#"{"day":"2024-02-29","amount":01}"#, "not JSON at byte 29: a number has a leading zero"),
    ])
    func refusesTextNotOfTheShape(_ text: String, _ message: String) {
        let error = #expect(throws: PortableJSONError.self) { try PortableValue(jsonText: text, shape: Self.place) }
        #expect(error?.description == message)
    }

    @Test func refusesWhatJSONCannotHold() {
        #expect(throws: PortableJSONError(path: "[1].x", reason: "inf has no JSON form (jsonb holds finite numbers only)")) {
            try PortableValue.array([.json(.null), .json(["x": .number(.infinity)])]).jsonText()
        }
        #expect(throws: PortableJSONError(path: ".name", reason: "the text holds a NUL character, which PostgreSQL text and jsonb cannot store")) {
            try PortableValue.document([PortableField("name", .string("a\u{0}"))]).jsonText()
        }
    }

    @Test func columnValuesCrossBothWays() throws {
        let column = ColumnDefinition("place", .bytes, shape: Self.place)
        let stored = try column.storeValue(.document([PortableField("day", .date(0)), PortableField("amount", .integer(7))]))
        #expect(try column.portableValue(stored) == .document([PortableField("day", .date(0)), PortableField("amount", .decimal("7"))]))
        let decimal = ColumnDefinition("amount", .int, shape: .decimal(precision: 12, scale: 3))
        #expect(try decimal.storeValue(.decimal("-1.5")) == .int(-1_500))
        #expect(throws: PortableValueError(column: "amount", path: "", reason: "-1.5000001 does not fit a decimal with 3 fraction digits")) {
            try decimal.storeValue(.decimal("-1.5000001"))
        }
        #expect(throws: PortableValueError(column: "amount", path: "", reason: "'1e3' is not a decimal")) {
            try decimal.storeValue(.decimal("1e3"))
        }
    }
}
