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
        let n = key.count
        guard position < n else { throw Malformed() }
        let tag = key[position] ^ flip
        position += 1
        switch tag {
        case IndexKeyEncoder.Tag.null:
            return .null
        case IndexKeyEncoder.Tag.int, IndexKeyEncoder.Tag.timestamp, IndexKeyEncoder.Tag.double:
            guard n - position >= 8 else { throw Malformed() }
            // One unaligned big-endian load (the guard above keeps it inside `key`), inverted
            // for a descending column: what reading the 8 bytes one at a time gave.
            var bits = UInt64(bigEndian: UnsafeRawPointer(key.baseAddress.unsafelyUnwrapped + position).loadUnaligned(as: UInt64.self))
            if flip != 0 { bits = ~bits }
            position += 8
            if tag == IndexKeyEncoder.Tag.int { return .int(Int64(bitPattern: bits ^ (1 << 63))) }
            if tag == IndexKeyEncoder.Tag.timestamp { return .timestamp(Int64(bitPattern: bits ^ (1 << 63))) }
            if bits == UInt64.max { return .double(.nan) }
            return .double(Double(bitPattern: bits & (1 << 63) != 0 ? bits & ~(1 << 63) : ~bits))
        case IndexKeyEncoder.Tag.string, IndexKeyEncoder.Tag.bytes:
            var out: [UInt8] = []
            while true {
                guard position < n else { throw Malformed() }
                let b = key[position] ^ flip
                position += 1
                if b != 0 { out.append(b); continue }
                guard position < n else { throw Malformed() }
                let next = key[position] ^ flip
                position += 1
                if next == 0 { break }
                guard next == 0xFF else { throw Malformed() }
                out.append(0)
            }
            return tag == IndexKeyEncoder.Tag.string ? .string(String(decoding: out, as: UTF8.self)) : .bytes(out)
        case IndexKeyEncoder.Tag.bool:
            guard position < n else { throw Malformed() }
            defer { position += 1 }
            return .bool((key[position] ^ flip) != 0)
        case IndexKeyEncoder.Tag.uuid:
            guard n - position >= 16 else { throw Malformed() }
            var b = [UInt8](repeating: 0, count: 16)
            for i in 0..<16 { b[i] = key[position + i] ^ flip }
            position += 16
            return .uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
        default:
            throw Malformed()
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
