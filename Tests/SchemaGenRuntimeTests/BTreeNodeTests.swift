import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// The in-memory node and its one region: every edit against a sorted-array model, copy-on-write
/// isolation, growth past capacity, empty and large entries, and that every region is freed.
@Suite struct BTreeNodeTests {
    typealias Entry = (key: [UInt8], value: [UInt8])

    /// A generation of its own for each test, counted by ``LiveNodeRegions``.
    static func countedGeneration(_ n: UInt64) -> UInt64 { LiveNodeRegions.first + n * 1000 }

    static func entries(_ node: BTreeNode) -> [Entry] {
        (0..<node.count).map { (node.key($0), node.isLeaf ? node.value($0) : []) }
    }

    static func same(_ a: [Entry], _ b: [Entry]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// The end offsets ascend and end at the bytes in use; `sections` shows the same bytes.
    static func layoutHolds(_ node: BTreeNode) -> Bool {
        var previous = 0
        for i in 0..<node.count {
            if node.keyEnd(i) < previous { return false }
            previous = node.keyEnd(i)
        }
        guard previous == node.keyByteCount, node.sections.keys.count == node.keyByteCount else { return false }
        guard node.isLeaf else { return node.valueByteCount == 0 }
        previous = 0
        for i in 0..<node.count {
            if node.valueEnd(i) < previous { return false }
            previous = node.valueEnd(i)
        }
        return previous == node.valueByteCount && Array(node.sections.values) == (0..<node.count).flatMap { node.value($0) }
    }

    static func randomBytes(_ random: inout SeededRandom, maxCount: Int) -> [UInt8] {
        let count = random.chance(10) ? 0 : random.int(0...maxCount)
        return (0..<count).map { _ in UInt8(random.int(0..<256)) }
    }

    static func modelIndex(_ model: [Entry], _ key: [UInt8]) -> (Int, Bool) {
        var lo = 0, hi = model.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ByteOrder.compare(model[mid].key, key) < 0 { lo = mid + 1 } else { hi = mid }
        }
        return (lo, lo < model.count && model[lo].key == key)
    }

    @Test func randomLeafEditsMatchASortedArray() throws {
        let seed = testSeed()
        var random = SeededRandom(seed: seed)
        var generation = Self.countedGeneration(1)
        let firstGeneration = generation
        do {
            var node = BTreeNode(generation: generation, isLeaf: true)
            var model: [Entry] = []
            var snapshots: [(BTreeNode, [Entry])] = []
            for step in 0..<(heavyTests ? 40_000 : 6_000) {
                // Past 150 entries only removals, publishing and splits, so the node stays near a leaf's size.
                let roll = model.count > 150 ? random.int(50..<100) : random.int(0..<100)
                if roll < 50 || model.isEmpty {
                    // Short keys over a small alphabet, so searches meet equal prefixes and duplicates.
                    let key = (0..<random.int(0...6)).map { _ in UInt8(random.int(0..<4)) }
                    let value = random.chance(2) ? Self.randomBytes(&random, maxCount: 20_000) : Self.randomBytes(&random, maxCount: 40)
                    let (i, found) = Self.modelIndex(model, key)
                    #expect(node.lowerBound(key) == (i, found), "seed \(seed) step \(step)")
                    if found {
                        #expect(node.replaceValue(at: i, with: value) == model[i].value, "seed \(seed) step \(step)")
                        model[i].value = value
                    } else {
                        node.insert(key: key, value: value, at: i)
                        model.insert((key, value), at: i)
                    }
                } else if roll < 80 {
                    let i = random.int(0..<model.count)
                    #expect(node.remove(at: i) == model[i].value, "seed \(seed) step \(step)")
                    model.remove(at: i)
                } else if roll < 90 {
                    // Publish: later edits must copy, never touch, this node.
                    snapshots.append((node, model))
                    generation += 1
                    node = node.writable(in: generation)
                    #expect(node !== snapshots.last!.0, "seed \(seed) step \(step)")
                } else if model.count >= 2 {
                    let mid = random.int(1..<model.count)
                    let right = node.splitLeaf(from: mid, generation: generation)
                    #expect(Self.same(Self.entries(right), Array(model[mid...])), "seed \(seed) step \(step)")
                    #expect(Self.layoutHolds(right), "seed \(seed) step \(step)")
                    if random.bool() { node = right; model = Array(model[mid...]) } else { model = Array(model[..<mid]) }
                }
                #expect(Self.same(Self.entries(node), model), "seed \(seed) step \(step)")
                #expect(Self.layoutHolds(node), "seed \(seed) step \(step)")
            }
            for (old, oldModel) in snapshots {
                #expect(Self.same(Self.entries(old), oldModel), "seed \(seed): a published node changed")
                #expect(Self.layoutHolds(old), "seed \(seed)")
            }
            #expect(LiveNodeRegions.live(generation: firstGeneration) > 0, "the counter sees the regions it should")
        }
        for g in firstGeneration...generation {
            #expect(LiveNodeRegions.live(generation: g) == 0, "seed \(seed): regions of generation \(g) left allocated")
        }
    }

