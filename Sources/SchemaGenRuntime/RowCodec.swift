import Foundation

/// The compact, self-describing encoding of a row stored as a primary-key tree value.
///
/// Each value is a type byte followed by its payload: zigzag varints for integers and
/// timestamps, 8 little-endian bytes for doubles, length-prefixed UTF-8 or bytes, one byte
/// for booleans, 16 bytes for UUIDs. Rows are not order-preserving; keys are (see ``IndexKeyEncoder``).
enum RowCodec {
    enum Kind {
        static let null: UInt8 = 0, int: UInt8 = 1, double: UInt8 = 2, string: UInt8 = 3
        static let boolFalse: UInt8 = 4, boolTrue: UInt8 = 5, timestamp: UInt8 = 6, uuid: UInt8 = 7, bytes: UInt8 = 8
    }

    /// Thrown when stored row bytes cannot be decoded; the store reports it as corruption.
    struct Malformed: Error {}

    static func encode(_ row: Row) -> [UInt8] {
        var w = ByteWriter(capacity: 16 + row.count * 8)
        w.varint(row.count)
        for v in row {
            switch v {
            case .null: w.u8(Kind.null)
            case .int(let i): w.u8(Kind.int); w.signedVarint(i)
            case .double(let d): w.u8(Kind.double); w.u64(d.bitPattern)
            case .string(let s): w.u8(Kind.string); w.blob(Array(s.utf8))
            case .bool(let b): w.u8(b ? Kind.boolTrue : Kind.boolFalse)
            case .timestamp(let t): w.u8(Kind.timestamp); w.signedVarint(t)
            case .uuid(let u): w.u8(Kind.uuid); withUnsafeBytes(of: u.uuid) { w.raw(Array($0)) }
            case .bytes(let b): w.u8(Kind.bytes); w.blob(b)
            }
        }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> Row {
        var r = ByteReader(bytes)
        do {
            let n = try r.int()
            guard n <= bytes.count else { throw Malformed() }
            var row: Row = []
            row.reserveCapacity(n)
            for _ in 0..<n {
                switch try r.u8() {
                case Kind.null: row.append(.null)
                case Kind.int: row.append(.int(try r.signedVarint()))
                case Kind.double: row.append(.double(Double(bitPattern: try r.u64())))
                case Kind.string:
                    let len = try r.int()
                    guard len >= 0, r.end - r.position >= len else { throw Malformed() }
                    let s = bytes.withUnsafeBufferPointer {
                        String(decoding: UnsafeBufferPointer(rebasing: $0[r.position..<r.position + len]), as: UTF8.self)
                    }
                    r.position += len
                    row.append(.string(s))
                case Kind.boolFalse: row.append(.bool(false))
                case Kind.boolTrue: row.append(.bool(true))
                case Kind.timestamp: row.append(.timestamp(try r.signedVarint()))
                case Kind.uuid:
                    let b = try r.raw(16)
                    row.append(.uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                                                 b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))))
                case Kind.bytes: row.append(.bytes(try r.blob()))
                default: throw Malformed()
                }
            }
            guard r.isAtEnd else { throw Malformed() }
            return row
        } catch is ByteReader.Truncated {
            throw Malformed()
        }
    }
}
