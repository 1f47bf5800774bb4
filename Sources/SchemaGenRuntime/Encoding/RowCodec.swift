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
    /// log loads and the first read of every page record meets, so that later decoding cannot
    /// fail and every row is one a commit could write.
    static func isWellFormed(_ bytes: [UInt8], kinds: RowKinds) -> Bool {
        bytes.withUnsafeBufferPointer { isWellFormed($0, kinds: kinds) }
    }

    static func isWellFormed(_ bytes: UnsafeBufferPointer<UInt8>, kinds: RowKinds) -> Bool {
        var reader = RowBytes(bytes)
        return kinds.allowed.withUnsafeBufferPointer { allowed in
            guard reader.varint() == UInt64(allowed.count) else { return false }
            for mask in allowed {
                guard let kind = reader.byte(), kind < 16, mask & (1 << UInt16(kind)) != 0, reader.skipValue(kind) else { return false }
            }
            return reader.isAtEnd
        }
    }

    static func decode(_ bytes: [UInt8]) throws -> Row {
        try bytes.withUnsafeBufferPointer { try decode($0) }
    }

    /// Decodes a row from borrowed bytes (straight out of a tree node, without copying them).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Row {
        var reader = RowBytes(bytes)
        guard let columns = reader.varint(), columns <= UInt64(bytes.count) else { throw Malformed() }
        var row: Row = []
        row.reserveCapacity(Int(columns))
        for _ in 0..<columns {
            guard let kind = reader.byte(), let value = reader.value(kind, build: true) else { throw Malformed() }
            row.append(value)
        }
        guard reader.isAtEnd else { throw Malformed() }
        return row
    }

    /// Decodes only the columns `projection` wants from borrowed row bytes into `row` (a row of
    /// the table's width that the caller reuses between rows): the other values are skipped by
    /// their lengths without being built, and decoding stops after the last wanted column, so a
    /// filter or aggregate on two columns allocates nothing for a row's strings it never reads.
    /// Returns false when the bytes are not an encoded row of that width.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, projection: ColumnProjection, into row: inout Row) -> Bool {
        var reader = RowBytes(bytes)
        guard let columns = reader.varint(), columns == UInt64(row.count) else { return false }
        let wanted = projection.wanted
        var column = 0
        while column <= projection.last {
            let keep = wanted[column]
            guard let kind = reader.byte(), let value = reader.value(kind, build: keep) else { return false }
            if keep { row[column] = value }
            column += 1
        }
        return true
    }
}

/// The value kinds (``RowCodec/Kind``) each column of a table's rows may hold, worked out once
/// per table: the row check compares one bit per value, where reading the column's
/// ``ColumnDefinition`` for every value of every row (retaining its name and shape) was most of
/// what checking a page record's rows cost (`docs/storage.md`, "First check of a record").
struct RowKinds: Sendable {
    /// Per column, bit `k` set when kind `k` is allowed: the column type's kinds (both booleans
    /// for `.bool`), and `.null` when the column is nullable.
    let allowed: [UInt16]

    init(_ columns: [ColumnDefinition]) {
        allowed = columns.map { column in
            let kinds: [UInt8] = switch column.type {
            case .int: [RowCodec.Kind.int]
            case .double: [RowCodec.Kind.double]
            case .string: [RowCodec.Kind.string]
            case .bool: [RowCodec.Kind.boolFalse, RowCodec.Kind.boolTrue]
            case .timestamp: [RowCodec.Kind.timestamp]
            case .uuid: [RowCodec.Kind.uuid]
            case .bytes: [RowCodec.Kind.bytes]
            }
            var mask: UInt16 = column.isNullable ? 1 << UInt16(RowCodec.Kind.null) : 0
            for kind in kinds { mask |= 1 << UInt16(kind) }
            return mask
        }
    }
}

/// A read position in borrowed row bytes: the one value decoder of ``RowCodec``'s full,
/// projected and well-formedness reads. Every read is bounds-checked and
/// returns nil past the end.
struct RowBytes {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    @inline(__always)
    mutating func byte() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    @inline(__always)
    mutating func varint() -> UInt64? { ByteReader.varint(bytes, at: &position, end: bytes.count) }

    /// Moves past `count` bytes the caller has checked are there.
    @inline(__always)
    mutating func skip(_ count: Int) { position += count }

    /// Moves past the value of `kind` (its type byte, already read) without building it: false
    /// when the bytes end early or `kind` is no type. The row check's step, which builds nothing.
    @inline(__always)
    mutating func skipValue(_ kind: UInt8) -> Bool {
        let n = bytes.count
        switch kind {
        case RowCodec.Kind.null, RowCodec.Kind.boolFalse, RowCodec.Kind.boolTrue: return true
        case RowCodec.Kind.int, RowCodec.Kind.timestamp: return varint() != nil
        case RowCodec.Kind.double, RowCodec.Kind.uuid:
            let width = kind == RowCodec.Kind.double ? 8 : 16
            guard n - position >= width else { return false }
            position += width
            return true
        case RowCodec.Kind.string, RowCodec.Kind.bytes:
            guard let length = varint(), length <= UInt64(n - position) else { return false }
            position += Int(length)
            return true
        default: return false
        }
    }

    /// The value of `kind` (its type byte, already read) at the position; with `build` false
    /// the value is skipped by its length without being built and `.null` returned. Nil when
    /// the bytes end early or `kind` is no type.
    @inline(__always)
    mutating func value(_ kind: UInt8, build: Bool) -> StoreValue? {
        guard build else { return skipValue(kind) ? .null : nil }
        let n = bytes.count
        switch kind {
        case RowCodec.Kind.null: return .null
        case RowCodec.Kind.boolFalse: return .bool(false)
        case RowCodec.Kind.boolTrue: return .bool(true)
        case RowCodec.Kind.int, RowCodec.Kind.timestamp:
            guard let u = varint() else { return nil }
            let signed = Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
            return kind == RowCodec.Kind.int ? .int(signed) : .timestamp(signed)
        case RowCodec.Kind.double:
            guard n - position >= 8 else { return nil }
            defer { position += 8 }
            var bits: UInt64 = 0
            for i in 0..<8 { bits |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
            return .double(Double(bitPattern: bits))
        case RowCodec.Kind.uuid:
            guard n - position >= 16 else { return nil }
            defer { position += 16 }
            let (b, p) = (bytes, position)
            return .uuid(UUID(uuid: (b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7],
                                     b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15])))
        case RowCodec.Kind.string, RowCodec.Kind.bytes:
            guard let length = varint(), length <= UInt64(n - position) else { return nil }
            let len = Int(length)
            defer { position += len }
            let slice = UnsafeBufferPointer(rebasing: bytes[position..<position + len])
            return kind == RowCodec.Kind.string ? .string(String(decoding: slice, as: UTF8.self)) : .bytes(Array(slice))
        default: return nil
        }
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
