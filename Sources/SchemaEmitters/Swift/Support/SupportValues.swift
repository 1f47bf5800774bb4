extension SupportFiles {
    /// `Support/JSONValue.swift`: free-form `json` fields.
    static let jsonValue = #"""
    import Foundation
    import SchemaGenRuntime

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
    """#

    /// `Support/ObjectID.swift`: MongoDB-style object ids.
    static let objectID = #"""
    import Foundation
    import SchemaGenRuntime

    /// A 12-byte MongoDB-style object id: 4 bytes of seconds since 1970, 5 random bytes fixed per
    /// process, a 3-byte counter. New ids sort by creation time. Codable as 24 hex digits.
    public struct ObjectID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, LosslessStringConvertible,
        ColumnValue, BinaryCodable {
        /// The 12 bytes.
        public let bytes: [UInt8]

        /// A new id for the current time.
        public init() { self = ObjectIDGenerator.shared.next(date: Date()) }

        /// The id with these 12 bytes, or nil for another count.
        public init?(bytes: [UInt8]) {
            guard bytes.count == 12 else { return nil }
            self.bytes = bytes
        }

        /// The id written as 24 hex digits, or nil when `description` is not one.
        public init?(_ description: String) {
            let digits = Array(description.utf8)
            guard digits.count == 24 else { return nil }
            var bytes: [UInt8] = []
            for i in stride(from: 0, to: 24, by: 2) {
                guard let high = Self.hexValue(digits[i]), let low = Self.hexValue(digits[i + 1]) else { return nil }
                bytes.append(high << 4 | low)
            }
            self.bytes = bytes
        }

        private static func hexValue(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }

        /// The 24 lower-case hex digits.
        public var description: String {
            let digits = Array("0123456789abcdef".utf8)
            var out: [UInt8] = []
            for byte in bytes {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// When the id was generated (whole seconds).
        public var date: Date {
            Date(timeIntervalSince1970: Double(UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])))
        }

        /// Orders by bytes, i.e. by creation time first.
        public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

        /// Decodes 24 hex digits.
        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let id = ObjectID(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an object id"))
            }
            self = id
        }

        /// Encodes 24 hex digits.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }

        /// The 12 bytes.
        public var storeValue: StoreValue { .bytes(bytes) }

        /// The id from what the store holds.
        public init(storeValue: StoreValue) throws {
            guard case .bytes(let bytes) = storeValue, bytes.count == 12 else { throw ColumnDecodingError("an object id", storeValue) }
            self.bytes = bytes
        }

        /// Appends the 12 bytes.
        public func encode(to writer: inout BinaryWriter) { writer.writeBytes(bytes) }

        /// Reads an id.
        public init(from reader: inout BinaryReader) throws {
            let bytes = try reader.readBytes()
            guard bytes.count == 12 else { throw BinaryDecodingError("an object id has 12 bytes, not \(bytes.count)") }
            self.bytes = bytes
        }
    }

    /// Hands out object ids: the process's random bytes and a counter, behind a lock.
    final class ObjectIDGenerator: @unchecked Sendable {
        static let shared = ObjectIDGenerator()
        private let lock = NSLock()
        private let random: [UInt8] = (0..<5).map { _ in UInt8.random(in: 0...255) }
        private var counter = UInt32.random(in: 0..<0x00FF_FFFF)

        func next(date: Date) -> ObjectID {
            let seconds = UInt32(truncatingIfNeeded: Int64(date.timeIntervalSince1970))
            let count = lock.withLock { () -> UInt32 in
                counter = (counter + 1) & 0x00FF_FFFF
                return counter
            }
            var bytes: [UInt8] = [UInt8(seconds >> 24), UInt8(seconds >> 16 & 0xFF), UInt8(seconds >> 8 & 0xFF), UInt8(seconds & 0xFF)]
            bytes += random
            bytes += [UInt8(count >> 16), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            return ObjectID(bytes: bytes)!
        }
    }
    """#
}
