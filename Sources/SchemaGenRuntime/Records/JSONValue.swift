import Foundation

/// A free-form JSON value (`json` fields). Codable as plain JSON; stored in compact binary.
public enum JSONValue: Sendable, Hashable, Codable, ColumnValue, BinaryCodable,
    ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A number.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The member `key` of an object, nil otherwise.
    public subscript(key: String) -> JSONValue? {
        get { if case .object(let members) = self { members[key] } else { nil } }
        set {
            var members: [String: JSONValue] = [:]
            if case .object(let existing) = self { members = existing }
            members[key] = newValue
            self = .object(members)
        }
    }

    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// Encodes the value as plain JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Appends a tag and the value; object members in key order, so equal values encode equally.
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .null: writer.writeByte(0)
        case .bool(let value): writer.writeByte(value ? 2 : 1)
        case .number(let value):
            writer.writeByte(3)
            writer.writeDouble(value)
        case .string(let value):
            writer.writeByte(4)
            value.encode(to: &writer)
        case .array(let value):
            writer.writeByte(5)
            value.encode(to: &writer)
        case .object(let value):
            writer.writeByte(6)
            writer.writeUnsigned(UInt64(value.count))
            for key in value.keys.sorted() {
                key.encode(to: &writer)
                value[key]!.encode(to: &writer)
            }
        }
    }

    /// Reads a value.
    public init(from reader: inout BinaryReader) throws {
        switch try reader.readByte() {
        case 0: self = .null
        case 1: self = .bool(false)
        case 2: self = .bool(true)
        case 3: self = .number(try reader.readDouble())
        case 4: self = .string(try String(from: &reader))
        case 5: self = .array(try [JSONValue](from: &reader))
        case 6:
            var members: [String: JSONValue] = [:]
            for _ in 0..<(try reader.readUnsigned()) {
                let key = try String(from: &reader)
                members[key] = try JSONValue(from: &reader)
            }
            self = .object(members)
        case let tag: throw BinaryDecodingError("unknown JSON tag \(tag)")
        }
    }

    /// The value in compact binary.
    public var storeValue: StoreValue { .bytes(BinaryWriter.encode(self)) }

    /// The value from what the store holds.
    public init(storeValue: StoreValue) throws {
        guard case .bytes(let bytes) = storeValue else { throw ColumnDecodingError("encoded JSON", storeValue) }
        self = try BinaryReader.decode(JSONValue.self, from: bytes)
    }
}
