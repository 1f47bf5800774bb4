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
            case .string(let s):
                w.u8(Kind.string)
                w.varint(s.utf8.count)
                w.bytes.append(contentsOf: s.utf8)
            case .bool(let b): w.u8(b ? Kind.boolTrue : Kind.boolFalse)
            case .timestamp(let t): w.u8(Kind.timestamp); w.signedVarint(t)
            case .uuid(let u): w.u8(Kind.uuid); withUnsafeBytes(of: u.uuid) { w.raw(Array($0)) }
            case .bytes(let b): w.u8(Kind.bytes); w.blob(b)
            }
        }
        return w.bytes
    }

    /// Whether `bytes` is an encoded row with one value per column, each of its column's type or
    /// a null in a nullable column. Checked without building the row, on every row a snapshot or
    /// log loads, so that later decoding cannot fail and every row is one a commit could write.
    static func isWellFormed(_ bytes: [UInt8], columns: [ColumnDefinition]) -> Bool {
        bytes.withUnsafeBufferPointer { isWellFormed($0, columns: columns) }
    }

    static func isWellFormed(_ bytes: UnsafeBufferPointer<UInt8>, columns: [ColumnDefinition]) -> Bool {
        var p = 0
        let n = bytes.count
        func varint() -> UInt64? {
            var result: UInt64 = 0, shift: UInt64 = 0
            while p < n, shift < 64 {
                let b = bytes[p]
                p += 1
                result |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return result }
                shift += 7
            }
            return nil
        }
        func skip(_ count: UInt64) -> Bool {
            guard count <= UInt64(n - p) else { return false }
            p += Int(count)
            return true
        }
        guard varint() == UInt64(columns.count) else { return false }
        for column in columns {
            guard p < n else { return false }
            let kind = bytes[p]
            p += 1
            switch kind {
            case Kind.null: guard column.isNullable else { return false }
            case Kind.boolFalse, Kind.boolTrue: guard column.type == .bool else { return false }
            case Kind.int: guard column.type == .int, varint() != nil else { return false }
            case Kind.timestamp: guard column.type == .timestamp, varint() != nil else { return false }
            case Kind.double: guard column.type == .double, skip(8) else { return false }
            case Kind.uuid: guard column.type == .uuid, skip(16) else { return false }
            case Kind.string: guard column.type == .string, let length = varint(), skip(length) else { return false }
            case Kind.bytes: guard column.type == .bytes, let length = varint(), skip(length) else { return false }
            default: return false
            }
        }
        return p == n
    }

    static func decode(_ bytes: [UInt8]) throws -> Row {
        try bytes.withUnsafeBufferPointer { try decode($0) }
    }

    /// Decodes a row from borrowed bytes (straight out of a tree node, without copying them).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Row {
        var p = 0
        let n = bytes.count
        func byte() throws -> UInt8 {
            guard p < n else { throw Malformed() }
            defer { p += 1 }
            return bytes[p]
        }
        func varint() throws -> UInt64 {
            var result: UInt64 = 0, shift: UInt64 = 0
            while true {
                let b = try byte()
                guard shift < 64 else { throw Malformed() }
                result |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return result }
                shift += 7
            }
        }
        func signed() throws -> Int64 {
            let u = try varint()
            return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
        }
        func length() throws -> Int {
            let len = try varint()
            guard len <= UInt64(n - p) else { throw Malformed() }
            return Int(len)
        }
        let columns = try varint()
        guard columns <= UInt64(n) else { throw Malformed() }
        var row: Row = []
        row.reserveCapacity(Int(columns))
        for _ in 0..<columns {
            switch try byte() {
            case Kind.null: row.append(.null)
            case Kind.int: row.append(.int(try signed()))
            case Kind.double:
                guard n - p >= 8 else { throw Malformed() }
                var bits: UInt64 = 0
                for i in 0..<8 { bits |= UInt64(bytes[p + i]) << (8 * UInt64(i)) }
                p += 8
                row.append(.double(Double(bitPattern: bits)))
            case Kind.string:
                let len = try length()
                row.append(.string(String(decoding: UnsafeBufferPointer(rebasing: bytes[p..<p + len]), as: UTF8.self)))
                p += len
            case Kind.boolFalse: row.append(.bool(false))
            case Kind.boolTrue: row.append(.bool(true))
            case Kind.timestamp: row.append(.timestamp(try signed()))
            case Kind.uuid:
                guard n - p >= 16 else { throw Malformed() }
                let b = bytes
                row.append(.uuid(UUID(uuid: (b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7],
                                             b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15]))))
                p += 16
            case Kind.bytes:
                let len = try length()
                row.append(.bytes(Array(bytes[p..<p + len])))
                p += len
            default: throw Malformed()
            }
        }
        guard p == n else { throw Malformed() }
        return row
    }

    /// Decodes only the columns `projection` wants from borrowed row bytes into `row` (a row of
    /// the table's width that the caller reuses between rows): the other values are skipped by
    /// their lengths without being built, and decoding stops after the last wanted column, so a
    /// filter or aggregate on two columns allocates nothing for a row's strings it never reads.
    /// Returns false when the bytes are not an encoded row of that width.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, projection: ColumnProjection, into row: inout Row) -> Bool {
        var p = 0
        let n = bytes.count
        @inline(__always) func varint() -> UInt64? {
            var result: UInt64 = 0, shift: UInt64 = 0
            while p < n, shift < 64 {
                let b = bytes[p]
                p += 1
                result |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return result }
                shift += 7
            }
            return nil
        }
        @inline(__always) func signed(_ u: UInt64) -> Int64 { Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))) }
        guard let columns = varint(), columns == UInt64(row.count) else { return false }
        let wanted = projection.wanted
        var column = 0
        while column <= projection.last {
            guard p < n else { return false }
            let kind = bytes[p]
            p += 1
            let keep = wanted[column]
            switch kind {
            case Kind.null: if keep { row[column] = .null }
            case Kind.boolFalse: if keep { row[column] = .bool(false) }
            case Kind.boolTrue: if keep { row[column] = .bool(true) }
            case Kind.int, Kind.timestamp:
                guard let u = varint() else { return false }
                if keep { row[column] = kind == Kind.int ? .int(signed(u)) : .timestamp(signed(u)) }
            case Kind.double:
                guard n - p >= 8 else { return false }
                if keep {
                    var bits: UInt64 = 0
                    for i in 0..<8 { bits |= UInt64(bytes[p + i]) << (8 * UInt64(i)) }
                    row[column] = .double(Double(bitPattern: bits))
                }
                p += 8
            case Kind.uuid:
                guard n - p >= 16 else { return false }
                if keep {
                    let b = bytes
                    row[column] = .uuid(UUID(uuid: (b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7],
                                                    b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15])))
                }
                p += 16
            case Kind.string, Kind.bytes:
                guard let length = varint(), length <= UInt64(n - p) else { return false }
                let len = Int(length)
                if keep {
                    let slice = UnsafeBufferPointer(rebasing: bytes[p..<p + len])
                    row[column] = kind == Kind.string ? .string(String(decoding: slice, as: UTF8.self)) : .bytes(Array(slice))
                }
                p += len
            default: return false
            }
            column += 1
        }
        return true
    }
}

/// The row positions a scan reads, worked out once per scan: ``RowCodec/decode(_:projection:into:)``
/// builds only these values of each row.
struct ColumnProjection: Sendable {
    /// Whether each row position is read.
    let wanted: [Bool]
    /// The last position read (-1: none), where decoding stops.
    let last: Int

    /// The projection of `positions` in rows of `columnCount` columns.
    init(_ positions: Set<Int>, columnCount: Int) {
        var wanted = [Bool](repeating: false, count: columnCount)
        for position in positions where position < columnCount { wanted[position] = true }
        self.wanted = wanted
        last = wanted.lastIndex(of: true) ?? -1
    }

    /// Whether no column is read (the row need not be decoded at all).
    var isEmpty: Bool { last < 0 }
}
