import Foundation

/// Decodes result fields from PostgreSQL's binary formats into `PostgresValue`s, by column type.
enum ResultDecoding {
    /// - Parameter catalogType: what a non-built-in OID is (looked up in `pg_type` once per connection).
    static func decode(
        oid: UInt32, bytes: UnsafeRawBufferPointer, catalogType: (UInt32) throws -> CatalogType
    ) throws -> PostgresValue {
        var reader = BinaryReader(bytes)
        let value: PostgresValue
        switch oid {
        case PostgresTypeOID.bool: value = .bool(try reader.read(UInt8.self) != 0)
        case PostgresTypeOID.void: value = .null
        case PostgresTypeOID.int2: value = .int16(try reader.read(Int16.self))
        case PostgresTypeOID.int4: value = .int32(try reader.read(Int32.self))
        case PostgresTypeOID.int8: value = .int64(try reader.read(Int64.self))
        case PostgresTypeOID.oid: value = .int64(Int64(try reader.read(UInt32.self)))
        case PostgresTypeOID.float4: value = .double(Double(Float(bitPattern: try reader.read(UInt32.self))))
        case PostgresTypeOID.float8: value = .double(Double(bitPattern: try reader.read(UInt64.self)))
        case PostgresTypeOID.numeric: value = .numeric(try NumericBinaryFormat.decode(&reader))
        case PostgresTypeOID.text, PostgresTypeOID.varchar, PostgresTypeOID.bpchar, PostgresTypeOID.name,
             PostgresTypeOID.char, PostgresTypeOID.unknown:
            value = .text(text(reader.readRest()))
        case PostgresTypeOID.json: value = .json(text(reader.readRest()))
        case PostgresTypeOID.jsonb:
            guard try reader.read(UInt8.self) == 1 else {
                throw PostgresError(kind: .decodingFailed, message: "jsonb in an unknown binary format version")
            }
            value = .jsonb(text(reader.readRest()))
        case PostgresTypeOID.uuid:
            let raw = try reader.read(count: 16)
            value = .uuid(UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                                      raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15])))
        case PostgresTypeOID.bytea: value = .bytea(Data(reader.readRest()))
        case PostgresTypeOID.date: value = .date(PostgresDate(daysSince2000: try reader.read(Int32.self)))
        case PostgresTypeOID.timestamp: value = .timestamp(PostgresTimestamp(microsecondsSince2000: try reader.read(Int64.self)))
        case PostgresTypeOID.timestamptz: value = .timestamptz(PostgresTimestamp(microsecondsSince2000: try reader.read(Int64.self)))
        default:
            if PostgresTypeOID.elementOf[oid] != nil {
                value = try array(&reader, catalogType: catalogType)
            } else {
                switch try catalogType(oid) {
                case .enumeration(let name): value = .enumeration(text(reader.readRest()), type: name)
                case .array: value = try array(&reader, catalogType: catalogType)
                case .domain(let base): return try decode(oid: base, bytes: bytes, catalogType: catalogType)
                case .unsupported(let name):
                    throw PostgresError(
                        kind: .decodingFailed,
                        message: "values of type \(name) are not decoded; cast the column to a supported type (e.g. ::text)")
                }
            }
        }
        guard reader.remaining == 0 else {
            throw PostgresError(kind: .decodingFailed, message: "type \(oid) field has \(reader.remaining) unexpected trailing bytes")
        }
        return value
    }

    private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func array(_ reader: inout BinaryReader, catalogType: (UInt32) throws -> CatalogType) throws -> PostgresValue {
        let dimensions = try reader.read(Int32.self)
        _ = try reader.read(Int32.self)  // has-nulls flag; each element says so itself
        let elementOID = try reader.read(UInt32.self)
        let element = try arrayElement(elementOID, catalogType: catalogType)
        guard dimensions <= 1 else {
            throw PostgresError(kind: .decodingFailed, message: "arrays of \(dimensions) dimensions are not supported")
        }
        var elements: [PostgresValue] = []
        if dimensions == 1 {
            let count = try reader.read(Int32.self)
            _ = try reader.read(Int32.self)  // lower bound
            elements.reserveCapacity(Int(max(count, 0)))
            for _ in 0..<max(count, 0) {
                let length = try reader.read(Int32.self)
                if length < 0 {
                    elements.append(.null)
                } else {
                    elements.append(try decode(oid: elementOID, bytes: try reader.read(count: Int(length)), catalogType: catalogType))
                }
            }
        }
        return .array(elements, element: element)
    }

    private static func arrayElement(_ oid: UInt32, catalogType: (UInt32) throws -> CatalogType) throws -> PostgresArrayElement {
        switch oid {
        case PostgresTypeOID.bool: return .bool
        case PostgresTypeOID.int2: return .int16
        case PostgresTypeOID.int4: return .int32
        case PostgresTypeOID.int8, PostgresTypeOID.oid: return .int64
        case PostgresTypeOID.float4, PostgresTypeOID.float8: return .double
        case PostgresTypeOID.numeric: return .numeric
        case PostgresTypeOID.text, PostgresTypeOID.varchar, PostgresTypeOID.bpchar, PostgresTypeOID.name, PostgresTypeOID.char:
            return .text
        case PostgresTypeOID.uuid: return .uuid
        case PostgresTypeOID.bytea: return .bytea
        case PostgresTypeOID.date: return .date
        case PostgresTypeOID.timestamp: return .timestamp
        case PostgresTypeOID.timestamptz: return .timestamptz
        case PostgresTypeOID.json: return .json
        case PostgresTypeOID.jsonb: return .jsonb
        default:
            switch try catalogType(oid) {
            case .enumeration(let name): return .enumeration(type: name)
            case .domain(let base): return try arrayElement(base, catalogType: catalogType)
            case .array, .unsupported:
                throw PostgresError(kind: .decodingFailed, message: "arrays of type \(oid) are not supported")
            }
        }
    }
}
