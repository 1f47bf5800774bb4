import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// The cursor keeps its path slim (``BTreeCursorPathStep``: a decoded node, or where an in-place
/// node's child table lies in the one map the cursor holds) and switches maps only when it steps
/// down from a decoded node into checkpointed pages. Random stores are scanned against a sorted
/// model with random bounds, directions and limits: in memory, from the page file after a
/// checkpoint and reopen, with writes over checkpointed nodes, and through a snapshot held
/// across later writes and a checkpoint that maps the file again.
@Suite struct CursorPathTests {
    typealias Model = [Int: [StoreValue]]

    static func randomRow(_ id: Int, _ random: inout SeededRandom) -> [StoreValue] {
        [.int(Int64(id)), .int(Int64(random.int(0..<12))), .string("row \(id) " + String(repeating: "y", count: random.int(0..<50)))]
    }

    static func id(_ row: [StoreValue]) -> Int64 { if case .int(let v) = row[0] { return v }; return -1 }
    static func group(_ row: [StoreValue]) -> Int64 { if case .int(let v) = row[1] { return v }; return -1 }

    /// Random inserts, updates and deletes, in a few transactions.
    static func write(_ store: Store, _ model: inout Model, _ random: inout SeededRandom, operations: Int) throws {
        for _ in 0..<4 {
            try store.write { tx in
                for _ in 0..<(operations / 4) {
                    let id = random.int(0..<40_000)
                    if model[id] == nil {
                        let row = randomRow(id, &random)
                        try tx.insert(row, into: "items")
                        model[id] = row
                    } else if random.chance(50) {
                        try tx.delete(primaryKey: .int(Int64(id)), from: "items")
                        model[id] = nil
                    } else {
                        let row = randomRow(id, &random)
                        try tx.update(row, in: "items")
                        model[id] = row
                    }
                }
            }
        }
    }

    /// Random scans of `snapshot` (by primary key and by `byGroup`, with and without a prefix,
    /// random inclusive, exclusive or absent bounds, both directions, with and without a limit),
    /// each equal to the model's rows in that order.
    static func compareScans(_ snapshot: Snapshot, _ model: Model, _ random: inout SeededRandom, seed: UInt64, phase: String) throws {
        let byId = model.values.sorted { id($0) < id($1) }
        let byGroup = model.values.sorted { (group($0), id($0)) < (group($1), id($1)) }
        func bound(_ value: @autoclosure () -> Int64) -> ScanBound? {
            switch random.int(0..<3) {
            case 0: return nil
            case 1: return .inclusive([.int(value())])
            default: return .exclusive([.int(value())])
            }
        }
        func admits(_ v: Int64, from: ScanBound?, to: ScanBound?) -> Bool {
            switch from {
            case .inclusive(let b)?: if v < id(b) { return false }
            case .exclusive(let b)?: if v <= id(b) { return false }
            case nil: break
            }
            switch to {
            case .inclusive(let b)?: if v > id(b) { return false }
            case .exclusive(let b)?: if v >= id(b) { return false }
            case nil: break
            }
            return true
        }
        for trial in 0..<120 {
            let direction: ScanDirection = random.bool() ? .forward : .backward
            let limit: Int? = random.chance(50) ? random.int(1..<40) : nil
            var expected: [[StoreValue]]
            let rows: [Row]
            switch random.int(0..<3) {
            case 0:
                // Usually a narrow window, so ranges start and end inside and beside leaves.
                let low = Int64(random.int(0..<40_000)), width = Int64(random.chance(70) ? random.int(0..<600) : 40_000)
                let from = bound(low), to = bound(low + width)
                expected = byId.filter { admits(id($0), from: from, to: to) }
                rows = try snapshot.scan("items", from: from, to: to, direction: direction, limit: limit)
            case 1:
                let g = Int64(random.int(0..<13))
                expected = byGroup.filter { group($0) == g }
                rows = try snapshot.scan("items", index: "byGroup", prefix: [.int(g)], direction: direction, limit: limit)
            default:
                let low = Int64(random.int(0..<12))
                let from = bound(low), to = bound(low + Int64(random.int(0..<4)))
                expected = byGroup.filter { admits(group($0), from: from, to: to) }
                rows = try snapshot.scan("items", index: "byGroup", from: from, to: to, direction: direction, limit: limit)
            }
            if direction == .backward { expected.reverse() }
            if let limit { expected = Array(expected.prefix(limit)) }
            #expect(rows == expected, "seed \(seed), \(phase), trial \(trial)")
        }
    }

