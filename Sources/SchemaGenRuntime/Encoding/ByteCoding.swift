import Foundation

/// Appends the little-endian and variable-length integers the file formats are made of.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func u32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// LEB128: seven bits a byte, low bits first, high bit set on all but the last byte.
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func varint(_ v: Int) { varint(UInt64(v)) }

    /// Zigzag maps small negative numbers to small unsigned ones before LEB128.
    mutating func signedVarint(_ v: Int64) {
        varint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    /// A length-prefixed byte string.
    mutating func blob(_ b: [UInt8]) {
        varint(b.count)
        bytes.append(contentsOf: b)
    }

    mutating func blob(_ b: UnsafeBufferPointer<UInt8>) {
        varint(b.count)
        bytes.append(contentsOf: b)
    }

    mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
}

/// Reads what ``ByteWriter`` wrote; every read is bounds-checked and throws on truncation.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.position = start
        self.end = end ?? bytes.count
    }

    var isAtEnd: Bool { position >= end }

    struct Truncated: Error {}

    mutating func u8() throws -> UInt8 {
        guard position < end else { throw Truncated() }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u32() throws -> UInt32 {
        guard end - position >= 4 else { throw Truncated() }
        defer { position += 4 }
        return Self.u32(bytes, at: position)
    }

    /// The little-endian u32 at `offset` of `bytes`, which the caller has checked holds it.
    static func u32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        return v
    }

    mutating func u64() throws -> UInt64 {
        guard end - position >= 8 else { throw Truncated() }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return v
    }

    mutating func varint() throws -> UInt64 {
        guard let v = Self.varint(bytes, at: &position, end: end) else { throw Truncated() }
        return v
    }

    /// The LEB128 varint (``ByteWriter/varint(_:)``) at `position` of `bytes`, read no further
    /// than `end`, with `position` moved past it; nil when the bytes end first or it runs past
    /// 64 bits. The one varint decoder of the file formats, rows (``RowBytes``) and generated
    /// records (``BinaryReader``).
    @inline(__always)
    static func varint<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at position: inout Int, end: Int) -> UInt64?
    where Bytes.Index == Int {
        var result: UInt64 = 0, shift: UInt64 = 0
        while position < end, shift < 64 {
            let b = bytes[position]
            position += 1
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
        return nil
    }

    mutating func int() throws -> Int {
        let v = try varint()
        guard v <= UInt64(Int.max) else { throw Truncated() }
        return Int(v)
    }

    mutating func signedVarint() throws -> Int64 {
        let u = try varint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func raw(_ count: Int) throws -> [UInt8] {
        guard count >= 0, end - position >= count else { throw Truncated() }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    mutating func blob() throws -> [UInt8] { try raw(try int()) }
}
