import Foundation

/// One row as one line of JSON: an object of column name → value, in column order.
///
/// Values by column type: `int` and `timestamp` (microseconds since 1970) are JSON integers,
/// `double` a JSON number (or the string `"NaN"`, `"Infinity"`, `"-Infinity"`), `string` a JSON
/// string, `bool` `true`/`false`, `uuid` its canonical string, `bytes` base64; null is `null`.
/// Integers are written and read as exact 64-bit values.
enum JSONLinesCodec {
    static func line(_ row: Row, columns: [ColumnDefinition]) -> String {
        var out = "{"
        for (i, column) in columns.enumerated() {
            if i > 0 { out += "," }
            appendString(column.name, to: &out)
            out += ":"
            switch row[i] {
            case .null: out += "null"
            case .int(let v), .timestamp(let v): out += String(v)
            case .double(let v):
                if v.isNaN { out += "\"NaN\"" } else if v.isInfinite { out += v < 0 ? "\"-Infinity\"" : "\"Infinity\"" } else { out += "\(v)" }
            case .string(let s): appendString(s, to: &out)
            case .bool(let b): out += b ? "true" : "false"
            case .uuid(let u): appendString(u.uuidString, to: &out)
            case .bytes(let b): appendString(Data(b).base64EncodedString(), to: &out)
            }
        }
        return out + "}"
    }

    /// JSON string escaping: quotes, backslashes and every control character; U+2028 and U+2029
    /// too, so a line is safe to paste into JavaScript. Everything else stays UTF-8.
    static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// A JSON scalar as `JSONDecoder` reads it; integers stay exact.
    private enum Scalar: Decodable {
        case null, bool(Bool), int(Int64), double(Double), string(String)

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let i = try? c.decode(Int64.self) { self = .int(i) } else if let d = try? c.decode(Double.self) { self = .double(d) }
            else { self = .string(try c.decode(String.self)) }
        }
    }

    struct LineError: Error { let reason: String }

    /// The row a line describes. Unknown columns, values of the wrong type and lines that are not
    /// one JSON object are refused; a column left out is null (so an auto-increment key may be).
    static func row(_ line: Substring, columns: [ColumnDefinition]) throws -> Row {
        let object: [String: Scalar]
        do {
            object = try JSONDecoder().decode([String: Scalar].self, from: Data(line.utf8))
        } catch {
            throw LineError(reason: "not a JSON object of scalar values")
        }
        let names = Set(columns.map(\.name))
        if let unknown = object.keys.sorted().first(where: { !names.contains($0) }) {
            throw LineError(reason: "unknown column '\(unknown)'")
        }
        return try columns.map { column in
            guard let scalar = object[column.name] else { return .null }
            func wrong() -> LineError { LineError(reason: "column '\(column.name)' needs a \(column.type.rawValue) value") }
            switch (column.type, scalar) {
            case (_, .null): return .null
            case (.int, .int(let v)): return .int(v)
            case (.timestamp, .int(let v)): return .timestamp(v)
            case (.double, .int(let v)): return .double(Double(v))
            case (.double, .double(let v)): return .double(v)
            case (.double, .string("NaN")): return .double(.nan)
            case (.double, .string("Infinity")): return .double(.infinity)
            case (.double, .string("-Infinity")): return .double(-.infinity)
            case (.string, .string(let s)): return .string(s)
            case (.bool, .bool(let b)): return .bool(b)
            case (.uuid, .string(let s)):
                guard let u = UUID(uuidString: s) else { throw wrong() }
                return .uuid(u)
            case (.bytes, .string(let s)):
                guard let d = Data(base64Encoded: s) else { throw wrong() }
                return .bytes(Array(d))
            default: throw wrong()
            }
        }
    }
}