    @Test func internalNodeSeparatorsAndChildren() {
        let generation = Self.countedGeneration(2)
        do {
            let children = (0..<9).map { _ in BTreeNode(generation: generation, isLeaf: true) }
            let node = BTreeNode(generation: generation, keys: (1...8).map { [UInt8($0 * 10)] }, values: [], children: children)
            #expect(!node.isLeaf && node.count == 8 && node.valueByteCount == 0)
            #expect(node.childIndex([UInt8(5)]) == 0)
            #expect(node.childIndex([UInt8(10)]) == 1)
            #expect(node.childIndex([UInt8(255)]) == 8)
            node.replaceKey(at: 2, with: [30, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30])
            node.replaceKey(at: 3, with: [])
            #expect(node.key(2).count == 31 && node.key(3) == [] && node.key(4) == [50])
            node.replaceKey(at: 3, with: [40])
            node.insert(key: [45], value: nil, at: 4)
            node.children.insert(BTreeNode(generation: generation, isLeaf: true), at: 5)
            #expect(node.allKeys.map { $0.first! } == [10, 20, 30, 40, 45, 50, 60, 70, 80])
            #expect(Self.layoutHolds(node))
            let (up, right) = node.splitInternal(at: 4, generation: generation)
            #expect(up == [45])
            #expect(node.allKeys == [[10], [20], node.key(2), [40]] && node.children.count == 5)
            #expect(right.allKeys == [[50], [60], [70], [80]] && right.children.count == 5)
            #expect(right.children[1] === children[5] && right.children[4] === children[8])
            #expect(Self.layoutHolds(node) && Self.layoutHolds(right))
            let copy = right.withChildren(Array(right.children.reversed()))
            #expect(copy.allKeys == right.allKeys && copy.generation == right.generation && copy.children[0] === children[8])
        }
        #expect(LiveNodeRegions.live(generation: generation) == 0)
    }

    @Test func aCopysEditsNeverShowInTheOriginal() {
        let generation = Self.countedGeneration(3)
        do {
            let original = BTreeNode(generation: generation, keys: [[1], [2], [3]], values: [[10], [20], [30]], children: [])
            let copy = original.writable(in: generation + 1)
            #expect(copy !== original && original.writable(in: generation) === original)
            _ = copy.replaceValue(at: 0, with: Array(repeating: 7, count: 5000))
            copy.insert(key: [0], value: [0], at: 0)
            copy.remove(at: 3)
            _ = copy.splitLeaf(from: 1, generation: generation + 1)
            #expect(Self.same(Self.entries(original), [([1], [10]), ([2], [20]), ([3], [30])]))
            #expect(Self.same(Self.entries(copy), [([0], [0])]))
        }
        #expect(LiveNodeRegions.live(generation: generation) == 0 && LiveNodeRegions.live(generation: generation + 1) == 0)
    }

    @Test func growsPastItsCapacityAndHoldsEmptyAndLargeEntries() {
        let generation = Self.countedGeneration(4)
        do {
            let node = BTreeNode(generation: generation, isLeaf: true, entryCapacity: 1, keyByteCapacity: 1, valueByteCapacity: 1)
            var model: [Entry] = []
            for i in 0..<300 {
                let key = i == 0 ? [] : withUnsafeBytes(of: UInt32(i).bigEndian) { Array($0) }
                let value = i % 50 == 1 ? Array(repeating: UInt8(i & 0xff), count: 70_000) : i % 3 == 0 ? [] : Array(repeating: UInt8(i & 0xff), count: i)
                key.withUnsafeBufferPointer { k in value.withUnsafeBufferPointer { v in node.append(k, v) } }
                model.append((key, value))
            }
            #expect(Self.same(Self.entries(node), model))
            #expect(Self.layoutHolds(node))
            #expect(node.lowerBound([]) == (0, true))
            #expect(node.withValue(0) { $0.count } == 0)
            #expect(node.valueByteCount > 6 * 70_000)
            // Values past 64 KiB: the end offsets hold the full width.
            #expect(node.value(51).count == 70_000 && node.value(52) == Array(repeating: 52, count: 52))
        }
        #expect(LiveNodeRegions.live(generation: generation) == 0)
    }

    @Test func treesFreeEveryRegion() throws {
        let seed = testSeed()
        var random = SeededRandom(seed: seed)
        let first = Self.countedGeneration(5)
        var generation = first
        do {
            var tree = BTree()
            var snapshots: [BTree] = []
            for step in 0..<5000 {
                let k = IndexKeyEncoder.encode([.int(Int64(random.int(0..<2000)))])
                if random.chance(30) { tree.remove(k, generation: generation) } else { tree.insert(k, [UInt8](repeating: 1, count: random.int(0...30)), generation: generation) }
                if step % 400 == 0 {
                    snapshots.append(tree)
                    generation += 1
                }
            }
            var keys = PackedKeys()
            for i in stride(from: 0, to: 2000, by: 3) { keys.append(IndexKeyEncoder.encode([.int(Int64(i))])) }
            tree.removeAll(keys, generation: generation)
            try tree.checkInvariants()
            for old in snapshots { try old.checkInvariants() }
        }
        for g in first...generation { #expect(LiveNodeRegions.live(generation: g) == 0, "seed \(seed): generation \(g)") }
    }
}
