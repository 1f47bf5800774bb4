import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// ``CoveredLayout`` (a covering index's layout packed into a plain value, which a scan's
/// per-entry closure captures without retaining anything) builds exactly the rows the layout as
/// arrays builds (``RowCursor/coveredRow(_:_:_:_:)``), and refuses layouts it cannot hold.
@Suite struct CoveredLayoutTests {
    static func randomValue(using rng: inout SeededRandom) -> StoreValue {
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return .null
        case 1: return .int(Int64.random(in: Int64.min...Int64.max, using: &rng))
        case 2: return .string(String(repeating: "a\u{0}é", count: Int.random(in: 0..<4, using: &rng)))
        case 3: return .double(Double(Int.random(in: -1000...1000, using: &rng)) / 8)
        case 4: return .bool(Bool.random(using: &rng))
        default: return .timestamp(Int64.random(in: -1_000_000...1_000_000, using: &rng))
        }
    }

    /// Random layouts of 1 to 8 entry columns (a column may come twice, as when the primary key
    /// is also an index column: the later one wins), both orders, every value type.
    @Test func buildsTheRowsTheArrayLayoutBuilds() throws {
        var rng = SeededRandom(seed: 41)
        for _ in 0..<2000 {
            let columnCount = Int.random(in: 1...12, using: &rng)
            let count = Int.random(in: 1...CoveredLayout.maxColumns, using: &rng)
            let layout = (0..<count).map { _ in Int.random(in: 0..<columnCount, using: &rng) }
            let orders = (0..<count).map { _ in Bool.random(using: &rng) ? ColumnOrder.descending : .ascending }
            let values = (0..<count).map { _ in Self.randomValue(using: &rng) }
            var expected = Row(repeating: .null, count: columnCount)
            for (i, column) in layout.enumerated() { expected[column] = values[i] }
            let key = IndexKeyEncoder.encode(values, orders: orders)
            let packed = try #require(CoveredLayout(layout, orders, columnCount: columnCount))
            key.withUnsafeBufferPointer { key in
                #expect(packed.row(from: key) == expected)
                #expect(RowCursor.coveredRow(key, layout, orders, columnCount) == expected)
                // Cut inside its last value, the key decodes in neither.
                let cut = UnsafeBufferPointer(rebasing: key[..<(key.count - 1)])
                #expect(packed.row(from: cut) == nil)
                #expect(RowCursor.coveredRow(cut, layout, orders, columnCount) == nil)
            }
        }
    }

    @Test func layoutsItCannotHoldAreRefused() {
        let nine = Array(0..<9), orders = [ColumnOrder](repeating: .ascending, count: 9)
        #expect(CoveredLayout(nine, orders, columnCount: 9) == nil)
        #expect(CoveredLayout(Array(nine.prefix(8)), Array(orders.prefix(8)), columnCount: 9) != nil)
        #expect(CoveredLayout([0, 255], [.ascending, .ascending], columnCount: 256) == nil)
        #expect(CoveredLayout([0, 3], [.ascending, .ascending], columnCount: 3) == nil)
        #expect(CoveredLayout([0, 1], [.ascending], columnCount: 2) == nil)
    }
}
