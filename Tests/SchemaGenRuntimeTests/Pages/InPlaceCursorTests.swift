import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Range scans over checkpointed nodes read them in place in the page file's map
/// (``BTreeCursorStep``): they return exactly what the decoded path returns, for any bounds and
/// direction, across leaves, over trees mixing checkpointed and in-memory nodes, on older
/// formats, and while a newer checkpoint maps the file again; damage met only by a scan is a
/// typed error.
@Suite struct InPlaceCursorTests {
    struct Entry: Equatable, CustomStringConvertible {
        var key: [UInt8]
        var value: [UInt8]
        var description: String { "\(key)" }
    }

    /// The tree's leaves read through the decoded path (``BTreeNode/child(_:)``, the page cache):
    /// the model scans in place are compared with.
    static func decodedLeaves(_ node: BTreeNode?) -> [[Entry]] {
        guard let node else { return [] }
        if node.isLeaf {
            return [(0..<node.count).map { Entry(key: node.key($0), value: node.value($0)) }]
        }
        return node.children.indices.flatMap { decodedLeaves(node.child($0)) }
    }

    static func within(_ key: [UInt8], lower: KeyBound?, upper: KeyBound?) -> Bool {
        if let lower {
            let c = ByteOrder.compare(key, lower.key)
            if c < 0 { return false }
            if c == 0, case .exclusive = lower { return false }
        }
        if let upper {
            let c = ByteOrder.compare(key, upper.key)
            if c > 0 { return false }
            if c == 0, case .exclusive = upper { return false }
        }
        return true
    }

    /// The range through the iterator's borrowing read (``BTreeRangeIterator/nextEntry(_:)``),
    /// checked against its copying read (``BTreeRangeIterator/next()``).
    static func scan(_ tree: BTree, lower: KeyBound?, upper: KeyBound?, reverse: Bool) -> [Entry] {
        var borrowed = BTreeRangeIterator(tree, lower: lower, upper: upper, reverse: reverse)
        var entries: [Entry] = []
        while let entry = borrowed.nextEntry({ Entry(key: Array($0), value: Array($1)) }) { entries.append(entry) }
        var copied = BTreeRangeIterator(tree, lower: lower, upper: upper, reverse: reverse)
        var copies: [Entry] = []
        while let (key, value) = copied.next() { copies.append(Entry(key: key, value: value)) }
        #expect(copies == entries)
        return entries
    }

