import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// A filtered scan reads only the columns it needs from each fetched row's bytes
/// (``RowCodec/decode(_:projection:into:)``: the others are skipped by their lengths, and
/// decoding stops after the last one wanted): the top-authors query reads one column of each
/// message. Each such read gives exactly what decoding the whole row gives, for every column
/// alone and for random sets of columns, over random rows holding every type and NULLs.
@Suite struct ProjectedRowDecodingTests {
    static func randomValue(_ rng: inout SeededRandom) -> StoreValue {
        switch Int.random(in: 0..<9, using: &rng) {
        case 0: return .null
        case 1: return .int(Int64.random(in: Int64.min...Int64.max, using: &rng) >> Int64.random(in: 0..<64, using: &rng))
        case 2:
            // Any bit pattern but a NaN's (which compares unequal to itself), and negative zero.
            let d = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
            return .double(d.isNaN ? -0.0 : d)
        case 3: return .string(String((0..<Int.random(in: 0..<200, using: &rng)).map { _ in "aé😀\u{0}z".randomElement(using: &rng)! }))
        case 4: return .bool(Bool.random(using: &rng))
        case 5: return .timestamp(Int64.random(in: -(1 << 60)...(1 << 60), using: &rng))
        case 6: return .uuid(UUID(uuid: (UInt8.random(in: 0...255, using: &rng), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                                         UInt8.random(in: 0...255, using: &rng))))
        case 7: return .bytes((0..<Int.random(in: 0..<300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        default: return .null
        }
    }

    static func kind(_ value: StoreValue) -> String {
        switch value {
        case .null: "null"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .bool: "bool"
        case .timestamp: "timestamp"
        case .uuid: "uuid"
        case .bytes: "bytes"
        }
    }

    @Test func eachColumnReadAloneOrInASetIsWhatTheWholeRowDecodes() throws {
        var rng = SeededRandom(seed: 15)
        var kinds = Set<String>()
        for _ in 0..<2000 {
            let width = Int.random(in: 1...12, using: &rng)
            let row = (0..<width).map { _ in Self.randomValue(&rng) }
            for value in row { kinds.insert(Self.kind(value)) }
            let bytes = RowCodec.encode(row)
            try bytes.withUnsafeBufferPointer { stored in
                let whole = try RowCodec.decode(stored)
                #expect(whole == row)
                for column in 0..<width {
                    var read = Row(repeating: .int(-1), count: width)
                    #expect(RowCodec.decode(stored, projection: ColumnProjection([column], columnCount: width), into: &read))
                    #expect(read[column] == whole[column], "column \(column) of \(row)")
                    // Nothing but the one column is written.
                    #expect(read.indices.allSatisfy { $0 == column || read[$0] == .int(-1) })
                }
                let some = Set((0..<width).filter { _ in Bool.random(using: &rng) })
                var read = Row(repeating: .int(-1), count: width)
                #expect(RowCodec.decode(stored, projection: ColumnProjection(some, columnCount: width), into: &read))
                #expect(read.indices.allSatisfy { some.contains($0) ? read[$0] == whole[$0] : read[$0] == .int(-1) })
                // A row of another width, or bytes cut short, is refused rather than read.
                var wrongWidth = Row(repeating: .null, count: width + 1)
                #expect(!RowCodec.decode(stored, projection: ColumnProjection([width], columnCount: width + 1), into: &wrongWidth))
                let cut = UnsafeBufferPointer(rebasing: stored[..<(stored.count - 1)])
                var short = Row(repeating: .null, count: width)
                #expect(!RowCodec.decode(cut, projection: ColumnProjection([width - 1], columnCount: width), into: &short))
            }
        }
        #expect(kinds == ["null", "int", "double", "string", "bool", "timestamp", "uuid", "bytes"], "\(kinds)")
    }
}
