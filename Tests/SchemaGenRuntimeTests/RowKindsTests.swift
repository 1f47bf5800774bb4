import Foundation
import Testing
@testable import SchemaGenRuntime

/// The row check (``RowCodec/isWellFormed(_:kinds:)-(UnsafeBufferPointer<UInt8>,_)``), run on every
/// row a snapshot or log loads and on every row of a page record its first read meets, with
/// each table's value kinds worked out once (``RowKinds``): it accepts exactly the rows whose
/// every value decodes and is of its column's type, or null in a nullable column.
@Suite struct RowKindsTests {
    /// The bytes after the kind byte of a value of `kind`; none for a byte that is no kind.
    static func payload(_ kind: UInt8) -> [UInt8] {
        switch kind {
        case RowCodec.Kind.int, RowCodec.Kind.timestamp: [4]
        case RowCodec.Kind.double: [UInt8](repeating: 0x3F, count: 8)
        case RowCodec.Kind.string, RowCodec.Kind.bytes: [1, 0x61]
        case RowCodec.Kind.uuid: [UInt8](repeating: 7, count: 16)
        default: []
        }
    }

    /// What the check must say, from the full decode: every value decodes and has its column's type.
    static func expected(_ row: [UInt8], _ columns: [ColumnDefinition]) -> Bool {
        let values: Row
        do {
            values = try RowCodec.decode(row)
        } catch is RowCodec.Malformed {
            return false
        } catch {
            Issue.record("unexpected error \(error)")
            return false
        }
        guard values.count == columns.count else { return false }
        return zip(values, columns).allSatisfy { value, column in value.isNull ? column.isNullable : value.type == column.type }
    }

    /// A one-column row of every column type, nullable or not, holding each of the 256 type bytes.
    @Test func everyKindByteInEveryColumnType() {
        var checked = 0, accepted = 0
        for type in ColumnType.allCases {
            for nullable in [false, true] {
                let columns = [ColumnDefinition("c", type, nullable: nullable)]
                let kinds = RowKinds(columns)
                for kind in 0...255 {
                    let row = [1, UInt8(kind)] + Self.payload(UInt8(kind))
                    let result = RowCodec.isWellFormed(row, kinds: kinds)
                    #expect(result == Self.expected(row, columns), "\(type) nullable \(nullable) kind \(kind)")
                    checked += 1
                    if result { accepted += 1 }
                }
            }
        }
        #expect(checked == ColumnType.allCases.count * 2 * 256)
        // Per type: its kind(s) (two for bool) twice, and null once, in the nullable column.
        #expect(accepted == (ColumnType.allCases.count + 1) * 2 + ColumnType.allCases.count)
    }

    /// Rows of several columns: the count, each column's kind, a short payload and trailing bytes.
    @Test func rowsOfSeveralColumns() {
        let columns: [ColumnDefinition] = [.init("id", .int), .init("flag", .bool), .init("note", .string, nullable: true),
                                           .init("at", .timestamp)]
        let kinds = RowKinds(columns)
        let good: [UInt8] = [4, 1, 2, 5, 3, 1, 0x61, 6, 8]
        let cases: [(name: String, row: [UInt8], wellFormed: Bool)] = [
            ("intact", good, true),
            ("null note", [4, 1, 2, 4, 0, 6, 8], true),
            ("null id", [4, 0, 5, 3, 1, 0x61, 6, 8], false),
            ("timestamp in the int column", [4, 6, 2, 5, 3, 1, 0x61, 6, 8], false),
            ("int in the bool column", [4, 1, 2, 1, 2, 3, 1, 0x61, 6, 8], false),
            ("three values", [3, 1, 2, 5, 3, 1, 0x61], false),
            ("five values", [5, 1, 2, 5, 3, 1, 0x61, 6, 8, 1, 2], false),
            ("string longer than the row", [4, 1, 2, 5, 3, 9, 0x61, 6, 8], false),
            ("trailing byte", good + [0], false),
            ("cut in the last value", Array(good.dropLast()), false),
            ("empty", [], false),
        ]
        for (name, row, wellFormed) in cases {
            #expect(RowCodec.isWellFormed(row, kinds: kinds) == wellFormed, "\(name)")
            #expect(Self.expected(row, columns) == wellFormed, "reference, \(name)")
        }
    }
}