    /// Bounds at and beside every leaf boundary, plus random ones, each inclusive and exclusive,
    /// scanned both ways: every range equals the model's slice. Returns how many ranges crossed a leaf.
    @discardableResult
    static func compareRanges(_ tree: BTree, _ leaves: [[Entry]], seed: UInt64) -> Int {
        let all = leaves.flatMap { $0 }
        var candidates: [[UInt8]] = leaves.flatMap { leaf in [leaf[0].key, leaf[leaf.count - 1].key, leaf[0].key + [0]] }
        var rng = SeededRandom(seed: seed)
        for _ in 0..<20 { candidates.append(all[Int.random(in: 0..<all.count, using: &rng)].key) }
        candidates.append([])
        candidates.append([0xFF, 0xFF])
        // Keys that end or differ inside the prefix a node's keys share (format 4 stores it once):
        // each key cut short, and with a byte raised or lowered at its middle.
        for key in leaves.map({ $0[$0.count / 2].key }) + [all[0].key, all[all.count - 1].key] {
            candidates.append(Array(key.prefix(key.count / 2)))
            for at in Set([1, key.count / 2, key.count - 2]) where at > 0 && at < key.count {
                if key[at] < 0xFF { var above = key; above[at] += 1; candidates.append(above) }
                if key[at] > 0 { var below = key; below[at] -= 1; candidates.append(below) }
            }
        }
        // Point reads of every candidate (present, absent, around prefixes) find exactly the model's value.
        for key in candidates {
            #expect(tree.withValue(forKey: key) { Array($0) } == all.first { $0.key == key }?.value, "point read of \(key)")
        }
        var crossing = 0
        for trial in 0..<300 {
            func bound() -> KeyBound? {
                let key = candidates[Int.random(in: 0..<candidates.count, using: &rng)]
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: return nil
                case 1, 2: return .inclusive(key)
                default: return .exclusive(key)
                }
            }
            var lower = bound(), upper = bound()
            // Most ranges span a few leaves: the upper bound a few leaves above the lower one.
            if trial % 2 == 0, let low = lower, let at = leaves.firstIndex(where: { ByteOrder.compare($0[0].key, low.key) >= 0 }) {
                let far = leaves[min(leaves.count - 1, at + Int.random(in: 1...3, using: &rng))]
                upper = Bool.random(using: &rng) ? .inclusive(far[0].key) : .exclusive(far[far.count / 2].key)
            }
            if trial == 0 { (lower, upper) = (nil, nil) }
            let expected = all.filter { within($0.key, lower: lower, upper: upper) }
            let forward = scan(tree, lower: lower, upper: upper, reverse: false)
            #expect(forward == expected, "trial \(trial): \(String(describing: lower)) ..< \(String(describing: upper))")
            #expect(scan(tree, lower: lower, upper: upper, reverse: true) == expected.reversed(), "trial \(trial), backward")
            if let first = expected.first, let last = expected.last,
               leaves.firstIndex(where: { $0.contains(first) }) != leaves.firstIndex(where: { $0.contains(last) }) { crossing += 1 }
        }
        return crossing
    }

    /// Every entry's leaf in a full forward walk: how many entries were read in place and how many decoded.
    static func placement(_ tree: BTree) -> (inPlace: Int, decoded: Int) {
        var cursor = BTreeCursor(tree, atOrAfter: nil)
        var counts = (inPlace: 0, decoded: 0)
        while cursor.isValid {
            if cursor.isInPlace { counts.inPlace += 1 } else { counts.decoded += 1 }
            cursor.next()
        }
        return counts
    }

    @Test func scansInPlaceReturnExactlyTheDecodedPathsEntries() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let store = try PageFileTests.reopenedStore(in: dir, rows: rows)
        defer { store.close() }
        let pages = try #require(store.pages)
        let trees = store.snapshot.state.tables[0]
        for tree in [trees.primary, trees.indexes[0]] {
            // Walked in place: every leaf is checked once where it lies (nothing decoded), then read in the map only.
            let decoded = pages.cache.reads
            #expect(Self.placement(tree) == (inPlace: rows, decoded: 0))
            let checked = pages.file.recordsCheckedInPlace
            #expect(checked > rows / 64)
            #expect(Self.scan(tree, lower: nil, upper: nil, reverse: true).count == rows)
            #expect(pages.file.recordsCheckedInPlace == checked)
            #expect(pages.cache.reads == decoded)
            let leaves = Self.decodedLeaves(tree.root)
            #expect(leaves.count > 64, "more leaves than one internal node holds: three levels")
            #expect(leaves.reduce(0) { $0 + $1.count } == rows)
            #expect(Self.compareRanges(tree, leaves, seed: 1) > 50)
        }
        #expect(pages.faults.first == nil)
        #expect(try store.snapshot.scan("items", index: "byGroup", prefix: [.int(5)], direction: .backward)
                == (0..<rows).filter { $0 % 97 == 5 }.reversed().map(PageFileTests.row))
    }

    /// Writes after a checkpoint leave in-memory nodes (their paths) over checkpointed stubs:
    /// one scan walks both kinds and returns what the writes left.
    @Test func scansWalkCheckpointedAndInMemoryNodesAlike() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let store = try PageFileTests.reopenedStore(in: dir, rows: rows)
        defer { store.close() }
        var model = Dictionary(uniqueKeysWithValues: (0..<rows).map { ($0, PageFileTests.row($0)) })
        try store.write { tx in
            for id in rows..<(rows + 150) { try tx.insert(PageFileTests.row(id), into: "items"); model[id] = PageFileTests.row(id) }
            for id in stride(from: 1000, to: 2000, by: 45) { try tx.delete(primaryKey: .int(Int64(id)), from: "items"); model[id] = nil }
            let changed: [StoreValue] = [.int(3000), .int(5), .string(String(repeating: "changed ", count: 30))]
            try tx.update(changed, in: "items")
            model[3000] = changed
        }
        let trees = store.snapshot.state.tables[0]
        for tree in [trees.primary, trees.indexes[0]] {
            let placement = Self.placement(tree)
            #expect(placement.inPlace > 0 && placement.decoded > 0, "\(placement)")
            #expect(placement.inPlace + placement.decoded == model.count)
            #expect(Self.compareRanges(tree, Self.decodedLeaves(tree.root), seed: 2) > 50)
        }
        let expected = model.keys.sorted().map { model[$0]! }
        #expect(try store.snapshot.scan("items") == expected)
        #expect(try store.snapshot.scan("items", direction: .backward) == expected.reversed())
        #expect(try store.snapshot.scan("items", index: "byGroup", prefix: [.int(5)]) == expected.filter { $0[1] == .int(5) })
    }

    /// A scan that started before a checkpoint keeps reading its snapshot's nodes in the map it
    /// started on, although the checkpoint grew the file past that map and it was mapped again.
    @Test func aScanKeepsItsMapAcrossACheckpointThatMapsTheFileAgain() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let store = try PageFileTests.reopenedStore(in: dir, rows: rows)
        defer { store.close() }
        let pages = try #require(store.pages)
        let tree = store.snapshot.state.tables[0].primary
        let root = try #require(tree.root)
        let firstChild = try #require(root.children[0].page)
        let before = try #require(pages.file.inPlaceMapping(for: firstChild))
        var entries = BTreeRangeIterator(tree, lower: nil, upper: nil, reverse: false)
        var scanned: [Entry] = []
        for _ in 0..<100 { scanned.append(try #require(entries.nextEntry { Entry(key: Array($0), value: Array($1)) })) }
        for start in stride(from: rows, to: rows + 30000, by: 3000) {
            try store.write { tx in for id in start..<(start + 3000) { try tx.insert(PageFileTests.row(id), into: "items") } }
        }
        try store.checkpoint()
        let after = try #require(pages.file.inPlaceMapping(for: firstChild))
        #expect(after !== before, "the checkpoint grew the file past the first map")
        while let entry = entries.nextEntry({ Entry(key: Array($0), value: Array($1)) }) { scanned.append(entry) }
        #expect(scanned == Self.decodedLeaves(tree.root).flatMap { $0 })
        #expect(scanned.count == rows)
        #expect(try store.snapshot.scan("items").count == rows + 30000)
        #expect(pages.faults.first == nil)
    }

    /// A page file of format 1 or 2 is scanned through the decoded path, and after the checkpoint
    /// that rewrites it in format 3, in place, with the same entries.
    @Test(arguments: [UInt32(1), 2])
    func anOlderFormatIsScannedDecodedThenInPlaceAfterItsRewrite(_ version: UInt32) throws {
        let dir = TemporaryDirectory()
        let rows = 3000
        try PageFileTests.makeStore(dir.store(), rows: rows)
        try PageFiles.rewriteInOlderLayout(dir.store(), version: version)
        let expected = (0..<rows).map(PageFileTests.row)
        var leaves: [[Entry]] = []
        do {
            let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
            defer { store.close() }
            let pages = try #require(store.pages)
            #expect(!pages.file.hasInPlaceLayout)
            let tree = store.snapshot.state.tables[0].primary
            #expect(Self.placement(tree) == (inPlace: 0, decoded: rows))
            leaves = Self.decodedLeaves(tree.root)
            #expect(leaves.count > 16)
            #expect(Self.compareRanges(tree, leaves, seed: 3) > 50)
            #expect(try store.snapshot.scan("items", direction: .backward) == expected.reversed())
            #expect(pages.faults.first == nil)
            try store.write { tx in try tx.insert(PageFileTests.row(rows), into: "items") }
            try store.checkpoint()
            #expect(pages.file.hasInPlaceLayout)
        }
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        let tree = store.snapshot.state.tables[0].primary
        #expect(Self.placement(tree) == (inPlace: rows + 1, decoded: 0))
        let rewritten = Self.decodedLeaves(tree.root).flatMap { $0 }
        #expect(Array(rewritten.dropLast()) == leaves.flatMap { $0 })
        #expect(Self.compareRanges(tree, Self.decodedLeaves(tree.root), seed: 4) > 50)
        #expect(try store.snapshot.scan("items") == expected + [PageFileTests.row(rows)])
    }

    /// A page file of format 3 (every key in full) is read in place as it is, and the checkpoint
    /// that rewrites it in format 4 (each node's shared key prefix stored once, no value section
    /// in index leaves) makes it smaller and reads the same entries in place.
    @Test func aFormat3FileIsReadInPlaceThenRewrittenWithSharedKeyPrefixes() throws {
        let dir = TemporaryDirectory()
        let rows = 3000
        try PageFileTests.makeStore(dir.store(), rows: rows)
        let format4Size = try StoreFiles.bytes(try PageFiles.pageFile(dir.store())).count
        try PageFiles.rewriteInOlderLayout(dir.store(), version: 3)
        // The rewrite appended the format-3 records after the format-4 ones.
        let format3Size = try StoreFiles.bytes(try PageFiles.pageFile(dir.store())).count - format4Size
        let expected = (0..<rows).map(PageFileTests.row)
        var before: [[[Entry]]] = []
        do {
            let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
            defer { store.close() }
            let pages = try #require(store.pages)
            #expect(pages.file.hasInPlaceLayout && !pages.file.hasKeyPrefixes)
            let trees = store.snapshot.state.tables[0]
            for tree in [trees.primary, trees.indexes[0]] {
                #expect(Self.placement(tree) == (inPlace: rows, decoded: 0))
                let leaves = Self.decodedLeaves(tree.root)
                #expect(Self.compareRanges(tree, leaves, seed: 5) > 50)
                before.append(leaves)
            }
            #expect(try store.snapshot.scan("items", index: "byGroup", prefix: [.int(7)]) == expected.filter { $0[1] == .int(7) })
            #expect(pages.faults.first == nil)
            try store.write { tx in try tx.insert(PageFileTests.row(rows), into: "items") }
            try store.checkpoint()
            #expect(pages.file.hasKeyPrefixes)
        }
        #expect(try PageMeta.read(PageFiles.metaPath(dir.store()), fileSystem: POSIXFileSystem()).version == FileFormat.Pages.version)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        let rewrittenSize = try StoreFiles.bytes(try PageFiles.pageFile(dir.store())).count
        let trees = store.snapshot.state.tables[0]
        for (tree, old) in zip([trees.primary, trees.indexes[0]], before) {
            #expect(Self.placement(tree) == (inPlace: rows + 1, decoded: 0))
            let leaves = Self.decodedLeaves(tree.root)
            #expect(Set(leaves.flatMap { $0 }.map(\.key)).isSuperset(of: old.flatMap { $0 }.map(\.key)))
            #expect(Self.compareRanges(tree, leaves, seed: 6) > 50)
        }
        #expect(try store.snapshot.scan("items") == expected + [PageFileTests.row(rows)])
        #expect(try store.snapshot.scan("items", index: "byGroup", prefix: [.int(7)]) == (expected + [PageFileTests.row(rows)]).filter { $0[1] == .int(7) })
        // Written whole again (one row more): the keys' shared prefixes are stored once per node.
        #expect(rewrittenSize * 100 < format3Size * 85, "format 4: \(rewrittenSize) bytes, format 3: \(format3Size)")
        #expect(store.pages?.faults.first == nil)
    }

    /// A record the map already checked, reached by a scan through a reference that names another
    /// checksum, length, level or tree, is refused as a point read refuses it: the scan ends
    /// before that subtree, records the fault, and checks nothing again.
    @Test(arguments: ["checksum", "length", "level", "tree"])
    func aScanRefusesACheckedRecordReachedByAWrongReference(_ wrong: String) throws {
        let dir = TemporaryDirectory()
        try PageFileTests.makeStore(dir.store(), rows: 6000)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        let pages = try #require(store.pages)
        let tree = store.snapshot.state.tables[0].primary
        let root = try #require(tree.root)
        let underFirst = Self.decodedLeaves(root.child(0)).flatMap { $0 }
        #expect(Self.placement(tree) == (inPlace: 6000, decoded: 0))
        let checked = pages.file.recordsCheckedInPlace
        // The same root, its second child named by a reference that differs in one field.
        let good = try #require(root.children[1].page)
        let bad = PageReference(file: good.file, offset: good.offset, length: wrong == "length" ? good.length + 1 : good.length,
                                level: wrong == "level" ? good.level + 1 : good.level, table: good.table,
                                tree: wrong == "tree" ? 1 : good.tree, checksum: wrong == "checksum" ? (good.checksum ?? 0) ^ 1 : good.checksum)
        var children = root.children
        children[1] = BTreeNode(stubFor: bad)
        let forged = BTree(root: root.withChildren(children), count: tree.count)
        #expect(Self.scan(forged, lower: nil, upper: nil, reverse: false) == underFirst)
        #expect(pages.faults.first == .corrupted(file: good.file.path, offset: Int(good.offset), reason: "page is not the record its parent names"))
        #expect(pages.file.recordsCheckedInPlace == checked)
    }

    /// A flipped byte in a leaf that only a scan reaches: the scan yields the rows before it
    /// (exactly the stored ones) and then fails with the leaf's checksum mismatch, in either direction.
    @Test(arguments: [ScanDirection.forward, .backward])
    func aDamagedLeafMetOnlyByAScanIsACorruptionError(_ direction: ScanDirection) throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        let damaged = try PageFiles.storeWithADamagedMiddleLeaf(dir.store(), rows: rows)
        #expect(damaged.level == 0)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        try Self.expectScanStops(at: damaged, in: store, expected: (0..<rows).map(PageFileTests.row), direction: direction, scanDirection: .forward, scanLimit: 10)
    }

    /// A cursor over `store`'s items in `direction` yields exactly `expected`'s rows up to the
    /// damaged leaf (some, not all) and then fails with its checksum mismatch; a scan of up to
    /// `scanLimit` rows from id 100 in `scanDirection` fails the same way.
    static func expectScanStops(at damaged: PageReference, in store: Store, expected: [Row], direction: ScanDirection,
                                scanDirection: ScanDirection, scanLimit: Int) throws {
        var cursor = try store.snapshot.cursor("items", direction: direction)
        var read: [Row] = []
        while let row = cursor.next() { read.append(row) }
        let error = StoreError.corrupted(file: damaged.file.path, offset: Int(damaged.offset), reason: "page checksum mismatch")
        #expect(cursor.failure == error)
        #expect(read.count > 64 && read.count < expected.count - 64)
        #expect(read == Array(direction == .forward ? expected.prefix(read.count) : expected.reversed().prefix(read.count)))
        #expect(storeError { try store.snapshot.scan("items", from: .inclusive([.int(100)]), direction: scanDirection, limit: scanLimit) } == error)
    }
}

