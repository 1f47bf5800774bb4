import Foundation

/// One statement parameter as libpq sends it: type OID, format (1 = binary) and bytes (nil = NULL).
struct EncodedParameter: Sendable, Hashable {
    var oid: UInt32
    var bytes: [UInt8]?
    /// Always binary: every type is sent in its binary form (for enums that is the label's text),
    /// so nothing depends on the server parsing text the way the client meant it.
    let format: Int32 = 1
}

/// The OIDs of an enum type and of its array type in the connected database.
struct EnumTypeOIDs: Sendable, Hashable {
    var oid: UInt32
    var arrayOID: UInt32
}

/// Encodes `PostgresValue`s in PostgreSQL's binary formats.
enum ParameterEncoding {

    /// `resolveEnum` gives the OIDs of an enum type by name (looked up once per connection).
    static func encode(
        _ value: PostgresValue, resolveEnum: (String) throws -> EnumTypeOIDs
    ) throws -> EncodedParameter {
        switch value {
        case .null:
            return EncodedParameter(oid: PostgresTypeOID.unspecified, bytes: nil)
        case .array(let elements, let element):
            let elementOID = try oid(of: element, resolveEnum: resolveEnum)
            let arrayOID: UInt32
            if case .enumeration(let type) = element {
                arrayOID = try resolveEnum(type).arrayOID
            } else {
                arrayOID = PostgresTypeOID.arrayOf[elementOID]!
            }
            var writer = BinaryWriter()
            writer.write(Int32(elements.isEmpty ? 0 : 1))  // dimensions; an empty array has none
            writer.write(Int32(elements.contains(.null) ? 1 : 0))
            writer.write(elementOID)
            if !elements.isEmpty {
                writer.write(Int32(elements.count))
                writer.write(Int32(1))  // lower bound
            }
            for item in elements {
                guard item == .null || matches(item, element) else {
                    throw PostgresError(
                        kind: .invalidParameter, message: "an array of \(element) holds \(item), of another type")
                }
                writer.writeField(try scalarBytes(item))
            }
            return EncodedParameter(oid: arrayOID, bytes: writer.bytes)
        default:
            guard let element = element(of: value) else {
                throw PostgresError(kind: .invalidParameter, message: "\(value) is not a scalar value")
            }
            return EncodedParameter(oid: try oid(of: element, resolveEnum: resolveEnum), bytes: try scalarBytes(value))
        }
    }

    /// The element type a scalar has in an array (and the OID it is sent with); nil for NULL and arrays.
    static func element(of value: PostgresValue) -> PostgresArrayElement? {
        switch value {
        case .bool: .bool
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .double: .double
        case .numeric: .numeric
        case .text: .text
        case .uuid: .uuid
        case .bytea: .bytea
        case .date: .date
        case .timestamp: .timestamp
        case .timestamptz: .timestamptz
        case .json: .json
        case .jsonb: .jsonb
        case .enumeration(_, let type): .enumeration(type: type)
        case .null, .array: nil
        }
    }

    /// Whether a non-null array element has the array's element type.
    static func matches(_ value: PostgresValue, _ element: PostgresArrayElement) -> Bool { self.element(of: value) == element }

    private static func oid(of element: PostgresArrayElement, resolveEnum: (String) throws -> EnumTypeOIDs) throws -> UInt32 {
        switch element {
        case .bool: PostgresTypeOID.bool
        case .int16: PostgresTypeOID.int2
        case .int32: PostgresTypeOID.int4
        case .int64: PostgresTypeOID.int8
        case .double: PostgresTypeOID.float8
        case .numeric: PostgresTypeOID.numeric
        case .text: PostgresTypeOID.text
        case .uuid: PostgresTypeOID.uuid
        case .bytea: PostgresTypeOID.bytea
        case .date: PostgresTypeOID.date
        case .timestamp: PostgresTypeOID.timestamp
        case .timestamptz: PostgresTypeOID.timestamptz
        case .json: PostgresTypeOID.json
        case .jsonb: PostgresTypeOID.jsonb
        case .enumeration(let type): try resolveEnum(type).oid
        }
    }

    /// The binary form of a scalar, nil for NULL.
    private static func scalarBytes(_ value: PostgresValue) throws -> [UInt8]? {
        var writer = BinaryWriter()
        switch value {
        case .null: return nil
        case .bool(let bool): writer.write(UInt8(bool ? 1 : 0))
        case .int16(let number): writer.write(number)
        case .int32(let number): writer.write(number)
        case .int64(let number): writer.write(number)
        case .double(let number): writer.write(number.bitPattern)
        case .numeric(let numeric): try NumericBinaryFormat.encode(numeric, into: &writer)
        case .text(let text), .json(let text), .enumeration(let text, _):
            try writer.write(bytes: textBytes(text))
        case .jsonb(let text):
            writer.write(UInt8(1))  // jsonb binary format version
            try writer.write(bytes: textBytes(text))
        case .uuid(let uuid): withUnsafeBytes(of: uuid.uuid) { writer.write(bytes: $0) }
        case .bytea(let data): writer.write(bytes: data)
        case .date(let date): writer.write(date.daysSince2000)
        case .timestamp(let instant), .timestamptz(let instant): writer.write(instant.microsecondsSince2000)
        case .array:
            throw PostgresError(kind: .invalidParameter, message: "arrays of arrays are not supported; use a multi-column table")
        }
        return writer.bytes
    }

    /// PostgreSQL text cannot hold NUL; refusing it here names the problem instead of the server's
    /// "invalid byte sequence for encoding UTF8: 0x00".
    private static func textBytes(_ text: String) throws -> String.UTF8View {
        guard !text.utf8.contains(0) else {
            throw PostgresError(kind: .invalidParameter, message: "text contains a NUL character, which PostgreSQL text cannot store")
        }
        return text.utf8
    }
}
