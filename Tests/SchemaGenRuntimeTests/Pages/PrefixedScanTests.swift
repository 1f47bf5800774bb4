import Foundation
import Testing
@testable import SchemaGenRuntime

/// Scans over format-4 leaves read in place work on each key as the leaf's shared prefix and
/// the key's rest, without putting it together: comparisons with a bound (``PageNodeView/compareKey(_:with:)``,
/// once per leaf at its far end and entry by entry in the leaf a range ends in) and the primary
/// key an index entry names (taken from the rest when it lies there). Each agrees with the key
/// put together, for keys that end or differ inside the prefix, in both directions.
@Suite struct PrefixedScanTests {
    static func sign(_ order: Int) -> Int { order < 0 ? -1 : order > 0 ? 1 : 0 }

    /// Keys around a leaf's prefix and around `key`: ending inside the prefix, differing from it
    /// at each byte (up and down), the prefix itself and one byte past it, and `key` itself,
    /// shortened, lengthened and changed at its last byte.
    static func candidates(prefix: [UInt8], key: [UInt8]) -> [[UInt8]] {
        var keys: [[UInt8]] = [[], prefix, prefix + [0], prefix + [0xFF], key, key + [0], Array(key.dropLast())]
        for length in 0..<prefix.count { keys.append(Array(prefix[..<length])) }
        for at in prefix.indices {
            if prefix[at] < 0xFF { var above = prefix; above[at] += 1; keys.append(above); keys.append(Array(above[...at])) }
            if prefix[at] > 0 { var below = prefix; below[at] -= 1; keys.append(below + [0xFF, 0xFF]); keys.append(Array(below[...at])) }
        }
        if let last = key.last {
            if last < 0xFF { keys.append(Array(key.dropLast()) + [last + 1]) }
            if last > 0 { keys.append(Array(key.dropLast()) + [last - 1]) }
        }
        return keys
    }

    @Test func keysCompareAsTheirLeafsPrefixAndRest() throws {
        let dir = TemporaryDirectory()
        let store = try PageFileTests.reopenedStore(in: dir, rows: 6000)
        defer { store.close() }
        let trees = store.snapshot.state.tables[0]
        for tree in [trees.primary, trees.indexes[0]] {
            var cursor = BTreeCursor(tree, atOrAfter: nil)
            var (prefixedLeaves, compared, leaf) = (0, 0, 0)
            var leafKeys: [[UInt8]] = []
            var leafPrefix: [UInt8] = []
            /// The leaf just walked: its ends compared as a range iterator judges them, both ways.
            func checkLeafEnds(_ ends: BTreeCursor) {
                guard let first = leafKeys.first, let last = leafKeys.last else { return }
                for key in Self.candidates(prefix: leafPrefix, key: last) + Self.candidates(prefix: leafPrefix, key: first) {
                    let forward = key.withUnsafeBufferPointer { ends.compareLeafEnd(reverse: false, with: $0) }
                    let backward = key.withUnsafeBufferPointer { ends.compareLeafEnd(reverse: true, with: $0) }
                    #expect(Self.sign(forward) == Self.sign(ByteOrder.compare(last, key)), "last key \(last) against \(key)")
                    #expect(Self.sign(backward) == Self.sign(ByteOrder.compare(first, key)), "first key \(first) against \(key)")
                }
            }
            var previous = cursor
            while cursor.isValid {
                #expect(cursor.isInPlace)
                if cursor.leavesEntered != leaf {
                    checkLeafEnds(previous)
                    leaf = cursor.leavesEntered
                    leafKeys = []
                    leafPrefix = cursor.withEntryParts { prefix, _, _ in Array(prefix) }
                    if !leafPrefix.isEmpty { prefixedLeaves += 1 }
                }
                let key = cursor.key
                #expect(cursor.withEntryParts { prefix, rest, _ in Array(prefix) + Array(rest) } == key)
                leafKeys.append(key)
                for candidate in Self.candidates(prefix: leafPrefix, key: key) {
                    let order = candidate.withUnsafeBufferPointer { cursor.compareKey(with: $0) }
                    #expect(Self.sign(order) == Self.sign(ByteOrder.compare(key, candidate)), "\(key) against \(candidate)")
                    compared += 1
                }
                previous = cursor
                cursor.next()
            }
            checkLeafEnds(previous)
            #expect(prefixedLeaves > 50, "most leaves share a prefix")
            #expect(compared > 6000 * 10)
        }
        #expect(store.pages?.faults.first == nil)
    }

