import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

@Suite struct BTreeTests {
    static func key(_ i: Int) -> [UInt8] { IndexKeyEncoder.encode([.int(Int64(i))]) }

    @Test func randomOperationsMatchASortedMap() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        var tree = BTree()
        var model: [Int: Int] = [:]
        var generation: UInt64 = 1
        var snapshots: [(BTree, [Int: Int])] = []
        for step in 0..<(heavyTests ? 200_000 : 20_000) {
            let k = Int.random(in: 0..<3000, using: &rng)
            if Int.random(in: 0..<3, using: &rng) == 0 {
                let removed = tree.remove(Self.key(k), generation: generation)
                #expect((removed != nil) == (model.removeValue(forKey: k) != nil), "seed \(seed) step \(step)")
            } else {
                tree.insert(Self.key(k), Self.key(step), generation: generation)
                model[k] = step
            }
            if step % 500 == 0 {
                // Publishing a snapshot: later changes must copy, never touch, its nodes.
                snapshots.append((tree, model))
                generation += 1
                try tree.checkInvariants()
            }
        }
        try tree.checkInvariants()
        #expect(tree.count == model.count, "seed \(seed)")
        for (old, oldModel) in snapshots {
            try old.checkInvariants()
            var it = BTreeRangeIterator(old, lower: nil, upper: nil, reverse: false)
            var seen: [Int: Int] = [:]
            var keys: [Int] = []
            while let (k, v) = it.next() {
                let ki = Int(IndexKeyEncoderTests.decodeInt(k)), vi = Int(IndexKeyEncoderTests.decodeInt(v))
                seen[ki] = vi
                keys.append(ki)
            }
            #expect(seen == oldModel, "seed \(seed): snapshot changed")
            #expect(keys == keys.sorted())
        }
    }

    @Test func cursorsFromEveryBoundInBothDirections() throws {
        var tree = BTree()
        let present = Array(stride(from: 0, to: 2000, by: 2))
        for k in present { tree.insert(Self.key(k), [], generation: 1) }
        for bound in stride(from: -1, to: 2002, by: 7) {
            for inclusive in [true, false] {
                let b: KeyBound = inclusive ? .inclusive(Self.key(bound)) : .exclusive(Self.key(bound))
                var forward = BTreeRangeIterator(tree, lower: b, upper: nil, reverse: false)
                let expectedForward = present.filter { inclusive ? $0 >= bound : $0 > bound }
                var got: [Int] = []
                while let (k, _) = forward.next() { got.append(Int(IndexKeyEncoderTests.decodeInt(k))) }
                #expect(got == expectedForward)
                var backward = BTreeRangeIterator(tree, lower: nil, upper: b, reverse: true)
                got = []
                while let (k, _) = backward.next() { got.append(Int(IndexKeyEncoderTests.decodeInt(k))) }
                #expect(got == present.filter { inclusive ? $0 <= bound : $0 < bound }.reversed())
            }
        }
    }

    @Test func prefixScans() {
        var tree = BTree()
        for a in 0..<20 { for b in 0..<30 { tree.insert(IndexKeyEncoder.encode([.int(Int64(a)), .int(Int64(b))]), [], generation: 1) } }
        var it = BTreeRangeIterator(tree, prefix: IndexKeyEncoder.encode([.int(7)]), reverse: true)
        var n = 0
        while it.next() != nil { n += 1 }
        #expect(n == 30)
    }

    @Test func bulkBuiltTreesAreValid() throws {
        for n in [0, 1, 15, 16, 17, 64, 65, 100, 4096, 4097, 10_000] {
            var builder = BTreeBuilder(generation: 0)
            for i in 0..<n { builder.append(Self.key(i), []) }
            var tree = builder.finish()
            try tree.checkInvariants()
            #expect(tree.count == n)
            for i in stride(from: 0, to: n, by: 3) { tree.remove(Self.key(i), generation: 1) }
            try tree.checkInvariants()
        }
    }
}

extension IndexKeyEncoderTests {
    /// Decodes a key made by `IndexKeyEncoder.encode([.int(x)])`.
    static func decodeInt(_ key: [UInt8]) -> Int64 {
        var v: UInt64 = 0
        for b in key[1..<9] { v = v << 8 | UInt64(b) }
        return Int64(bitPattern: v ^ (1 << 63))
    }
}
