import Foundation

/// Reads tuples back out of keys made by ``IndexKeyEncoder``.
///
/// Used to answer index scans straight from the index when the index key holds every column of
/// the row (a covering index), skipping the primary-key lookup.
enum IndexKeyDecoder {
    struct Malformed: Error {}

    /// Decodes one value at `position` of `key` in the given order, advancing `position`.
    static func value(_ key: UnsafeBufferPointer<UInt8>, at position: inout Int, order: ColumnOrder) throws -> StoreValue {
        // A descending column is stored with every byte inverted.
        let flip: UInt8 = order == .descending ? 0xFF : 0
        func byte() throws -> UInt8 {
            guard position < key.count else { throw Malformed() }
            defer { position += 1 }
            return key[position] ^ flip
        }
        func u64() throws -> UInt64 {
            var v: UInt64 = 0
            for _ in 0..<8 { v = v << 8 | UInt64(try byte()) }
            return v
        }
        func escaped() throws -> [UInt8] {
            var out: [UInt8] = []
            while true {
                let b = try byte()
                if b != 0 { out.append(b); continue }
                switch try byte() {
                case 0: return out
                case 0xFF: out.append(0)
                default: throw Malformed()
                }
            }
        }
        switch try byte() {
        case IndexKeyEncoder.Tag.null: return .null
        case IndexKeyEncoder.Tag.int: return .int(Int64(bitPattern: try u64() ^ (1 << 63)))
        case IndexKeyEncoder.Tag.timestamp: return .timestamp(Int64(bitPattern: try u64() ^ (1 << 63)))
        case IndexKeyEncoder.Tag.double:
            let bits = try u64()
            if bits == UInt64.max { return .double(.nan) }
            return .double(Double(bitPattern: bits & (1 << 63) != 0 ? bits & ~(1 << 63) : ~bits))
        case IndexKeyEncoder.Tag.string: return .string(String(decoding: try escaped(), as: UTF8.self))
        case IndexKeyEncoder.Tag.bytes: return .bytes(try escaped())
        case IndexKeyEncoder.Tag.bool: return .bool(try byte() != 0)
        case IndexKeyEncoder.Tag.uuid:
            var b = [UInt8](repeating: 0, count: 16)
            for i in 0..<16 { b[i] = try byte() }
            return .uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
        default: throw Malformed()
        }
    }

    /// Decodes a whole tuple encoded with `orders`.
    static func decode(_ key: [UInt8], orders: [ColumnOrder]) throws -> [StoreValue] {
        try key.withUnsafeBufferPointer { buffer in
            var position = 0
            let values = try orders.map { try value(buffer, at: &position, order: $0) }
            guard position == buffer.count else { throw Malformed() }
            return values
        }
    }
}
