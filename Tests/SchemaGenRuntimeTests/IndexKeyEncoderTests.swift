import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

@Suite struct IndexKeyEncoderTests {
    /// Reference tuple order: per column null first, then by value; descending reverses a column.
    static func compare(_ a: [StoreValue], _ b: [StoreValue], _ orders: [ColumnOrder]) -> Int {
        for i in 0..<min(a.count, b.count) {
            var c = compareValue(a[i], b[i])
            if orders[i] == .descending { c = -c }
            if c != 0 { return c }
        }
        return a.count - b.count
    }

    static func compareValue(_ a: StoreValue, _ b: StoreValue) -> Int {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.int(let x), .int(let y)), (.timestamp(let x), .timestamp(let y)): return sign(x, y)
        case (.double(let x), .double(let y)): return sign(x, y)
        case (.string(let x), .string(let y)): return compareValue(.bytes(Array(x.utf8)), .bytes(Array(y.utf8)))
        case (.bytes(let x), .bytes(let y)): return x.lexicographicallyPrecedes(y) ? -1 : (y.lexicographicallyPrecedes(x) ? 1 : 0)
        case (.bool(let x), .bool(let y)): return sign(x ? 1 : 0, y ? 1 : 0)
        case (.uuid(let x), .uuid(let y)):
            let xb = withUnsafeBytes(of: x.uuid) { Array($0) }, yb = withUnsafeBytes(of: y.uuid) { Array($0) }
            return xb.lexicographicallyPrecedes(yb) ? -1 : (yb.lexicographicallyPrecedes(xb) ? 1 : 0)
        default: return 0
        }
    }

    static func randomValue(_ type: ColumnType, _ rng: inout SeededRandom) -> StoreValue {
        if Int.random(in: 0..<8, using: &rng) == 0 { return .null }
        switch type {
        case .int: return .int([Int64.min, -1, 0, 1, Int64.max, Int64.random(in: -1000...1000, using: &rng), Int64.random(in: .min ... .max, using: &rng)].randomElement(using: &rng)!)
        case .timestamp: return .timestamp(Int64.random(in: -5...5, using: &rng) * 1_000_000_000)
        case .double: return .double([-Double.infinity, -1.5, -0.0, 0, 1e-300, 2.5, Double.infinity, Double.random(in: -1e6...1e6, using: &rng)].randomElement(using: &rng)!)
        case .string:
            let alphabet: [Character] = ["a", "b", "\u{0}", "\u{1}", "é", "z", "\u{FF}"]
            return .string(String((0..<Int.random(in: 0...4, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
        case .bytes: return .bytes((0..<Int.random(in: 0...4, using: &rng)).map { _ in [0, 1, 0xFF, 0x7F].randomElement(using: &rng)! })
        case .bool: return .bool(Bool.random(using: &rng))
        case .uuid:
            let b = (0..<16).map { _ in UInt8.random(in: 0...2, using: &rng) }
            return .uuid(UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15])))
        }
    }

    @Test func byteOrderEqualsTupleOrder() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        for _ in 0..<(heavyTests ? 200 : 40) {
            let types = (0..<Int.random(in: 1...3, using: &rng)).map { _ in ColumnType.allCases.randomElement(using: &rng)! }
            let orders = types.map { _ in Bool.random(using: &rng) ? ColumnOrder.ascending : .descending }
            let tuples = (0..<60).map { _ in types.map { Self.randomValue($0, &rng) } }
            for t in tuples {
                #expect(try IndexKeyDecoder.decode(IndexKeyEncoder.encode(t, orders: orders), orders: orders) == t, "seed \(seed): \(t)")
            }
            for a in tuples {
                for b in tuples {
                    let expected = Self.compare(a, b, orders).signum()
                    let actual = ByteOrder.compare(IndexKeyEncoder.encode(a, orders: orders), IndexKeyEncoder.encode(b, orders: orders)).signum()
                    #expect(expected == actual, "seed \(seed): \(a) vs \(b) orders \(orders)")
                    if expected != actual { return }
                }
            }
        }
    }

    @Test func stringsSortBeforeTheirExtensions() {
        let keys = ["", "a", "a\u{0}", "a\u{0}b", "ab", "b"].map { IndexKeyEncoder.encode([.string($0)]) }
        #expect(keys == keys.sorted { ByteOrder.compare($0, $1) < 0 })
    }

    @Test func rowCodecRoundTrips() throws {
        let row: Row = [.null, .int(-5), .double(2.5), .string("héllo"), .bool(true), .bool(false), .timestamp(123), .uuid(UUID()), .bytes([0, 1, 2])]
        #expect(try RowCodec.decode(RowCodec.encode(row)) == row)
    }
}
