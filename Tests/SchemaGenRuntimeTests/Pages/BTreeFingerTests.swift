import Foundation
import Testing
@testable import SchemaGenRuntime

/// Row fetches that start from the previous fetch's path (``BTreeFinger``: index scans fetching
/// each entry's row) read exactly what a descent from the root reads: for every key in order,
/// absent keys between and beside leaves, backward and random orders, over checkpointed and
/// in-memory nodes, across a checkpoint that maps the file again; a damaged leaf reached from the
/// remembered parent is refused with its fault.
@Suite struct BTreeFingerTests {
    /// Every stored key of `tree`, in order.
    static func keys(_ tree: BTree) -> [[UInt8]] {
        var iterator = BTreeRangeIterator(tree, lower: nil, upper: nil, reverse: false)
        var keys: [[UInt8]] = []
        while let key = iterator.nextKey() { keys.append(key) }
        return keys
    }

    /// Stored keys, keys just after each (absent: between two entries, or between two leaves
    /// after a leaf's last), and keys before the first and after the last.
    static func probes(_ keys: [[UInt8]]) -> [[UInt8]] {
        [[]] + keys.flatMap { [$0, $0 + [0]] } + [[0xFF, 0xFF]]
    }

    /// Reads each of `probes` through one finger, in order; returns how many were found, and
    /// expects each result to equal the fresh descent's (``BTree/withValue(forKey:_:)``).
    @discardableResult
    static func compare(_ tree: BTree, _ probes: [[UInt8]], _ finger: inout BTreeFinger) -> Int {
        var found = 0, differing: [[UInt8]] = []
        for key in probes {
            let fresh = tree.withValue(forKey: key) { Array($0) }
            let fingered = key.withUnsafeBufferPointer { k in finger.withValue(forKey: k) { Array($0) } }
            if fresh != fingered { differing.append(key) }
            if fresh != nil { found += 1 }
        }
        #expect(differing.count == 0, "\(differing.count) keys read otherwise through the finger, first \(differing.first ?? [])")
        return found
    }

    /// Trees mixing checkpointed nodes (read in place in the map) and in-memory ones (written
    /// since the checkpoint): the primary tree and the index, in every order of probes.
    @Test func theFingerReadsWhatADescentFromTheRootReads() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let store = try PageFileTests.reopenedStore(in: dir, rows: rows)
        defer { store.close() }
        try store.write { tx in
            for id in rows..<(rows + 150) { try tx.insert(PageFileTests.row(id), into: "items") }
            for id in stride(from: 1000, to: 2000, by: 45) { try tx.delete(primaryKey: .int(Int64(id)), from: "items") }
        }
        let trees = store.snapshot.state.tables[0]
        for tree in [trees.primary, trees.indexes[0]] {
            let placement = InPlaceCursorTests.placement(tree)
            #expect(placement.inPlace > 0 && placement.decoded > 0, "\(placement)")
            let keys = Self.keys(tree)
            #expect(keys.count == rows + 150 - 23)
            let probes = Self.probes(keys)
            var finger = BTreeFinger(tree)
            #expect(Self.compare(tree, probes, &finger) == keys.count)
            #expect(Self.compare(tree, probes.reversed(), &finger) == keys.count)
            var rng = SeededRandom(seed: 7)
            let shuffled = probes.shuffled(using: &rng)
            #expect(Self.compare(tree, shuffled, &finger) == keys.count)
            // Strides that land in the same leaf, in the next one, and several leaves on.
            for step in [3, 40, 200, 1500] {
                var strided = BTreeFinger(tree)
                Self.compare(tree, Swift.stride(from: 0, to: probes.count, by: step).map { probes[$0] }, &strided)
            }
        }
        #expect(store.pages?.faults.first == nil)
    }

    /// A finger that started before a checkpoint grew the file past its map (so the file was
    /// mapped again) reads on in its own map, and what it reads still equals a fresh descent.
    @Test func theFingerKeepsItsMapAcrossACheckpointThatMapsTheFileAgain() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let store = try PageFileTests.reopenedStore(in: dir, rows: rows)
        defer { store.close() }
        let pages = try #require(store.pages)
        let tree = store.snapshot.state.tables[0].primary
        let firstChild = try #require(tree.root?.children[0].page)
        let before = try #require(pages.file.inPlaceMapping(for: firstChild))
        let probes = Self.probes(Self.keys(tree))
        var finger = BTreeFinger(tree)
        let half = probes.count / 2
        #expect(Self.compare(tree, Array(probes[..<half]), &finger) == half / 2)
        for start in stride(from: rows, to: rows + 30000, by: 3000) {
            try store.write { tx in for id in start..<(start + 3000) { try tx.insert(PageFileTests.row(id), into: "items") } }
        }
        try store.checkpoint()
        let after = try #require(pages.file.inPlaceMapping(for: firstChild))
        #expect(after !== before, "the checkpoint grew the file past the first map")
        #expect(Self.compare(tree, Array(probes[half...]), &finger) == rows - half / 2)
        // The new state's tree, through a finger of its own.
        let grown = store.snapshot.state.tables[0].primary
        var next = BTreeFinger(grown)
        #expect(Self.compare(grown, Self.probes(Self.keys(grown)), &next) == rows + 30000)
        #expect(pages.faults.first == nil)
    }

    /// A flipped byte in a leaf in the middle of the primary tree: fetching every key in order,
    /// the finger reaches that leaf from the parent it remembers, and refuses it as the descent
    /// from the root does (its keys read as absent, the checksum fault recorded and reported),
    /// then reads the following leaves again. An index scan fetching those rows fails with the
    /// page's fault, not as a dangling entry.
    @Test func aDamagedLeafReachedThroughTheFingerIsRefused() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let damaged = try PageFiles.storeWithADamagedMiddleLeaf(dir.store(), rows: rows)
        let error = StoreError.corrupted(file: damaged.file.path, offset: Int(damaged.offset), reason: "page checksum mismatch")
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        let tree = store.snapshot.state.tables[0].primary
        let table = try store.schema.table("items")
        let keys = (0..<rows).map { IndexKeyEncoder.encode([.int(Int64($0))]) }
        var finger = BTreeFinger(tree)
        var missing: [Int] = []
        for (id, key) in keys.enumerated() {
            let row = key.withUnsafeBufferPointer { k in finger.withValue(forKey: k) { RowDecoding.decode($0, table: table) } }
            if let row { #expect(row == PageFileTests.row(id)) } else { missing.append(id) }
        }
        #expect(finger.failure == error)
        #expect(store.pages?.faults.first == error)
        // One leaf's keys, back to back, in the middle.
        #expect(missing.count > 10 && missing.count <= BTree.maxLeafFill, "\(missing.count)")
        #expect(missing == Array(missing[0]...missing[missing.count - 1]))
        #expect(missing[0] > 64 && missing[missing.count - 1] < rows - 64)
        for id in missing { #expect(tree.withValue(forKey: keys[id]) { _ in true } == nil) }
        // Through the index scans that fetch rows with a finger: the cursor and the typed query.
        let group = Int64(missing[0] % 97)
        var cursor = try store.snapshot.cursor("items", index: "byGroup", prefix: [.int(group)])
        while cursor.next() != nil {}
        #expect(cursor.failure == error)
    }
}
