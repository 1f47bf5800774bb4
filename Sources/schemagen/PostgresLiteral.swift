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
        case .timestamp(let micros): return dialect.string(CivilInstant.postgresTimestamp(micros))
        case .date(let micros): return dialect.string(CivilInstant.date(micros))
        case .uuid(let v): return dialect.string(v.uuidString.lowercased())
        // bytea's hex input form, `\x…`: the escaper writes it as E'\\x…'.
        case .bytes(let v): return dialect.string("\\x" + hex(v))
        case .objectID(let v): return dialect.string(hex(v))
        case .json, .document, .array: return dialect.string(try json(value, where: place()))
        }
    }

    /// `value` as JSON text for a `jsonb` column: the runtime's one JSON form of documents, arrays
    /// and JSON values (``PortableValue/jsonText()``), which the PostgreSQL facade reads back.
    static func json(_ value: PortableValue, where place: @autoclosure () -> String) throws -> String {
        do {
            return try value.jsonText()
        } catch let error as PortableJSONError {
            throw Unrepresentable(place: place() + error.path, reason: error.reason)
        }
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
