import Foundation

/// Reads a stored row's values one column after another straight from its encoded bytes (see
/// ``RowCodec``), as they lie in a tree node or the page file's map: what generated records
/// decode from (``StoredRecord/init(reading:)``), so a read builds the record's fields and no
/// `[StoreValue]` row in between.
///
/// A reader borrows the bytes: it is handed to a record's initializer inside the store's read
/// and must not be kept. Every read is bounds-checked; bytes that end early or hold a value of
/// another type than asked for throw ``ColumnDecodingError``, never trap.
public struct RowReader {
    var bytes: RowBytes
    /// The number of values the row holds, from its header.
    public let columnCount: Int
    /// The position of the next value to read.
    public private(set) var column = 0

    /// A reader of the encoded row `bytes`, positioned before its first value.
    init(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        self.bytes = RowBytes(bytes)
        guard let count = self.bytes.varint(), count <= UInt64(bytes.count) else {
            throw ColumnDecodingError(description: "the row's column count does not decode")
        }
        columnCount = Int(count)
    }

    /// Throws unless the row holds exactly `count` values (a record's field count).
    public func expectColumns(_ count: Int) throws {
        guard columnCount == count else { throw ColumnDecodingError(description: "\(columnCount) columns instead of \(count)") }
    }

    /// Throws unless every value has been read and the bytes end there.
    func finish() throws {
        guard column == columnCount, bytes.isAtEnd else {
            throw ColumnDecodingError(description: "\(columnCount - column) values or trailing bytes left after the last field")
        }
    }

    /// The next value's type byte, consumed; throws past the last column or the bytes' end.
    private mutating func kind() throws -> UInt8 {
        guard column < columnCount, let kind = bytes.byte() else { throw ColumnDecodingError(description: "the row ends before column \(column)") }
        column += 1
        return kind
    }

    /// The next value as a ``StoreValue``: the general read (decimals, nested documents,
    /// arrays) for types without a direct one.
    public mutating func readValue() throws -> StoreValue {
        let kind = try kind()
        guard let value = bytes.value(kind, build: true) else { throw truncated() }
        return value
    }

    /// Whether the next value is null; a null is consumed, any other value is left to read.
    public mutating func readNull() throws -> Bool {
        guard column < columnCount, bytes.position < bytes.bytes.count else {
            throw ColumnDecodingError(description: "the row ends before column \(column)")
        }
        guard bytes.bytes[bytes.position] == RowCodec.Kind.null else { return false }
        _ = try kind()
        return true
    }

    /// The error for the value just begun (its type byte read) whose payload does not decode.
    private func truncated() -> ColumnDecodingError { ColumnDecodingError(description: "column \(column - 1) does not decode") }

    /// The value just past a type byte that was not `expected`, for the error that names it.
    private mutating func mismatch(_ kind: UInt8, expected: String) -> ColumnDecodingError {
        ColumnDecodingError(expected, bytes.value(kind, build: true) ?? .null)
    }

    /// Reads a zig-zag varint payload (of an int or timestamp value).
    private mutating func signed() throws -> Int64 {
        guard let u = bytes.varint() else { throw truncated() }
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    /// Reads a length-prefixed payload (of a string or bytes value) and hands it to `body` in place.
    private mutating func withPayload<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        let n = bytes.bytes.count
        guard let length = bytes.varint(), length <= UInt64(n - bytes.position) else {
            throw truncated()
        }
        let start = bytes.position
        bytes.skip(Int(length))
        return try body(UnsafeBufferPointer(rebasing: bytes.bytes[start..<start + Int(length)]))
    }

    /// Reads an `int` value.
    public mutating func readInt() throws -> Int64 {
        let kind = try kind()
        guard kind == RowCodec.Kind.int else { throw mismatch(kind, expected: "an int") }
        return try signed()
    }

    /// Reads a `timestamp` value (microseconds since 1970).
    public mutating func readTimestamp() throws -> Int64 {
        let kind = try kind()
        guard kind == RowCodec.Kind.timestamp else { throw mismatch(kind, expected: "a timestamp") }
        return try signed()
    }

    /// Reads a `double` value.
    public mutating func readDouble() throws -> Double {
        let kind = try kind()
        guard kind == RowCodec.Kind.double else { throw mismatch(kind, expected: "a double") }
        guard case .double(let value)? = bytes.value(kind, build: true) else { throw truncated() }
        return value
    }

    /// Reads a `bool` value.
    public mutating func readBool() throws -> Bool {
        let kind = try kind()
        switch kind {
        case RowCodec.Kind.boolTrue: return true
        case RowCodec.Kind.boolFalse: return false
        default: throw mismatch(kind, expected: "a bool")
        }
    }

    /// Reads a `string` value.
    public mutating func readString() throws -> String {
        let kind = try kind()
        guard kind == RowCodec.Kind.string else { throw mismatch(kind, expected: "a string") }
        return try withPayload { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads a `uuid` value.
    public mutating func readUUID() throws -> UUID {
        let kind = try kind()
        guard kind == RowCodec.Kind.uuid else { throw mismatch(kind, expected: "a uuid") }
        guard case .uuid(let value)? = bytes.value(kind, build: true) else { throw truncated() }
        return value
    }

    /// Reads a `bytes` value.
    public mutating func readBytes() throws -> [UInt8] {
        let kind = try kind()
        guard kind == RowCodec.Kind.bytes else { throw mismatch(kind, expected: "bytes") }
        return try withPayload { Array($0) }
    }

    /// The values not read yet, as a row (the fallback for a record without a direct decoder).
    mutating func remainingValues() throws -> Row {
        var row: Row = []
        row.reserveCapacity(columnCount - column)
        while column < columnCount { row.append(try readValue()) }
        return row
    }

    /// The value at `position` of the encoded row `bytes`, the values before it skipped
    /// without being built; nil when the bytes do not decode that far.
    static func value(at position: Int, of bytes: UnsafeBufferPointer<UInt8>) -> StoreValue? {
        var reader = RowBytes(bytes)
        guard let count = reader.varint(), UInt64(position) < count else { return nil }
        for _ in 0..<position {
            guard let kind = reader.byte(), reader.value(kind, build: false) != nil else { return nil }
        }
        guard let kind = reader.byte() else { return nil }
        return reader.value(kind, build: true)
    }
}