    /// Every tree of the store's table, scanned with bounds at, beside and across each leaf's
    /// ends in both directions, against the decoded path's entries (``InPlaceCursorTests/compareRanges(_:_:seed:)``).
    static func compareTreeRanges(_ snapshot: Snapshot, seed: UInt64) {
        let trees = snapshot.state.tables[0]
        for (i, tree) in [trees.primary, trees.indexes[0]].enumerated() {
            let leaves = InPlaceCursorTests.decodedLeaves(tree.root)
            guard !leaves.isEmpty else { continue }
            InPlaceCursorTests.compareRanges(tree, leaves, seed: seed &* 10 &+ UInt64(i))
        }
    }

    @Test(arguments: [UInt64(31), 32, 33])
    func randomStoresScanLikeASortedModel(_ seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let dir = TemporaryDirectory()
        var model: Model = [:]
        do {
            // In memory: nothing checkpointed yet.
            let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
            defer { store.close() }
            try Self.write(store, &model, &random, operations: 4000 + random.int(0..<3000))
            #expect(InPlaceCursorTests.placement(store.snapshot.state.tables[0].primary).inPlace == 0)
            try Self.compareScans(store.snapshot, model, &random, seed: seed, phase: "in memory")
            Self.compareTreeRanges(store.snapshot, seed: seed)
            try store.checkpoint()
        }
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        // From the page file: every entry read in place, several levels.
        let trees = store.snapshot.state.tables[0]
        #expect(InPlaceCursorTests.placement(trees.primary) == (inPlace: model.count, decoded: 0), "seed \(seed)")
        #expect(InPlaceCursorTests.decodedLeaves(trees.primary.root).count > 64, "seed \(seed): three levels")
        try Self.compareScans(store.snapshot, model, &random, seed: seed, phase: "from pages")
        Self.compareTreeRanges(store.snapshot, seed: seed)
        // Writes over checkpointed nodes: decoded paths above stubs read in place.
        try Self.write(store, &model, &random, operations: 200)
        let mixed = InPlaceCursorTests.placement(store.snapshot.state.tables[0].primary)
        #expect(mixed.inPlace > 0 && mixed.decoded > 0, "seed \(seed): \(mixed)")
        try Self.compareScans(store.snapshot, model, &random, seed: seed, phase: "mixed")
        Self.compareTreeRanges(store.snapshot, seed: seed)
        // A snapshot held across more writes and a checkpoint that grows the file: it reads what it saw.
        let held = store.snapshot, heldModel = model
        var partial = try held.cursor("items", direction: .backward)
        var partialRows: [Row] = []
        for _ in 0..<50 {
            let row = partial.next()
            partialRows.append(try #require(row))
        }
        try Self.write(store, &model, &random, operations: 8000)
        try store.checkpoint()
        while let row = partial.next() { partialRows.append(row) }
        #expect(partial.failure == nil)
        #expect(partialRows == heldModel.values.sorted { Self.id($0) > Self.id($1) }, "seed \(seed): a cursor across the checkpoint")
        try Self.compareScans(held, heldModel, &random, seed: seed, phase: "held snapshot")
        try Self.compareScans(store.snapshot, model, &random, seed: seed, phase: "after the checkpoint")
        #expect(store.pages?.faults.first == nil)
    }

    /// A damaged leaf met after the cursor stepped from decoded nodes (the paths a write copied)
    /// into checkpointed pages, where it takes the page file's map: the scan yields the rows before
    /// it and fails with the leaf's checksum mismatch, as a scan of the untouched file does.
    @Test(arguments: [ScanDirection.forward, .backward])
    func aDamagedLeafBelowDecodedNodesIsTheSameCorruptionError(_ direction: ScanDirection) throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let damaged = try PageFiles.storeWithADamagedMiddleLeaf(dir.store(), rows: rows)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        // One write at each end: the root and the paths to the first and last leaves are decoded.
        try store.write { tx in
            try tx.delete(primaryKey: .int(0), from: "items")
            try tx.delete(primaryKey: .int(Int64(rows - 1)), from: "items")
        }
        let placement = InPlaceCursorTests.placement(store.snapshot.state.tables[0].primary)
        #expect(placement.decoded > 0 && placement.inPlace > 0, "\(placement)")
        try InPlaceCursorTests.expectScanStops(at: damaged, in: store, expected: (1..<(rows - 1)).map(PageFileTests.row),
                                               direction: direction, scanDirection: direction, scanLimit: 6000)
    }
}
