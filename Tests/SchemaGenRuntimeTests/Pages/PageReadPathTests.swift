import Foundation
import Testing
@testable import SchemaGenRuntime

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
        var rng = SystemRandomNumberGenerator()
        for step in 0..<2000 {
            let file = Bool.random(using: &rng) ? a : b
            let offset = UInt64(Int.random(in: 0..<(capacity * 3), using: &rng)) << 20
            let key = "\(file === a ? "a" : "b")\(offset)"
            if let found = cache.node(in: file, at: offset) {
                #expect(found === nodes[key], "step \(step): the node of another key")
            } else {
                let node = BTreeNode(generation: UInt64(step))
                cache.insert(node, in: file, at: offset)
                nodes[key] = node
                #expect(cache.node(in: file, at: offset) === node, "step \(step): an inserted node is not found")
            }
            #expect(cache.count <= capacity)
            if step == 1000 {
                cache.removeAll(of: a)
                for offset in 0..<UInt64(capacity * 3) { #expect(cache.node(in: a, at: offset << 20) == nil) }
            }
        }
        // Every held node is reachable: as many distinct hits as the cache counts.
        var held = 0
        for file in [a, b] {
            for offset in 0..<UInt64(capacity * 3) where cache.node(in: file, at: offset << 20) != nil { held += 1 }
        }
        #expect(held == cache.count)
        #expect(cache.count == capacity)
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
}
