import Foundation

/// Reads and writes values by their ``ValueShape``: a column's ``StoreValue`` and the compact
/// binary of nested documents and arrays (the ``BinaryWriter`` format: optional = presence
/// byte, array = varint count, integers and instants = zig-zag varints, double = 8 LE bytes,
/// strings, bytes, UUIDs and object ids length-prefixed, decimal = its text, enum = raw value,
/// JSON = ``JSONValue``'s tagged encoding, document = its fields in shape order).
enum DocumentCodec {
    // MARK: Columns

    /// The non-null column value `value` read through `shape`.
    static func decodeColumn(_ value: StoreValue, shape: ValueShape) throws -> ShapedValue {
        switch (shape, value) {
        case (.integer, .int(let v)): return .integer(v)
        case (.double, .double(let v)): return .double(v)
        case (.decimal(_, let scale), .int(let v)): return .decimal(Decimal(v) / pow(Decimal(10), scale))
        case (.bool, .bool(let v)): return .bool(v)
        case (.string, .string(let v)): return .string(v)
        case (.enumeration, .string(let v)): return .enumCase(v)
        case (.timestamp, .timestamp(let v)), (.date, .timestamp(let v)): return .instant(v)
        case (.uuid, .uuid(let v)): return .uuid(v)
        case (.bytes, .bytes(let v)): return .bytes(v)
        case (.objectID, .bytes(let v)) where v.count == 12: return .objectID(v)
        case (.json, .bytes(let v)), (.document, .bytes(let v)), (.array, .bytes(let v)):
            var reader = ByteReader(v)
            let decoded = try read(shape, from: &reader)
            guard reader.isAtEnd else { throw ShapeMismatch("\(v.count - reader.position) bytes follow the encoded \(shape.label)") }
            return decoded
        default: throw ShapeMismatch("stored value \(value.migrationText) is not a \(shape.label)")
        }
    }

    /// The column value of `value`, of `shape`.
    static func encodeColumn(_ value: ShapedValue, shape: ValueShape) throws -> StoreValue {
        switch (shape, value) {
        case (.integer, .integer(let v)): return .int(v)
        case (.double, .double(let v)): return .double(v)
        case (.decimal(_, let scale), .decimal(let v)): return .int(try scaled(v, scale: scale))
        case (.bool, .bool(let v)): return .bool(v)
        case (.string, .string(let v)), (.enumeration, .enumCase(let v)): return .string(v)
        case (.timestamp, .instant(let v)), (.date, .instant(let v)): return .timestamp(v)
        case (.uuid, .uuid(let v)): return .uuid(v)
        case (.bytes, .bytes(let v)), (.objectID, .objectID(let v)): return .bytes(v)
        case (.json, _), (.document, _), (.array, _):
            var writer = BinaryWriter()
            try write(value, shape: shape, to: &writer)
            return .bytes(writer.bytes)
        default: throw ShapeMismatch("a value cannot be stored as \(shape.label)")
        }
    }

    /// `value` × 10^scale as the integer a decimal column stores; it must be whole and fit 64 bits.
    static func scaled(_ value: Decimal, scale: Int) throws -> Int64 {
        var product = value * pow(Decimal(10), scale)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &product, 0, .plain)
        guard rounded == product, rounded <= Decimal(Int64.max), rounded >= Decimal(Int64.min) else {
            throw ShapeMismatch("\(value) does not fit a decimal with \(scale) fraction digits")
        }
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    // MARK: Compact binary

