import Foundation

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
