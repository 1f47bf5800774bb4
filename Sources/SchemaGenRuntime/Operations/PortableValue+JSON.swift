import Foundation

/// A value that has no JSON form (NaN, text holding NUL where the engine refuses it), or JSON
/// text that is not a value of the shape it is read as.
public struct PortableJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where inside the value (`.quiet_hours.start`, `[3]`); empty for the value itself.
    public var path: String
    /// What is wrong.
    public var reason: String

    /// An error at `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}

/// The JSON form of documents, arrays and JSON values in engines that hold them as JSON
/// (PostgreSQL `jsonb`): a nested document is an object keyed by field name (an absent optional
/// field left out), an array an array, a JSON value itself; inside them integers and decimals are
/// exact JSON numbers, doubles their shortest round-trip digits, timestamps ISO 8601 UTC strings
/// to the microsecond (`2024-05-01T12:00:00.000000Z`), dates `YYYY-MM-DD`, bytes base64, UUIDs
/// lowercase, object ids hex, enums their raw value. `schemagen store export` writes the same form.
extension PortableValue {
    /// This value as JSON text. NaN and infinities have no JSON form; text holding NUL is refused
    /// too, because `jsonb` cannot hold `\u0000`.
    /// - Throws: ``PortableJSONError`` naming where.
    public func jsonText() throws -> String {
        var out = ""
        try PortableJSONWriter.append(self, to: &out, path: "")
        return out
    }

    /// The value of `shape` that the JSON `text` spells (as ``jsonText()`` writes it). Decimals
    /// and integers are read from their digits, never through a double.
    /// - Throws: ``PortableJSONError`` when the text is not JSON or not a value of `shape`.
    public init(jsonText text: String, shape: ValueShape) throws {
        var parser = PortableJSONParser(Array(text.utf8))
        let node = try parser.document()
        self = try PortableJSONReader.value(node, shape: shape, path: "")
    }
}

extension ColumnDefinition {
    /// `text`, the JSON form of a value of this column (a `json`, nested or array column), as
    /// the value; see ``PortableValue/init(jsonText:shape:)``.
    public func portableValue(jsonText text: String) throws -> PortableValue {
        try PortableValue(jsonText: text, shape: effectiveShape)
    }
}

// MARK: Writing

private enum PortableJSONWriter {
    static func append(_ value: PortableValue, to out: inout String, path: String) throws {
        switch value {
        case .null: out += "null"
        case .integer(let v): out += String(v)
        case .bool(let v): out += v ? "true" : "false"
        case .double(let v): out += try number(v, path: path)
        case .decimal(let text): out += text
        case .string(let text), .enumCase(let text): try string(text, to: &out, path: path)
        case .timestamp(let micros): try string(CivilInstant.isoTimestamp(micros), to: &out, path: path)
        case .date(let micros): try string(CivilInstant.date(micros), to: &out, path: path)
        case .uuid(let v): try string(v.uuidString.lowercased(), to: &out, path: path)
        case .bytes(let v): try string(Data(v).base64EncodedString(), to: &out, path: path)
        case .objectID(let v): try string(ObjectIDHex.text(v), to: &out, path: path)
        case .json(let v): try append(v, to: &out, path: path)
        case .document(let fields):
            out += "{"
            for (i, field) in fields.enumerated() {
                if i > 0 { out += "," }
                try string(field.name, to: &out, path: path)
                out += ":"
                try append(field.value, to: &out, path: path + "." + field.name)
            }
            out += "}"
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                try append(element, to: &out, path: path + "[\(i)]")
            }
            out += "]"
        }
    }

    static func append(_ value: JSONValue, to out: inout String, path: String) throws {
        switch value {
        case .null: out += "null"
        case .bool(let v): out += v ? "true" : "false"
        case .number(let v): out += try number(v, path: path)
        case .string(let text): try string(text, to: &out, path: path)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                try append(element, to: &out, path: path + "[\(i)]")
            }
            out += "]"
        case .object(let members):
            // Sorted, so equal values give equal text.
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                try string(key, to: &out, path: path)
                out += ":"
                try append(members[key] ?? .null, to: &out, path: path + "." + key)
            }
            out += "}"
        }
    }

    /// Integral values without a fraction, others in their shortest round-trip digits.
    private static func number(_ v: Double, path: String) throws -> String {
        guard v.isFinite else { throw PortableJSONError(path: path, reason: "\(v) has no JSON form (jsonb holds finite numbers only)") }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// A JSON string through the runtime's JSON escaper; NUL refused (`jsonb` cannot hold it).
    private static func string(_ text: String, to out: inout String, path: String) throws {
        guard !text.unicodeScalars.contains("\0") else {
            throw PortableJSONError(path: path, reason: "the text holds a NUL character, which PostgreSQL text and jsonb cannot store")
        }
        JSONLinesCodec.appendString(text, to: &out)
    }
}

