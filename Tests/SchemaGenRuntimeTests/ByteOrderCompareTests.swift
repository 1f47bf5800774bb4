import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Key comparison (``ByteOrder/compare(_:_:_:)``, every search of a node: a big-endian word for
/// the first eight bytes, then `memcmp`): its sign is the lexicographic order of the bytes for
/// every length and every position of the first difference.
@Suite struct ByteOrderCompareTests {
    @Test func theSignIsTheLexicographicOrderForEveryLengthAndDifference() {
        var rng = SeededRandom(seed: 13)
        var checked = 0
        for _ in 0..<20000 {
            let length = Int.random(in: 0...24, using: &rng)
            let a = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var b = Array(a.prefix(Int.random(in: 0...length, using: &rng)))
            // The same bytes up to a random point, then a random tail (often one byte off).
            if Bool.random(using: &rng), let last = b.indices.last { b[last] = b[last] &+ (Bool.random(using: &rng) ? 1 : 255) }
            b += (0..<Int.random(in: 0...10, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let expected = a == b ? 0 : (a.lexicographicallyPrecedes(b) ? -1 : 1)
            let got = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { ByteOrder.compare(pa.baseAddress, pa.count, $0) } }
            #expect(got.signum() == expected, "\(a) vs \(b)")
            #expect(ByteOrder.compare(a, b).signum() == expected)
            checked += 1
        }
        #expect(checked == 20000)
    }
}
