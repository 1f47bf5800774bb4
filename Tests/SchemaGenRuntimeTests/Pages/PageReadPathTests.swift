import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// The pieces of the page file's read path: the cache's open-addressed index and the memory-mapped reader.
@Suite struct PageReadPathTests {
    static let schema = StoreSchema(tables: [TableDefinition("t", columns: [.init("id", .int)], primaryKey: ["id"])])

    /// A page file object over an empty file, only as an identity for cache keys.
    static func pageFile(_ dir: TemporaryDirectory, _ name: String, cache: PageCache) throws -> PageFile {
        let path = dir.path + "/" + name
        try #require(FileManager.default.createFile(atPath: path, contents: Data()))
        return PageFile(path: path, number: 1, reader: try POSIXFileSystem().openForReading(path), validLength: 0,
                        schema: try ResolvedSchema(schema), cache: cache, faults: PageFaults())
    }

    /// The cache against a model (the set of keys it holds, known from what it answers): every key
    /// inserted and not evicted is found with its own node, eviction keeps the count at capacity,
    /// and removing a file's nodes leaves every other node findable. Offsets are multiples of a
    /// large power of two so many share a home bucket and deletion must shift probe runs back.
    @Test(arguments: [1, 3, 8, 64])
    func cacheFindsExactlyTheNodesItHolds(capacity: Int) throws {
        let dir = TemporaryDirectory()
        let cache = PageCache(capacity: capacity)
        let a = try Self.pageFile(dir, "a", cache: cache), b = try Self.pageFile(dir, "b", cache: cache)
        var nodes: [String: BTreeNode] = [:]
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        for step in 0..<2000 {
            let file = Bool.random(using: &rng) ? a : b
            let offset = UInt64(Int.random(in: 0..<(capacity * 3), using: &rng)) << 20
            let key = "\(file === a ? "a" : "b")\(offset)"
            if let found = cache.node(in: file, at: offset) {
                #expect(found === nodes[key], "seed \(seed) step \(step): the node of another key")
            } else {
                let node = BTreeNode(generation: UInt64(step))
                cache.insert(node, in: file, at: offset)
                nodes[key] = node
                #expect(cache.node(in: file, at: offset) === node, "seed \(seed) step \(step): an inserted node is not found")
            }
            #expect(cache.count <= capacity, "seed \(seed) step \(step)")
            if step == 1000 {
                cache.removeAll(of: a)
                for offset in 0..<UInt64(capacity * 3) { #expect(cache.node(in: a, at: offset << 20) == nil, "seed \(seed)") }
            }
        }
        // Every held node is reachable: as many distinct hits as the cache counts.
        var held = 0
        for file in [a, b] {
            for offset in 0..<UInt64(capacity * 3) where cache.node(in: file, at: offset << 20) != nil { held += 1 }
        }
        #expect(held == cache.count, "seed \(seed)")
        #expect(cache.count == capacity, "seed \(seed)")
    }

    /// A reader opened before the file grew reads what was appended later (the map is extended or
    /// made again), and a read past the end fails with a typed error instead of touching the map.
    @Test func mappedReaderFollowsAppendsAndRefusesReadsPastTheEnd() throws {
        let dir = TemporaryDirectory()
        let path = dir.path + "/pages"
        let fs = POSIXFileSystem()
        let output = try fs.openForAppend(path, truncate: true)
        defer { output.close() }
        try output.append(Array(0..<100))
        let reader = try fs.openForReading(path)
        #expect(reader is MappedReader)
        #expect(try reader.read(at: 10, count: 5) == [10, 11, 12, 13, 14])
        // Beyond the map reserved at first (1 MiB), so the file is mapped again.
        let large = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try output.append(large)
        #expect(try reader.read(at: 98, count: 4) == [98, 99, large[0], large[1]])
        #expect(try reader.read(at: UInt64(100 + large.count - 3), count: 3) == Array(large.suffix(3)))
        let error = storeError { try reader.read(at: UInt64(100 + large.count - 1), count: 2) }
        #expect(error == .corrupted(file: path, offset: 100 + large.count - 1, reason: "page lies beyond the end of the file"))
    }

    /// Point reads of a reopened store descend in the map: each node is checked where it lies
    /// once, the first time the map meets it, and never decoded: nothing enters the cache, so
    /// no node is built (and none evicted) for a read that only needs one row of it. Reading
    /// every row again checks nothing.
    @Test func pointReadsCheckEachNodeOnceInPlaceAndDecodeNone() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let store = try PageFileTests.reopenedStore(in: dir, rows: rows)
        defer { store.close() }
        let pages = try #require(store.pages)
        #expect(pages.file.hasInPlaceLayout)
        #expect(pages.file.recordsCheckedInPlace == 0)
        for id in 0..<rows { #expect(try store.snapshot.get("items", primaryKey: .int(Int64(id))) == PageFileTests.row(id)) }
        let checked = pages.file.recordsCheckedInPlace
        // Every node of the primary tree below the root was checked once (64 rows a leaf at most,
        // half-full at least), and none was decoded.
        #expect(checked >= rows / 64 && checked <= rows / 16)
        #expect(pages.cache.reads == 0)
        #expect(pages.cache.count == 0)
        for id in (0..<rows).reversed() { #expect(try store.snapshot.get("items", primaryKey: .int(Int64(id))) == PageFileTests.row(id)) }
        #expect(try store.snapshot.get("items", primaryKey: .int(Int64(rows))) == nil)
        #expect(try store.snapshot.get("items", primaryKey: .int(-1)) == nil)
        #expect(pages.file.recordsCheckedInPlace == checked)
        #expect(pages.cache.reads == 0)
    }

    /// A checkpoint that grows the file past its map makes the reader map it again; the records
    /// the old map had checked are not checked again in the new one (their bytes are the same),
    /// while the records the checkpoint wrote are checked once when first read.
    @Test func recordsCheckedBeforeTheFileOutgrewItsMapAreNotCheckedAgain() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let store = try PageFileTests.reopenedStore(in: dir, rows: rows)
        defer { store.close() }
        let pages = try #require(store.pages)
        func map() throws -> PageMapping {
            let leaf = try #require(store.snapshot.state.tables[0].primary.root?.children.first?.page)
            return try #require(pages.file.inPlaceMapping(for: leaf))
        }
        let first = try map()
        for id in 0..<rows { #expect(try store.snapshot.get("items", primaryKey: .int(Int64(id))) == PageFileTests.row(id)) }
        let checked = pages.file.recordsCheckedInPlace
        // Rows after the last: the old leaves stay where they are; the file grows past the map.
        for start in stride(from: 100_000, to: 160_000, by: 5000) {
            try store.write { tx in for id in start..<(start + 5000) { try tx.insert(PageFileTests.row(id), into: "items") } }
        }
        try store.checkpoint()
        #expect(try store.snapshot.get("items", primaryKey: .int(159_999)) == PageFileTests.row(159_999))
        let second = try map()
        #expect(second !== first && second.length > first.length)
        let afterNewRows = pages.file.recordsCheckedInPlace
        for id in 0..<rows / 2 { #expect(try store.snapshot.get("items", primaryKey: .int(Int64(id))) == PageFileTests.row(id)) }
        // Only the nodes above the old leaves that the checkpoint rewrote (the root and at most
        // the left path's inner nodes) are new; the 47 or more old leaves read here are not.
        #expect(pages.file.recordsCheckedInPlace - afterNewRows <= 4, "\(pages.file.recordsCheckedInPlace - afterNewRows)")
        #expect(afterNewRows > checked)
    }

    /// A record already checked in this map is still compared with what each reference names:
    /// a reference with another checksum, length, level or tree reads as absent and records
    /// that the page is not the record its parent names, without checking the record again.
    @Test(arguments: ["checksum", "length", "level", "tree"])
    func aCheckedRecordReachedByAWrongReferenceIsRefused(_ wrong: String) throws {
        let dir = TemporaryDirectory()
        // Rows inserted in order leave leaves about half full: some 47 leaves under one root.
        try PageFileTests.makeStore(dir.store(), rows: 1500)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        let pages = try #require(store.pages)
        let root = try #require(store.snapshot.state.tables[0].primary.root)
        #expect(!root.isLeaf)
        let leaf = try #require(root.children[1].page)
        #expect(root.children[1].isStub && leaf.level == 0)
        let key = root.key(0)
        let found = key.withUnsafeBufferPointer { key in
            leaf.file.withMappedValue(forKey: key, below: leaf) { Array($0) }
        }
        guard case .found(let value) = found else { Issue.record("expected the row, got \(found)"); return }
        let row = RowDecoding.decode(value, table: try ResolvedSchema(PageFileTests.schema).table("items"))
        guard case .int(let id)? = row.first else { Issue.record("expected an id, got \(row)"); return }
        #expect(IndexKeyEncoder.encode([.int(id)]) == key)
        #expect(row == PageFileTests.row(Int(id)))
        let checked = pages.file.recordsCheckedInPlace
        #expect(checked > 0)
        let other = PageReference(file: leaf.file, offset: leaf.offset, length: wrong == "length" ? leaf.length + 1 : leaf.length,
                                  level: wrong == "level" ? 1 : 0, table: leaf.table, tree: wrong == "tree" ? 1 : leaf.tree,
                                  checksum: wrong == "checksum" ? (leaf.checksum ?? 0) ^ 1 : leaf.checksum)
        let refused = key.withUnsafeBufferPointer { key in
            leaf.file.withMappedValue(forKey: key, below: other) { Array($0) }
        }
        guard case .absent = refused else { Issue.record("expected absent, got \(refused)"); return }
        #expect(pages.file.recordsCheckedInPlace == checked)
        #expect(pages.faults.first == .corrupted(file: leaf.file.path, offset: Int(leaf.offset), reason: "page is not the record its parent names"))
        #expect(storeError { try store.snapshot.get("items", primaryKey: .int(1)) }
                == .corrupted(file: leaf.file.path, offset: Int(leaf.offset), reason: "page is not the record its parent names"))
    }

    /// A page file of format 2 (varint layout, no in-place reads) is read through the cache, and
    /// the next checkpoint rewrites it whole in the current format, which is then read in place.
    @Test func aFormat2PageFileIsReadThenRewrittenInTheCurrentFormat() throws {
        let dir = TemporaryDirectory()
        try PageFileTests.makeStore(dir.store(), rows: 40)
        // 40 rows: each tree is one root leaf; rewrite both in format 2's layout, and the meta as format 2.
        for tree in 0...1 { try PageFiles.rewriteRootLeaf(dir.store(), tree: tree, varintLayout: true) { _ in } }
        try PageFiles.setMetaVersion(dir.store(), 2)
        let expected = (0..<40).map(PageFileTests.row)
        do {
            let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options())
            defer { store.close() }
            let pages = try #require(store.pages)
            #expect(!pages.file.hasInPlaceLayout)
            for id in 0..<40 { #expect(try store.snapshot.get("items", primaryKey: .int(Int64(id))) == expected[id]) }
            #expect(try store.snapshot.scan("items", index: "byGroup", prefix: [.int(7)]) == [expected[7]])
            try store.write { tx in try tx.insert(PageFileTests.row(40), into: "items") }
            try store.checkpoint()
            #expect(pages.file.hasInPlaceLayout)
        }
        #expect(try PageMeta.read(PageFiles.metaPath(dir.store()), fileSystem: POSIXFileSystem()).version == FileFormat.Pages.version)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options())
        defer { store.close() }
        #expect(try store.snapshot.scan("items") == expected + [PageFileTests.row(40)])
        for id in 0...40 { #expect(try store.snapshot.get("items", primaryKey: .int(Int64(id))) == PageFileTests.row(id)) }
    }
}
