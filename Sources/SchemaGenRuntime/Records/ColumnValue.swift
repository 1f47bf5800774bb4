import Foundation

/// A Swift value stored in one store column. Generated record coding maps each model field to
/// its column with this protocol (no reflection, no JSON): integers as `int`, timestamps as
/// microseconds, enums as their raw string, nested types, arrays and JSON as compact binary
/// (``BinaryCodable``) in a `bytes` column, object ids as their 12 bytes.
public protocol ColumnValue {
    /// The value as the store holds it.
    var storeValue: StoreValue { get }
    /// The value from what the store holds.
    init(storeValue: StoreValue) throws
    /// The value read from the next column of a stored row, straight from its bytes (the
    /// types the store holds directly build no ``StoreValue`` on the way).
    init(reading reader: inout RowReader) throws
}

extension ColumnValue {
    /// The value from the next column read as a ``StoreValue``: for values kept encoded in a
    /// column (nested documents, arrays), which decode from the column's value anyway.
    public init(reading reader: inout RowReader) throws { try self.init(storeValue: try reader.readValue()) }
}

/// A stored value of the wrong type or range for its field.
public struct ColumnDecodingError: Error, Sendable, CustomStringConvertible {
    /// What was wrong.
    public let description: String
    init(_ expected: String, _ value: StoreValue) { description = "expected \(expected), found \(value)" }
    init(description: String) { self.description = description }
}

/// Timestamps in the store: microseconds since 1970, rounded to the nearest microsecond.
public enum StoreTime {
    /// Microseconds since 1970 of `date`.
    public static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }
    /// The date `microseconds` after 1970.
    public static func date(_ microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }
    /// `date` as the store holds it.
    public static func value(_ date: Date) -> StoreValue { .timestamp(microseconds(date)) }
}

/// Decimals are stored as integers scaled by 10^scale, which keeps them exact and ordered.
public enum DecimalColumn {
    /// The stored integer of `value` with `scale` fraction digits (rounded half away from zero).
    public static func storeValue(_ value: Decimal, scale: Int) -> StoreValue {
        var scaled = value * pow(Decimal(10), scale)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return .int(NSDecimalNumber(decimal: rounded).int64Value)
    }
    /// The decimal a stored integer with `scale` fraction digits stands for.
    public static func decimal(_ value: StoreValue, scale: Int) throws -> Decimal {
        guard case .int(let scaled) = value else { throw ColumnDecodingError("a scaled decimal", value) }
        return Decimal(scaled) / pow(Decimal(10), scale)
    }
}

extension Int32: ColumnValue {
    /// The value read from a stored row.
    public init(reading reader: inout RowReader) throws {
        let v = try reader.readInt()
        guard let value = Int32(exactly: v) else { throw ColumnDecodingError("an int32", .int(v)) }
        self = value
    }
    /// The value as the store holds it.
    public var storeValue: StoreValue { .int(Int64(self)) }
    /// The value from what the store holds.
    public init(storeValue: StoreValue) throws {
        guard case .int(let v) = storeValue, let value = Int32(exactly: v) else { throw ColumnDecodingError("an int32", storeValue) }
        self = value
    }
}

extension Int64: ColumnValue {
    /// The value read from a stored row.
    public init(reading reader: inout RowReader) throws { self = try reader.readInt() }
    /// The value as the store holds it.
    public var storeValue: StoreValue { .int(self) }
    /// The value from what the store holds.
    public init(storeValue: StoreValue) throws {
        guard case .int(let v) = storeValue else { throw ColumnDecodingError("an int64", storeValue) }
        self = v
    }
}

extension Double: ColumnValue {
    /// The value read from a stored row.
    public init(reading reader: inout RowReader) throws { self = try reader.readDouble() }
    /// The value as the store holds it.
    public var storeValue: StoreValue { .double(self) }
    /// The value from what the store holds.
    public init(storeValue: StoreValue) throws {
        guard case .double(let v) = storeValue else { throw ColumnDecodingError("a double", storeValue) }
        self = v
    }
}

extension Bool: ColumnValue {
    /// The value read from a stored row.
    public init(reading reader: inout RowReader) throws { self = try reader.readBool() }
    /// The value as the store holds it.
    public var storeValue: StoreValue { .bool(self) }
    /// The value from what the store holds.
    public init(storeValue: StoreValue) throws {
        guard case .bool(let v) = storeValue else { throw ColumnDecodingError("a bool", storeValue) }
        self = v
    }
}

