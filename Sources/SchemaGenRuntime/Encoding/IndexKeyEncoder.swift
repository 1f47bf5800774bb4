import Foundation

/// The order of one key column.
public enum ColumnOrder: String, Codable, Sendable, Hashable {
    /// Smallest first; `null` sorts first.
    case ascending
    /// Largest first; `null` sorts last.
    case descending
}

/// Encodes tuples of ``StoreValue`` into byte strings whose byte order equals the tuple order,
/// so that a compound index is simply a byte-ordered B+tree.
///
/// Each value becomes a type tag followed by a payload that is itself order-preserving:
/// integers big-endian with the sign bit flipped, doubles with the IEEE bits transformed so
/// negative numbers invert, strings and bytes with `0x00` escaped as `0x00 0xFF` and
/// terminated by `0x00 0x00`. Every encoding is prefix-free, so concatenating columns keeps
/// the order of the whole tuple, and inverting every byte of a column reverses its order
/// (which is how descending columns are stored). See `docs/storage.md` for the byte layout.
public enum IndexKeyEncoder {
    /// Tag bytes; `null` is lowest so it sorts first in ascending columns.
    enum Tag {
        static let null: UInt8 = 0x05
        static let int: UInt8 = 0x10
        static let timestamp: UInt8 = 0x11
        static let double: UInt8 = 0x12
        static let string: UInt8 = 0x20
        static let bytes: UInt8 = 0x21
        static let bool: UInt8 = 0x30
        static let uuid: UInt8 = 0x40
    }

    /// Encodes `values` with every column ascending.
    public static func encode(_ values: [StoreValue]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 10)
        for v in values { append(v, order: .ascending, to: &out) }
        return out
    }

    /// Encodes `values` with the given per-column orders (missing orders mean ascending).
    public static func encode(_ values: [StoreValue], orders: [ColumnOrder]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 10)
        for (i, v) in values.enumerated() {
            append(v, order: i < orders.count ? orders[i] : .ascending, to: &out)
        }
        return out
    }

    /// Appends one value in the given order to `out`.
    public static func append(_ value: StoreValue, order: ColumnOrder, to out: inout [UInt8]) {
        let start = out.count
        switch value {
        case .null:
            out.append(Tag.null)
        case .int(let v):
            out.append(Tag.int)
            appendBigEndian(UInt64(bitPattern: v) ^ (1 << 63), to: &out)
        case .timestamp(let v):
            out.append(Tag.timestamp)
            appendBigEndian(UInt64(bitPattern: v) ^ (1 << 63), to: &out)
        case .double(let d):
            out.append(Tag.double)
            appendBigEndian(orderedBits(d), to: &out)
        case .string(let s):
            out.append(Tag.string)
            var s = s
            s.withUTF8 { appendEscaped($0, to: &out) }
        case .bytes(let b):
            out.append(Tag.bytes)
            b.withUnsafeBufferPointer { appendEscaped($0, to: &out) }
        case .bool(let b):
            out.append(Tag.bool)
            out.append(b ? 1 : 0)
        case .uuid(let u):
            out.append(Tag.uuid)
            withUnsafeBytes(of: u.uuid) { out.append(contentsOf: $0) }
        }
        if order == .descending {
            for i in start..<out.count { out[i] = ~out[i] }
        }
    }

    /// Maps a double to an unsigned integer with the same order: positives get the sign bit
    /// set, negatives are inverted whole. `-0.0` folds into `0.0`; NaNs become one value above +∞.
    static func orderedBits(_ d: Double) -> UInt64 {
        if d.isNaN { return UInt64.max }
        let bits = (d == 0 ? 0.0 : d).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    @inline(__always)
    static func appendBigEndian(_ v: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.bigEndian) { out.append(contentsOf: $0) }
    }

    /// `0x00` inside the payload becomes `0x00 0xFF`; the terminator `0x00 0x00` sorts below
    /// every continuation, so a string sorts before all strings it is a prefix of.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        for b in bytes {
            out.append(b)
            if b == 0 { out.append(0xFF) }
        }
        out.append(0)
        out.append(0)
    }
}