// MARK: Reading

/// A parsed JSON value whose numbers keep their digits.
private indirect enum JSONNode {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([(String, JSONNode)])

    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number(let digits): "the number \(digits)"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A strict JSON parser (RFC 8259) over UTF-8 bytes.
private struct PortableJSONParser {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() throws -> JSONNode {
        let node = try value(depth: 0)
        skipSpace()
        guard position == bytes.count else { throw failure("text follows the JSON value") }
        return node
    }

    private func failure(_ reason: String) -> PortableJSONError {
        PortableJSONError(path: "", reason: "not JSON at byte \(position): \(reason)")
    }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func value(depth: Int) throws -> JSONNode {
        guard depth < 512 else { throw failure("nested too deeply") }
        skipSpace()
        guard position < bytes.count else { throw failure("the text ends early") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var members: [(String, JSONNode)] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
                let key = try string()
                skipSpace()
                try expect(":")
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                if try separator(closing: "}") { return .object(members) }
            }
        case UInt8(ascii: "["):
            position += 1
            var elements: [JSONNode] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            while true {
                elements.append(try value(depth: depth + 1))
                skipSpace()
                if try separator(closing: "]") { return .array(elements) }
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    /// After a member or element: `,` (false) or the closing bracket (true).
    private mutating func separator(closing: Character) throws -> Bool {
        guard position < bytes.count else { throw failure("the text ends early") }
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: ",") { return false }
        if byte == closing.asciiValue { return true }
        throw failure("expected ',' or '\(closing)'")
    }

    private mutating func expect(_ character: Character) throws {
        guard position < bytes.count, bytes[position] == character.asciiValue else { throw failure("expected '\(character)'") }
        position += 1
    }

    private mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else {
            throw failure("unexpected character")
        }
        position += expected.count
    }

    private mutating func number() throws -> String {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, (0x30...0x39).contains(bytes[position]) { position += 1 }
            return position - from
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else { throw failure("unexpected character") }
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else {
            position = integerStart
            throw failure("a number has a leading zero")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw failure("a fraction needs digits") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw failure("an exponent needs digits") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func string() throws -> String {
        position += 1  // the opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flush() { scalars.append(contentsOf: String(decoding: bytes[runStart..<position], as: UTF8.self).unicodeScalars) }
        while true {
            guard position < bytes.count else { throw failure("a string is not closed") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                flush()
                position += 1
                return String(scalars)
            }
            guard byte >= 0x20 else { throw failure("a control character inside a string") }
            guard byte == UInt8(ascii: "\\") else { position += 1; continue }
            flush()
            position += 1
            guard position < bytes.count else { throw failure("a string is not closed") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                let unit = try hexUnit()
                if (0xD800...0xDBFF).contains(unit) {
                    // A high surrogate must be followed by an escaped low one.
                    guard bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                        throw failure("a lone surrogate")
                    }
                    position += 2
                    let low = try hexUnit()
                    guard (0xDC00...0xDFFF).contains(low) else { throw failure("a lone surrogate") }
                    scalars.append(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!)
                } else {
                    guard let scalar = Unicode.Scalar(unit) else { throw failure("a lone surrogate") }
                    scalars.append(scalar)
                }
            default: throw failure("an unknown escape")
            }
            runStart = position
        }
    }

    private mutating func hexUnit() throws -> UInt32 {
        guard bytes.count - position >= 4,
              let unit = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
            throw failure("\\u needs four hex digits")
        }
        position += 4
        return unit
    }
}

private enum PortableJSONReader {
    static func value(_ node: JSONNode, shape: ValueShape, path: String) throws -> PortableValue {
        func wrong() -> PortableJSONError { PortableJSONError(path: path, reason: "\(node.kind) is not a \(shape.label)") }
        // JSON's own null is a JSON value; elsewhere null is no value.
        if case .json = shape { return .json(try json(node, path: path)) }
        if case .null = node { return .null }
        switch (shape, node) {
        case (.integer(let bits), .number(let digits)):
            guard let v = Int64(digits), bits >= 64 || Int32(exactly: v) != nil else { throw wrong() }
            return .integer(v)
        case (.double, .number(let digits)):
            guard let v = Double(digits) else { throw wrong() }
            return .double(v)
        case (.decimal, .number(let digits)):
            guard !digits.contains(where: { $0 == "e" || $0 == "E" }) else { throw wrong() }
            return .decimal(digits)
        case (.bool, .bool(let v)): return .bool(v)
        case (.string, .string(let v)): return .string(v)
        case (.enumeration(_, let cases), .string(let v)):
            guard cases.contains(v) else { throw PortableJSONError(path: path, reason: "'\(v)' is not a case of \(shape.label)") }
            return .enumCase(v)
        case (.timestamp, .string(let text)):
            guard let micros = CivilInstant.micros(isoTimestamp: text) else { throw PortableJSONError(path: path, reason: "'\(text)' is not an ISO 8601 UTC timestamp") }
            return .timestamp(micros)
        case (.date, .string(let text)):
            guard let micros = CivilInstant.micros(date: text) else { throw PortableJSONError(path: path, reason: "'\(text)' is not a YYYY-MM-DD date") }
            return .date(micros)
        case (.uuid, .string(let text)):
            guard let v = UUID(uuidString: text) else { throw wrong() }
            return .uuid(v)
        case (.bytes, .string(let text)):
            guard let data = Data(base64Encoded: text) else { throw PortableJSONError(path: path, reason: "'\(text)' is not base64") }
            return .bytes([UInt8](data))
        case (.objectID, .string(let text)):
            guard let bytes = ObjectIDHex.bytes(text) else { throw wrong() }
            return .objectID(bytes)
        case (.document(_, let fields), .object(let members)):
            var present: [String: JSONNode] = [:]
            for (key, member) in members {
                guard fields.contains(where: { $0.name == key }) else {
                    throw PortableJSONError(path: path, reason: "\(shape.label) has no field '\(key)'")
                }
                present[key] = member
            }
            var values: [PortableField] = []
            for field in fields {
                let fieldPath = path + "." + field.name
                // An absent optional field is left out (null is JSON's own null in a `json` field).
                guard let member = present[field.name], field.shape == .json || !member.isNull else {
                    if field.isOptional { continue }
                    throw PortableJSONError(path: fieldPath, reason: "required field is absent")
                }
                values.append(PortableField(field.name, try value(member, shape: field.shape, path: fieldPath)))
            }
            return .document(values)
        case (.array(let element, _), .array(let elements)):
            return .array(try elements.enumerated().map { i, e in try value(e, shape: element, path: path + "[\(i)]") })
        default: throw wrong()
        }
    }

    static func json(_ node: JSONNode, path: String) throws -> JSONValue {
        switch node {
        case .null: return .null
        case .bool(let v): return .bool(v)
        case .number(let digits):
            guard let v = Double(digits), v.isFinite else { throw PortableJSONError(path: path, reason: "\(digits) is out of a double's range") }
            return .number(v)
        case .string(let v): return .string(v)
        case .array(let elements): return .array(try elements.enumerated().map { i, e in try json(e, path: path + "[\(i)]") })
        case .object(let members):
            var object: [String: JSONValue] = [:]
            for (key, member) in members { object[key] = try json(member, path: path + "." + key) }
            return .object(object)
        }
    }
}

private extension JSONNode {
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// Object ids as 24 lowercase hex digits.
enum ObjectIDHex {
    static func text(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".unicodeScalars)
        var text = String.UnicodeScalarView()
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(text)
    }

    static func bytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 24 else { return nil }
        var bytes: [UInt8] = []
        for i in stride(from: 0, to: 24, by: 2) {
            guard let byte = UInt8(String(decoding: utf8[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