extension String: ColumnValue {
    /// The value read from a stored row.
    public init(reading reader: inout RowReader) throws { self = try reader.readString() }
    /// The value as the store holds it.
    public var storeValue: StoreValue { .string(self) }
    /// The value from what the store holds.
    public init(storeValue: StoreValue) throws {
        guard case .string(let v) = storeValue else { throw ColumnDecodingError("a string", storeValue) }
        self = v
    }
}

extension Date: ColumnValue {
    /// The value read from a stored row.
    public init(reading reader: inout RowReader) throws { self = StoreTime.date(try reader.readTimestamp()) }
    /// The value as the store holds it.
    public var storeValue: StoreValue { StoreTime.value(self) }
    /// The value from what the store holds.
    public init(storeValue: StoreValue) throws {
        guard case .timestamp(let v) = storeValue else { throw ColumnDecodingError("a timestamp", storeValue) }
        self = StoreTime.date(v)
    }
}

extension UUID: ColumnValue {
    /// The value read from a stored row.
    public init(reading reader: inout RowReader) throws { self = try reader.readUUID() }
    /// The value as the store holds it.
    public var storeValue: StoreValue { .uuid(self) }
    /// The value from what the store holds.
    public init(storeValue: StoreValue) throws {
        guard case .uuid(let v) = storeValue else { throw ColumnDecodingError("a uuid", storeValue) }
        self = v
    }
}

extension Data: ColumnValue {
    /// The value read from a stored row.
    public init(reading reader: inout RowReader) throws { self = Data(try reader.readBytes()) }
    /// The value as the store holds it.
    public var storeValue: StoreValue { .bytes(Array(self)) }
    /// The value from what the store holds.
    public init(storeValue: StoreValue) throws {
        guard case .bytes(let v) = storeValue else { throw ColumnDecodingError("bytes", storeValue) }
        self = Data(v)
    }
}

extension Optional: ColumnValue where Wrapped: ColumnValue {
    /// The value as the store holds it (`null` for nil).
    public var storeValue: StoreValue { map(\.storeValue) ?? .null }
    /// The value from what the store holds.
    public init(storeValue: StoreValue) throws {
        self = storeValue.isNull ? nil : try Wrapped(storeValue: storeValue)
    }
    /// The value read from a stored row (nil for null).
    public init(reading reader: inout RowReader) throws {
        self = try reader.readNull() ? nil : try Wrapped(reading: &reader)
    }
}

extension Array: ColumnValue where Element: BinaryCodable {
    /// The elements in compact binary.
    public var storeValue: StoreValue { .bytes(BinaryWriter.encode(self)) }
    /// The value from what the store holds.
    public init(storeValue: StoreValue) throws {
        guard case .bytes(let v) = storeValue else { throw ColumnDecodingError("an encoded array", storeValue) }
        self = try BinaryReader.decode([Element].self, from: v)
    }
}

/// Enums are stored as their raw value.
extension ColumnValue where Self: RawRepresentable, Self.RawValue == String {
    /// The raw value.
    public var storeValue: StoreValue { .string(rawValue) }
    /// The case with the stored raw value.
    public init(storeValue: StoreValue) throws {
        guard case .string(let raw) = storeValue, let value = Self(rawValue: raw) else {
            throw ColumnDecodingError("a case of \(Self.self)", storeValue)
        }
        self = value
    }
    /// The case with the raw value read from a stored row.
    public init(reading reader: inout RowReader) throws {
        let raw = try reader.readString()
        guard let value = Self(rawValue: raw) else { throw ColumnDecodingError("a case of \(Self.self)", .string(raw)) }
        self = value
    }
}

/// A nested document type, stored in compact binary in one column, validated with its record.
public protocol DocumentValue: BinaryCodable, ColumnValue, Validatable {}

extension DocumentValue {
    /// The document in compact binary.
    public var storeValue: StoreValue { .bytes(BinaryWriter.encode(self)) }
    /// The document from what the store holds.
    public init(storeValue: StoreValue) throws {
        guard case .bytes(let v) = storeValue else { throw ColumnDecodingError("an encoded document", storeValue) }
        self = try BinaryReader.decode(Self.self, from: v)
    }
}
