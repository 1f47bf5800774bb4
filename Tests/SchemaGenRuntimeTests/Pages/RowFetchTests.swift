import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Row fetches of index scans (``BTree/withValue(forKey:_:)``'s unretained descent, the
/// read-ahead's, and typed pages that decode their last record's key only): over random rows,
/// typed pages resumed to the end and the top names of a group equal a model, in memory, from
/// the page file's map before and after it verified its records, on top of a checkpoint, from a
/// snapshot held across one, and through the page cache; a damaged leaf still fails as `corrupted`.
@Suite struct RowFetchTests {
    static let rows = 5000

    /// Names of a few lengths, repeated across rows, so groups have ties and rows differ in size.
    static func name(_ k: Int) -> String { "name \(k) " + String(repeating: "z", count: k * 3) }

    static func randomRow(_ id: Int, _ random: inout SeededRandom) -> Row {
        [.int(Int64(id)), .int(Int64(random.int(0..<12))), .string(name(random.int(0..<15)))]
    }

    static func group(_ row: Row) -> Int64 {
        guard case .int(let group) = row[1] else { return -1 }
        return group
    }

    /// Every page of `group` in `order` with `limit` records a page, read from `snapshot` and
    /// resumed from each page's cursor to the last.
    static func pages(_ store: Store, _ snapshot: Snapshot, group: Int, order: QueryOrder, limit: Int) throws -> [[Row]] {
        let query = Query<FetchedItem, StoreAccess>(access: StoreAccess(store: store), index: "byGroup", keyPositions: [1, 0],
                                                    prefix: [.int(Int64(group))], order: order, scope: nil)
        var pages: [[Row]] = []
        var cursor: PageCursor?
        repeat {
            let page = try query.fetch(limit: limit, after: cursor, in: snapshot)
            pages.append(page.items.map(\.row))
            cursor = page.next
        } while cursor != nil && pages.count <= rows
        return pages
    }

    /// Typed pages of random groups, orders and page sizes, and (from the store's current state)
    /// the five most frequent names of each group, against `model`.
    static func check(_ store: Store, _ snapshot: Snapshot, _ model: [Int: Row], seed: UInt64, current: Bool,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        var random = SeededRandom(seed: seed)
        for _ in 0..<6 {
            let group = random.int(0..<12), limit = random.int(1...40)
            let order = random.bool() ? QueryOrder.indexOrder : .reverse
            let ids = model.keys.filter { Self.group(model[$0]!) == Int64(group) }.sorted()
            let expected = (order == .indexOrder ? ids : ids.reversed()).map { model[$0]! }
            let pages = try Self.pages(store, snapshot, group: group, order: order, limit: limit)
            #expect(pages.flatMap { $0 } == expected, "seed \(seed) group \(group) \(order) limit \(limit)", sourceLocation: sourceLocation)
            // Only the last page is short, and a page ends the scan exactly when no row follows.
            #expect(pages.count == max(1, (expected.count + limit - 1) / limit), "seed \(seed) group \(group) limit \(limit)",
                    sourceLocation: sourceLocation)
            #expect(pages.dropLast().allSatisfy { $0.count == limit }, "seed \(seed)", sourceLocation: sourceLocation)
            guard current else { continue }
            var counts: [String: Int] = [:]
            for id in ids { if case .string(let name) = model[id]![2] { counts[name, default: 0] += 1 } }
            let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5)
                .map { QueryGroup<String, Int>(key: $0.key, value: $0.value) }
            let groups = try Query<FetchedItem, StoreAccess>(access: StoreAccess(store: store), planning: .all, order: .indexOrder, scope: nil)
                .filter { $0.group == Int64(group) }.group(by: { $0.name }).count(order: .valueDescending, limit: 5)
            #expect(groups == top, "seed \(seed) group \(group)", sourceLocation: sourceLocation)
        }
    }

    @Test func typedPagesAndTopNamesEqualAModelInMemoryFromThePageFileAndAcrossCheckpoints() throws {
        let seed: UInt64 = 1305
        var random = SeededRandom(seed: seed)
        let dir = TemporaryDirectory()
        var model: [Int: Row] = [:]
        var store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        var ids = Array(0..<Self.rows)
        for i in ids.indices.reversed() { ids.swapAt(i, random.int(0...i)) }
        for start in stride(from: 0, to: ids.count, by: 500) {
            try store.write { tx in
                for id in ids[start..<min(start + 500, ids.count)] {
                    let row = Self.randomRow(id, &random)
                    try tx.insert(row, into: "items")
                    model[id] = row
                }
            }
        }
        // In memory: no checkpoint yet.
        try Self.check(store, store.snapshot, model, seed: seed + 1, current: true)
        try store.checkpoint()
        store.close()
        store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        #expect(store.snapshot.state.tables[0].primary.root?.children.allSatisfy { $0.isStub } == true)
        // From the map: records met for the first time, then verified ones.
        try Self.check(store, store.snapshot, model, seed: seed + 2, current: true)
        try Self.check(store, store.snapshot, model, seed: seed + 2, current: true)
        // On top of the checkpoint, with a snapshot of before held across the next one.
        let held = store.snapshot, heldModel = model
        try store.write { tx in
            for _ in 0..<400 {
                let id = random.int(0..<(Self.rows + 600))
                if model[id] != nil, random.chance(30) {
                    #expect(try tx.delete(primaryKey: [.int(Int64(id))], from: "items"))
                    model[id] = nil
                } else {
                    let row = Self.randomRow(id, &random)
                    if model[id] == nil { try tx.insert(row, into: "items") } else { try tx.update(row, in: "items") }
                    model[id] = row
                }
            }
        }
        try Self.check(store, store.snapshot, model, seed: seed + 3, current: true)
        try store.checkpoint()
        try Self.check(store, store.snapshot, model, seed: seed + 4, current: true)
        try Self.check(store, held, heldModel, seed: seed + 5, current: false)
        #expect(store.pages?.faults.first == nil)
    }

    /// A file system that cannot read at offsets (``FaultInjectingFileSystem``) has no map: every
    /// descent below the roots reads its nodes through the page cache (8 nodes here, so the nodes
    /// a fetch reads are evicted by the next ones) and holds each while it searches it.
    @Test func fetchesThroughThePageCacheReadTheSameRows() throws {
        let seed: UInt64 = 77
        var random = SeededRandom(seed: seed)
        let dir = TemporaryDirectory()
        var options = PageFileTests.options(cache: 8)
        options.fileSystem = FaultInjectingFileSystem()
        var model: [Int: Row] = [:]
        do {
            let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: options)
            try store.write { tx in
                for id in 0..<2000 {
                    let row = Self.randomRow(id, &random)
                    try tx.insert(row, into: "items")
                    model[id] = row
                }
            }
            try store.checkpoint()
            store.close()
        }
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: options)
        defer { store.close() }
        let pages = try #require(store.pages)
        #expect(pages.file.inPlaceMapping(for: try #require(store.snapshot.state.tables[0].primary.root?.page)) == nil)
        for id in stride(from: 0, to: 2000, by: 13) { #expect(try store.snapshot.get("items", primaryKey: .int(Int64(id))) == model[id]) }
        try Self.check(store, store.snapshot, model, seed: seed + 1, current: true)
        #expect(pages.cache.reads > 8)
    }

    /// A typed page whose rows lie in a damaged leaf fails with the leaf's `corrupted` error, as
    /// the row scan does, and returns none of its rows.
    @Test func aTypedPageOverADamagedLeafFailsAsCorrupted() throws {
        let dir = TemporaryDirectory()
        let damaged = try PageFiles.storeWithADamagedMiddleLeaf(dir.store(), rows: 6000)
        let missing = try PageFiles.idsInTheDamagedLeaf(dir.store(), rows: 6000)
        #expect(missing.count > 10)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        let group = missing[0] % 97
        let error = StoreError.corrupted(file: damaged.file.path, offset: Int(damaged.offset), reason: "page checksum mismatch")
        for order in [QueryOrder.indexOrder, .reverse] {
            #expect(storeError { try Self.pages(store, store.snapshot, group: group, order: order, limit: 100) } == error, "\(order)")
        }
        // The fault is recorded for the store, which now fails every read until a restore.
        #expect(store.pages?.faults.first == error)
    }
}
