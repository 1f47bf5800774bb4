import Foundation
import SchemaEmitters
import SchemaGenRuntime

/// A stored value as a PostgreSQL literal for `INSERT … VALUES`: every string the server parses
/// goes through ``SQLDialect/string(_:)`` (the SQL emitter's escaper), and a quoted literal is
/// left untyped so the server reads it as the column's own type (`timestamptz`, `date`,
/// `numeric`, `uuid`, `bytea`, `jsonb`, an enum type or `varchar`).
enum PostgresLiteral {
    /// A value PostgreSQL cannot hold (text with NUL, a NaN inside JSON), named by where it is.
    struct Unrepresentable: Error, CustomStringConvertible {
        /// `table.column`, then the path inside a document (`.tags[2]`).
        let place: String
        let reason: String
        var description: String { "\(place): \(reason)" }
    }

    private static let dialect = SQLDialect.postgres

    /// The literal of `value` (`where` names the column in a refusal).
    static func sql(_ value: PortableValue, where place: @autoclosure () -> String) throws -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let v): return String(v)
        case .bool(let v): return dialect.bool(v)
        // Quoted, so `NaN`, `Infinity` and `1e-07` read as float8 text, exactly (shortest round-trip digits).
        case .double(let v): return dialect.string(doubleText(v))
        case .decimal(let text): return dialect.string(text)
        case .string(let text), .enumCase(let text): return dialect.string(try checkedText(text, where: place()))
        case .timestamp(let micros): return dialect.string(CivilTime.timestamp(micros))
        case .date(let micros): return dialect.string(CivilTime.date(micros))
        case .uuid(let v): return dialect.string(v.uuidString.lowercased())
        // bytea's hex input form, `\x…`: the escaper writes it as E'\\x…'.
        case .bytes(let v): return dialect.string("\\x" + hex(v))
        case .objectID(let v): return dialect.string(hex(v))
        case .json, .document, .array: return dialect.string(try json(value, where: place()))
        }
    }

    /// `value` as JSON text for a `jsonb` column: documents as objects keyed by field name (absent
    /// optional fields left out), arrays as arrays, timestamps as ISO 8601 UTC strings, dates as
    /// `YYYY-MM-DD`, decimals as exact numbers, bytes as base64, UUIDs and object ids as strings.
    static func json(_ value: PortableValue, where place: @autoclosure () -> String) throws -> String {
        var out = ""
        try appendJSON(value, to: &out, where: place())
        return out
    }

    private static func appendJSON(_ value: PortableValue, to out: inout String, where place: @autoclosure () -> String) throws {
        switch value {
        case .null: out += "null"
        case .integer(let v): out += String(v)
        case .bool(let v): out += v ? "true" : "false"
        case .double(let v): out += try jsonNumber(v, where: place())
        case .decimal(let text): out += text
        case .string(let text), .enumCase(let text): appendJSONString(try checkedText(text, where: place()), to: &out)
        case .timestamp(let micros): appendJSONString(CivilTime.isoTimestamp(micros), to: &out)
        case .date(let micros): appendJSONString(CivilTime.date(micros), to: &out)
        case .uuid(let v): appendJSONString(v.uuidString.lowercased(), to: &out)
        case .bytes(let v): appendJSONString(Data(v).base64EncodedString(), to: &out)
        case .objectID(let v): appendJSONString(hex(v), to: &out)
        case .json(let v): try appendJSON(v, to: &out, where: place())
        case .document(let fields):
            out += "{"
            for (i, field) in fields.enumerated() {
                if i > 0 { out += "," }
                appendJSONString(field.name, to: &out)
                out += ":"
                try appendJSON(field.value, to: &out, where: place() + "." + field.name)
            }
            out += "}"
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                try appendJSON(element, to: &out, where: place() + "[\(i)]")
            }
            out += "]"
        }
    }

    private static func appendJSON(_ value: JSONValue, to out: inout String, where place: @autoclosure () -> String) throws {
        switch value {
        case .null: out += "null"
        case .bool(let v): out += v ? "true" : "false"
        case .number(let v): out += try jsonNumber(v, where: place())
        case .string(let text): appendJSONString(try checkedText(text, where: place()), to: &out)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                try appendJSON(element, to: &out, where: place() + "[\(i)]")
            }
            out += "]"
        case .object(let members):
            // Sorted, so the script is the same on every run (jsonb keeps its own key order anyway).
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                appendJSONString(try checkedText(key, where: place()), to: &out)
                out += ":"
                try appendJSON(members[key] ?? .null, to: &out, where: place() + "." + key)
            }
            out += "}"
        }
    }

    /// A JSON number: integral values without a fraction, others in their shortest round-trip
    /// digits. JSON has no NaN or infinity.
    private static func jsonNumber(_ v: Double, where place: @autoclosure () -> String) throws -> String {
        guard v.isFinite else { throw Unrepresentable(place: place(), reason: "\(v) has no JSON form (jsonb holds finite numbers only)") }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// The text of a double PostgreSQL's float8 input reads back as the same double.
    static func doubleText(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Infinity" : "Infinity" }
        return "\(v)"
    }

    /// `text`, refused when it holds NUL: PostgreSQL's text and jsonb cannot store it.
    private static func checkedText(_ text: String, where place: @autoclosure () -> String) throws -> String {
        guard !text.unicodeScalars.contains("\0") else {
            throw Unrepresentable(place: place(), reason: "the text holds a NUL character, which PostgreSQL text and jsonb cannot store")
        }
        return text
    }

    /// A JSON string inside a jsonb literal: the emitters' one JSON escaper.
    private static func appendJSONString(_ text: String, to out: inout String) {
        out += JSONStringLiteral.quoted(text)
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".unicodeScalars)
        var text = String.UnicodeScalarView()
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(text)
    }
}
