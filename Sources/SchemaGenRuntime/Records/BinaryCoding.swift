import Foundation

/// Writes the compact binary encoding used for nested types, arrays and JSON inside one column:
/// integers as zig-zag LEB128 varints, doubles as 8 little-endian bytes, strings and bytes as a
/// varint length and the bytes, optionals as a presence byte, arrays as a varint count and the
/// elements, structs as their fields in declaration order.
public struct BinaryWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer.
    public init() {}

    /// The encoding of `value`.
    public static func encode<T: BinaryCodable>(_ value: T) -> [UInt8] {
        var writer = BinaryWriter()
        value.encode(to: &writer)
        return writer.bytes
    }

    /// Appends an unsigned varint.
    public mutating func writeUnsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Appends a signed integer (zig-zag varint).
    public mutating func writeSigned(_ value: Int64) {
        writeUnsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Appends a double's bits.
    public mutating func writeDouble(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Appends a length-prefixed byte string.
    public mutating func writeBytes<C: Collection>(_ value: C) where C.Element == UInt8 {
        writeUnsigned(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Appends one raw byte.
    public mutating func writeByte(_ value: UInt8) { bytes.append(value) }
}

/// Reads what ``BinaryWriter`` wrote.
public struct BinaryReader: Sendable {
    private let bytes: [UInt8]
    private var offset = 0

    /// A reader of `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Decodes a whole value from `bytes`.
    public static func decode<T: BinaryCodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        var reader = BinaryReader(bytes)
        let value = try T(from: &reader)
        guard reader.offset == bytes.count else { throw BinaryDecodingError("\(bytes.count - reader.offset) trailing bytes") }
        return value
    }

    /// Reads one raw byte.
    public mutating func readByte() throws -> UInt8 {
        guard offset < bytes.count else { throw BinaryDecodingError("unexpected end of data") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads an unsigned varint.
    public mutating func readUnsigned() throws -> UInt64 {
        guard let value = ByteReader.varint(bytes, at: &offset, end: bytes.count) else {
            throw BinaryDecodingError(offset < bytes.count ? "varint too long" : "unexpected end of data")
        }
        return value
    }

    /// Reads a zig-zag varint.
    public mutating func readSigned() throws -> Int64 {
        let raw = try readUnsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Reads a double.
    public mutating func readDouble() throws -> Double {
        guard offset + 8 <= bytes.count else { throw BinaryDecodingError("unexpected end of data") }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return Double(bitPattern: bits)
    }

    /// Reads a length-prefixed byte string.
    public mutating func readBytes() throws -> [UInt8] {
        let count = Int(try readUnsigned())
        guard count <= bytes.count - offset else { throw BinaryDecodingError("length \(count) exceeds the data") }
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }
}

/// Binary data that does not decode.
public struct BinaryDecodingError: Error, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A value with a compact binary encoding (see ``BinaryWriter``).
public protocol BinaryCodable {
    /// Appends the value's encoding.
    func encode(to writer: inout BinaryWriter)
    /// Reads a value written by ``encode(to:)``.
    init(from reader: inout BinaryReader) throws
}

extension Int32: BinaryCodable {
    /// Appends the value.
    public func encode(to writer: inout BinaryWriter) { writer.writeSigned(Int64(self)) }
    /// Reads a value.
    public init(from reader: inout BinaryReader) throws {
        guard let value = Int32(exactly: try reader.readSigned()) else { throw BinaryDecodingError("int32 out of range") }
        self = value
    }
}

extension Int64: BinaryCodable {
    /// Appends the value.
    public func encode(to writer: inout BinaryWriter) { writer.writeSigned(self) }
    /// Reads a value.
    public init(from reader: inout BinaryReader) throws { self = try reader.readSigned() }
}

extension Double: BinaryCodable {
    /// Appends the value.
    public func encode(to writer: inout BinaryWriter) { writer.writeDouble(self) }
    /// Reads a value.
    public init(from reader: inout BinaryReader) throws { self = try reader.readDouble() }
}

extension Bool: BinaryCodable {
    /// Appends the value.
    public func encode(to writer: inout BinaryWriter) { writer.writeByte(self ? 1 : 0) }
    /// Reads a value.
    public init(from reader: inout BinaryReader) throws { self = try reader.readByte() != 0 }
}

extension String: BinaryCodable {
    /// Appends the value.
    public func encode(to writer: inout BinaryWriter) { writer.writeBytes(Array(utf8)) }
    /// Reads a value.
    public init(from reader: inout BinaryReader) throws {
        let bytes = try reader.readBytes()
        self = String(decoding: bytes, as: UTF8.self)
    }
}

extension Date: BinaryCodable {
    /// Appends the value as microseconds since 1970.
    public func encode(to writer: inout BinaryWriter) { writer.writeSigned(StoreTime.microseconds(self)) }
    /// Reads a value.
    public init(from reader: inout BinaryReader) throws { self = StoreTime.date(try reader.readSigned()) }
}

extension UUID: BinaryCodable {
    /// Appends the 16 bytes.
    public func encode(to writer: inout BinaryWriter) {
        withUnsafeBytes(of: uuid) { writer.writeBytes(Array($0)) }
    }
    /// Reads a value.
    public init(from reader: inout BinaryReader) throws {
        let bytes = try reader.readBytes()
        guard bytes.count == 16 else { throw BinaryDecodingError("a UUID has 16 bytes, not \(bytes.count)") }
        self = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

extension Data: BinaryCodable {
    /// Appends the bytes.
    public func encode(to writer: inout BinaryWriter) { writer.writeBytes(Array(self)) }
    /// Reads a value.
    public init(from reader: inout BinaryReader) throws { self = Data(try reader.readBytes()) }
}

extension Decimal: BinaryCodable {
    /// Appends the value as its decimal text.
    public func encode(to writer: inout BinaryWriter) { description.encode(to: &writer) }
    /// Reads a value.
    public init(from reader: inout BinaryReader) throws {
        let text = try String(from: &reader)
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw BinaryDecodingError("'\(text)' is not a decimal")
        }
        self = value
    }
}

extension Optional: BinaryCodable where Wrapped: BinaryCodable {
    /// Appends a presence byte and the value.
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .none: writer.writeByte(0)
        case .some(let value):
            writer.writeByte(1)
            value.encode(to: &writer)
        }
    }
    /// Reads a value.
    public init(from reader: inout BinaryReader) throws {
        self = try reader.readByte() == 0 ? nil : try Wrapped(from: &reader)
    }
}

extension Array: BinaryCodable where Element: BinaryCodable {
    /// Appends the count and the elements.
    public func encode(to writer: inout BinaryWriter) {
        writer.writeUnsigned(UInt64(count))
        for element in self { element.encode(to: &writer) }
    }
    /// Reads a value.
    public init(from reader: inout BinaryReader) throws {
        let count = try reader.readUnsigned()
        var elements: [Element] = []
        for _ in 0..<count { elements.append(try Element(from: &reader)) }
        self = elements
    }
}

/// Encodes string-backed enums as their raw value.
extension BinaryCodable where Self: RawRepresentable, Self.RawValue == String {
    /// Appends the raw value.
    public func encode(to writer: inout BinaryWriter) { rawValue.encode(to: &writer) }
    /// Reads a value, rejecting unknown raw values.
    public init(from reader: inout BinaryReader) throws {
        let raw = try String(from: &reader)
        guard let value = Self(rawValue: raw) else { throw BinaryDecodingError("'\(raw)' is not a case of \(Self.self)") }
        self = value
    }
}