    static func read(_ shape: ValueShape, from r: inout ByteReader) throws -> ShapedValue {
        do {
            switch shape {
            case .integer: return .integer(try r.signedVarint())
            case .double: return .double(try readDouble(&r))
            case .decimal:
                let text = try readString(&r)
                guard let v = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                    throw ShapeMismatch("'\(text)' is not a decimal")
                }
                return .decimal(v)
            case .bool: return .bool(try r.u8() != 0)
            case .string: return .string(try readString(&r))
            case .enumeration: return .enumCase(try readString(&r))
            case .timestamp, .date: return .instant(try r.signedVarint())
            case .uuid:
                let b = try r.blob()
                guard b.count == 16 else { throw ShapeMismatch("a UUID has 16 bytes, not \(b.count)") }
                return .uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
            case .bytes: return .bytes(try r.blob())
            case .objectID:
                let b = try r.blob()
                guard b.count == 12 else { throw ShapeMismatch("an object id has 12 bytes, not \(b.count)") }
                return .objectID(b)
            case .json: return .json(try readJSON(&r))
            case .document(_, let fields):
                var values: [ShapedValue?] = []
                values.reserveCapacity(fields.count)
                for field in fields {
                    if field.isOptional, try r.u8() == 0 { values.append(nil); continue }
                    values.append(try read(field.shape, from: &r))
                }
                return .document(values)
            case .array(let element, _):
                let count = try r.varint()
                // Every element takes a byte at least, unless it is a document without (non-empty) fields.
                let bound = takesNoBytes(element) ? UInt64(1 << 24) : UInt64(r.end - r.position)
                guard count <= bound else { throw ShapeMismatch("array count \(count) exceeds the data") }
                return .array(try (0..<count).map { _ in try read(element, from: &r) })
            }
        } catch is ByteReader.Truncated {
            throw ShapeMismatch("the encoded \(shape.label) ends early")
        }
    }

    static func write(_ value: ShapedValue, shape: ValueShape, to w: inout BinaryWriter) throws {
        switch (shape, value) {
        case (.integer, .integer(let v)), (.timestamp, .instant(let v)), (.date, .instant(let v)): w.writeSigned(v)
        case (.double, .double(let v)): w.writeDouble(v)
        case (.decimal, .decimal(let v)): w.writeBytes(Array(v.description.utf8))
        case (.bool, .bool(let v)): w.writeByte(v ? 1 : 0)
        case (.string, .string(let v)), (.enumeration, .enumCase(let v)): w.writeBytes(Array(v.utf8))
        case (.uuid, .uuid(let v)): withUnsafeBytes(of: v.uuid) { w.writeBytes(Array($0)) }
        case (.bytes, .bytes(let v)), (.objectID, .objectID(let v)): w.writeBytes(v)
        case (.json, .json(let v)): v.encode(to: &w)
        case (.document(_, let fields), .document(let values)) where fields.count == values.count:
            for (field, v) in zip(fields, values) {
                if field.isOptional {
                    guard let v else { w.writeByte(0); continue }
                    w.writeByte(1)
                    try write(v, shape: field.shape, to: &w)
                } else {
                    guard let v else { throw ShapeMismatch("required field is absent", at: "." + field.name) }
                    try write(v, shape: field.shape, to: &w)
                }
            }
        case (.array(let element, _), .array(let values)):
            w.writeUnsigned(UInt64(values.count))
            for v in values { try write(v, shape: element, to: &w) }
        default: throw ShapeMismatch("a value cannot be encoded as \(shape.label)")
        }
    }

    /// Whether every value of `shape` encodes to no bytes (a document of such required fields, or of none).
    private static func takesNoBytes(_ shape: ValueShape) -> Bool {
        if case .document(_, let fields) = shape { return fields.allSatisfy { !$0.isOptional && takesNoBytes($0.shape) } }
        return false
    }

    private static func readDouble(_ r: inout ByteReader) throws -> Double {
        let b = try r.raw(8)
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(b[i]) << (8 * UInt64(i)) }
        return Double(bitPattern: bits)
    }

    private static func readString(_ r: inout ByteReader) throws -> String {
        String(decoding: try r.blob(), as: UTF8.self)
    }

    /// ``JSONValue``'s tagged encoding, read here because ``BinaryReader`` cannot say where it stopped.
    private static func readJSON(_ r: inout ByteReader) throws -> JSONValue {
        switch try r.u8() {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .number(try readDouble(&r))
        case 4: return .string(try readString(&r))
        case 5:
            let count = try r.varint()
            guard count <= UInt64(r.end - r.position) else { throw ByteReader.Truncated() }
            return .array(try (0..<count).map { _ in try readJSON(&r) })
        case 6:
            let count = try r.varint()
            guard count <= UInt64(r.end - r.position) else { throw ByteReader.Truncated() }
            var members: [String: JSONValue] = [:]
            for _ in 0..<count {
                let key = try readString(&r)
                members[key] = try readJSON(&r)
            }
            return .object(members)
        case let tag: throw ShapeMismatch("unknown JSON tag \(tag)")
        }
    }
}
