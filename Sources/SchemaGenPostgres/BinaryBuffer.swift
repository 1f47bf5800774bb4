import Foundation

/// Appends big-endian integers and raw bytes: PostgreSQL's binary wire formats.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write<Integer: FixedWidthInteger>(_ value: Integer) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write<Bytes: Sequence>(bytes more: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: more)
    }

    /// A length-prefixed field (`-1` for NULL), as inside binary arrays.
    mutating func writeField(_ field: [UInt8]?) {
        guard let field else { return write(Int32(-1)) }
        write(Int32(field.count))
        write(bytes: field)
    }
}

/// Reads big-endian integers and byte runs from one binary field; running past the end throws.
struct BinaryReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - offset }

    mutating func read<Integer: FixedWidthInteger>(_: Integer.Type) throws -> Integer {
        let size = MemoryLayout<Integer>.size
        guard remaining >= size else { throw Self.truncated }
        var value = Integer.zero
        withUnsafeMutableBytes(of: &value) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + size]))
        }
        offset += size
        return Integer(bigEndian: value)
    }

    mutating func read(count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw Self.truncated }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    mutating func readRest() -> UnsafeRawBufferPointer {
        defer { offset = bytes.count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset...])
    }

    private static let truncated = PostgresError(kind: .decodingFailed, message: "a binary field ended before its value did")
}