    /// Every group's rows through its index, both ways: the index leaves hold entries whose
    /// primary key lies in the key's rest (a leaf spanning groups) and entries whose primary key
    /// reaches into the shared prefix (a leaf of one group, whose ids share their high bytes),
    /// and both fetch exactly the model's rows.
    @Test func indexScansFetchRowsWhetherThePrimaryKeyLiesInTheRestOrReachesIntoThePrefix() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let store = try PageFileTests.reopenedStore(in: dir, rows: rows)
        defer { store.close() }
        var cursor = BTreeCursor(store.snapshot.state.tables[0].indexes[0], atOrAfter: nil)
        var (inRest, intoPrefix) = (0, 0)
        while cursor.isValid {
            if cursor.withEntryParts({ _, rest, _ in IndexKeys.primaryKeyRange(ofEntry: rest) }) != nil { inRest += 1 } else { intoPrefix += 1 }
            cursor.next()
        }
        #expect(inRest > 100 && intoPrefix > 100, "in the rest: \(inRest), into the prefix: \(intoPrefix)")
        let model = (0..<rows).map(PageFileTests.row)
        for group in 0..<97 {
            let expected = model.filter { $0[1] == .int(Int64(group)) }
            #expect(try store.snapshot.scan("items", index: "byGroup", prefix: [.int(Int64(group))]) == expected)
            #expect(try store.snapshot.scan("items", index: "byGroup", prefix: [.int(Int64(group))], direction: .backward, limit: 10)
                    == Array(expected.reversed().prefix(10)))
        }
        // Ranges of groups that start and end inside leaves, both ways.
        let middle = try store.snapshot.scan("items", index: "byGroup", from: .exclusive([.int(20)]), to: .inclusive([.int(60)]))
        #expect(middle == (21...60).flatMap { group in model.filter { $0[1] == .int(Int64(group)) } })
        let back = try store.snapshot.scan("items", index: "byGroup", from: .exclusive([.int(20)]), to: .inclusive([.int(60)]), direction: .backward)
        #expect(back == middle.reversed())
        #expect(store.pages?.faults.first == nil)
    }

    /// Keys longer than the iterator's buffer for putting keys together (``JoinedKeyBuffer``) at
    /// first grow it: an index on long strings that share most of their bytes scans
    /// the same rows both ways, over leaves whose prefixes differ.
    @Test func keysLongerThanTheJoiningBufferScanAlike() throws {
        let dir = TemporaryDirectory()
        let schema = StoreSchema(tables: [
            TableDefinition("notes", columns: [.init("id", .int), .init("title", .string)], primaryKey: ["id"],
                            indexes: [IndexDefinition("byTitle", on: ["title"])]),
        ])
        func row(_ id: Int) -> Row {
            // Long titles in 7 families, each sharing its first 280 bytes: leaves of one family share them all.
            [.int(Int64(id)), .string(String(repeating: "abcdefg".map(String.init)[id % 7], count: 280) + String(format: "%06d", id))]
        }
        let rows = 3000
        do {
            let store = try Store.open(at: dir.store(), schema: schema, options: PageFileTests.options())
            try store.write { tx in for id in 0..<rows { try tx.insert(row(id), into: "notes") } }
            try store.checkpoint()
            store.close()
        }
        let store = try Store.open(at: dir.store(), schema: schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        let index = store.snapshot.state.tables[0].indexes[0]
        var cursor = BTreeCursor(index, atOrAfter: nil)
        var (long, prefixes) = (0, Set<[UInt8]>())
        while cursor.isValid {
            #expect(cursor.isInPlace)
            if cursor.key.count > JoinedKeyBuffer.initialCapacity { long += 1 }
            prefixes.insert(cursor.withEntryParts { prefix, _, _ in Array(prefix) })
            cursor.next()
        }
        #expect(long == rows)
        #expect(prefixes.count > 7, "leaves with different prefixes")
        let leaves = InPlaceCursorTests.decodedLeaves(index.root)
        #expect(InPlaceCursorTests.compareRanges(index, leaves, seed: 7) > 20)
        let expected = (0..<rows).map(row).sorted { $0[1].stringValue! < $1[1].stringValue! }
        #expect(try store.snapshot.scan("notes", index: "byTitle") == expected)
        #expect(try store.snapshot.scan("notes", index: "byTitle", direction: .backward) == expected.reversed())
        #expect(store.pages?.faults.first == nil)
    }
}