extension PageFiles {
    /// Rewrites every tree of a closed store's page file in the node layout of format 1 or 2
    /// (varint lengths; children with checksums from format 2 on) or 3 (fixed-width end offsets,
    /// every key in full, a value section in every leaf), appended children first as a
    /// checkpoint writes them, and the meta in that format: a multi-level file as an older version left it.
    static func rewriteInOlderLayout(_ store: String, version: UInt32) throws {
        var meta = try PageMeta.read(metaPath(store), fileSystem: POSIXFileSystem())
        let file = try pageFile(store)
        let old = try StoreFiles.bytes(file)
        var bytes = Array(old[..<Int(meta.validLength)])
        func rewrite(offset: UInt64, length: UInt32) throws -> (offset: UInt64, length: UInt32, checksum: UInt32) {
            let record = Array(old[Int(offset)..<Int(offset) + Int(length)])
            let payload = try RecordFraming.parse(record, file: file, allowTornTail: false).payloads[0]
            var w = ByteWriter()
            try record.withUnsafeBytes { all in
                let view = try #require(PageNodeView(payload: UnsafeRawBufferPointer(rebasing: all[payload]), keyPrefixes: true))
                let header = view.header
                w.u8(header.kind); w.u8(header.level); w.varint(header.table); w.varint(header.tree); w.varint(header.count)
                let keys = (0..<header.count).map { i in view.withKey(i) { Array($0) } }
                let values = header.level == 0 ? (0..<header.count).map { Array(view.value($0)) } : []
                if version >= 3 {
                    w.u8(4)
                    for section in header.level == 0 ? [keys, values] : [keys] {
                        var end = 0
                        for item in section { end += item.count; w.u32(UInt32(end)) }
                        for item in section { w.raw(item) }
                    }
                } else {
                    for key in keys { w.blob(key) }
                    for value in values { w.blob(value) }
                }
                if header.level != 0 {
                    for i in 0...header.count {
                        let child = view.child(i)
                        let written = try rewrite(offset: child.offset, length: child.length)
                        w.u64(written.offset); w.u32(written.length)
                        if version >= 2 { w.u32(written.checksum) }
                    }
                }
            }
            let framed = RecordFraming.frame(w.bytes)
            let at = UInt64(bytes.count)
            bytes += framed
            return (at, UInt32(framed.count), RecordFraming.payloadChecksum(ofRecord: framed))
        }
        for t in meta.tables.indices {
            for r in meta.tables[t].trees.indices {
                guard let root = meta.tables[t].trees[r].root else { continue }
                let written = try rewrite(offset: root.offset, length: root.length)
                meta.tables[t].trees[r].root = .init(offset: written.offset, length: written.length, level: root.level, checksum: written.checksum)
            }
        }
        try StoreFiles.write(bytes, to: file)
        meta.validLength = UInt64(bytes.count)
        // The meta in `version`'s layout: format 1 roots have no checksum.
        try StoreFiles.write(encodeMeta(meta, version: version), to: metaPath(store))
        #expect(try PageMeta.read(metaPath(store), fileSystem: POSIXFileSystem()).version == version)
    }
}
