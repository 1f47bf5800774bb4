import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// ``BTree/removeAll(_:generation:)`` against removing the same keys one by one.
@Suite struct BTreeBulkRemovalTests {
    static func key(_ i: Int) -> [UInt8] { BTreeTests.key(i) }

    static func entries(_ tree: BTree) -> [[UInt8]] {
        var it = BTreeRangeIterator(tree, lower: nil, upper: nil, reverse: false)
        var out: [[UInt8]] = []
        while let (k, v) = it.next() { out.append(k + [0xFF] + v) }
        return out
    }

    /// The keys of each leaf, left to right, so doomed sets can line up with leaves exactly.
    static func leaves(_ tree: BTree) -> [[[UInt8]]] {
        var out: [[[UInt8]]] = []
        func walk(_ node: BTreeNode) {
            if node.isLeaf { out.append(node.allKeys); return }
            for i in node.children.indices { walk(node.child(i)) }
        }
        if let root = tree.root { walk(root) }
        return out
    }

    /// A tree of `n` entries under even keys, built one of three ways, with values of random length.
    static func tree(_ n: Int, shape: Int, generation: UInt64, using rng: inout SeededRandom) -> BTree {
        let keys = (0..<n).map { $0 * 2 }
        func value(_ k: Int) -> [UInt8] { Array(repeating: UInt8(k & 0x7F), count: k % 23) }
        switch shape {
        case 0:  // random insertion order: leaves of every fill
            var tree = BTree()
            for k in keys.shuffled(using: &rng) { tree.insert(key(k), value(k), generation: generation) }
            return tree
        case 1:  // ascending inserts: half-full leaves, as a bulk load leaves them
            var tree = BTree()
            for k in keys { tree.insert(key(k), value(k), generation: generation) }
            return tree
        default:  // built whole: full leaves
            var builder = BTreeBuilder(generation: generation)
            for k in keys { builder.append(key(k), value(k)) }
            return builder.finish()
        }
    }

    /// Named doomed sets for a tree of the even keys below `2 * n`: some hold odd keys it lacks.
    static func doomedSets(_ tree: BTree, n: Int, using rng: inout SeededRandom) -> [(String, [Int])] {
        let all = (0..<n).map { $0 * 2 }
        let leafRuns = leaves(tree).map { $0.map { Int(IndexKeyEncoderTests.decodeInt($0)) } }
        let p = Double.random(in: 0...1, using: &rng)
        let a = Int.random(in: 0...n, using: &rng), b = Int.random(in: 0...n, using: &rng)
        var runs: [Int] = []
        var i = 0
        while i < n {
            let length = Int.random(in: 1...200, using: &rng)
            if Bool.random(using: &rng) { runs += all[i..<min(n, i + length)] }
            i += length
        }
        return [
            ("none", []),
            ("all", all),
            ("every other", stride(from: 0, to: n, by: 2).map { all[$0] }),
            ("every other, the other half", stride(from: 1, to: n, by: 2).map { all[$0] }),
            ("every other whole leaf", leafRuns.enumerated().filter { $0.offset % 2 == 0 }.flatMap(\.element)),
            ("all but one leaf", leafRuns.enumerated().filter { $0.offset != leafRuns.count / 2 }.flatMap(\.element)),
            ("the first tenth (expiry)", Array(all.prefix(n / 10))),
            ("the last half", Array(all.suffix(n / 2))),
            ("a middle range", Array(all[min(a, b)..<max(a, b)])),
            ("random p=\(p)", all.filter { _ in Double.random(in: 0..<1, using: &rng) < p }),
            ("random runs", runs),
            ("absent keys only", (0..<n).map { $0 * 2 + 1 }),
            ("present and absent mixed", (0..<(2 * n)).filter { _ in Bool.random(using: &rng) }),
        ]
    }

    @Test func removingManyKeysLeavesWhatRemovingThemOneByOneLeaves() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        // Up to 5,000 entries the trees have three levels, so merged internal nodes are covered.
        var sizes = [0, 1, 2, 15, 16, 17, 63, 64, 65, 100, 1000, 5000]
        for _ in 0..<(heavyTests ? 40 : 2) { sizes.append(Int.random(in: 0..<(heavyTests ? 200_000 : 8000), using: &rng)) }
        for n in sizes {
            for shape in 0..<3 {
                // The same tree again, for the cases that change it in place.
                let shapeSeed = rng.next()
                func build() -> BTree {
                    var shapeRNG = SeededRandom(seed: shapeSeed)
                    return Self.tree(n, shape: shape, generation: 1, using: &shapeRNG)
                }
                let original = build()
                let originalEntries = Self.entries(original)
                for (name, doomed) in Self.doomedSets(original, n: n, using: &rng) {
                    // Generation 2 copies every node it changes (the original is a published
                    // snapshot); generation 1 changes the original's nodes in place.
                    for generation: UInt64 in [2, 1] {
                        let context = "seed \(seed), \(n) entries, shape \(shape), \(name), generation \(generation)"
                        var single = generation == 1 ? build() : original
                        var bulk = generation == 1 ? build() : original
                        var removedOneByOne = 0
                        for k in doomed where single.remove(Self.key(k), generation: generation) != nil { removedOneByOne += 1 }
                        // Any order, with duplicates: the bulk removal sorts and deduplicates.
                        var keys = doomed.map(Self.key)
                        keys += keys.prefix(keys.count / 3)
                        keys.shuffle(using: &rng)
                        let removed = bulk.removeAll(keys, generation: generation)
                        #expect(removed == removedOneByOne, "\(context)")
                        #expect(bulk.count == single.count, "\(context)")
                        #expect(Self.entries(bulk) == Self.entries(single), "\(context)")
                        do {
                            try bulk.checkInvariants()
                        } catch {
                            Issue.record("\(context): \(error)")
                        }
                        if generation == 2 {
                            #expect(Self.entries(original) == originalEntries, "\(context): the snapshot changed")
                            try original.checkInvariants()
                        }
                    }
                }
            }
        }
    }

    @Test func removingNothingKeepsTheSameNodes() {
        var tree = BTree()
        for k in 0..<1000 { tree.insert(Self.key(k * 2), [], generation: 1) }
        let root = tree.root
        #expect(tree.removeAll([], generation: 2) == 0)
        #expect(tree.removeAll((0..<1000).map { Self.key($0 * 2 + 1) }, generation: 2) == 0)
        #expect(tree.root === root)
        var empty = BTree()
        #expect(empty.removeAll([Self.key(1)], generation: 1) == 0)
        #expect(empty.root == nil)
    }
}
