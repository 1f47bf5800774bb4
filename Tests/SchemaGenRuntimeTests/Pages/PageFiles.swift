import Foundation
import Testing
@testable import SchemaGenRuntime

/// Node-level access to a closed page-file store, for damage that checksums alone cannot catch:
/// a tree's root rewritten with valid checksums (appended to the page file, the meta pointing at
/// it with its new checksum), as a buggy writer or a forger would leave it.
enum PageFiles {
    /// A leaf's content (format 4, ``PageNodeLayout``: the keys' shared prefix once, values
    /// only in the rows' tree).
    struct Leaf {
        var table: Int
        var tree: Int
        var keys: [[UInt8]]
        var values: [[UInt8]]
        /// Encode in the layout of formats 1 and 2 (a varint length before each key and value).
        var varintLayout = false

        init(_ payload: [UInt8]) throws {
            var r = ByteReader(payload)
            guard try r.u8() == FileFormat.Pages.leafKind, try r.u8() == 0 else { throw StoreError.corrupted(file: "", offset: 0, reason: "test: not a leaf") }
            table = try r.int()
            tree = try r.int()
            let count = try r.int()
            let width = Int(try r.u8())
            let prefix = try r.raw(try r.int())
            func section() throws -> [[UInt8]] {
                let ends = try (0..<count).map { _ in try (0..<width).reduce(0) { value, byte in value | Int(try r.u8()) << (8 * byte) } }
                let bytes = try r.raw(ends.last ?? 0)
                return (0..<count).map { i in Array(bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]) }
            }
            keys = try section().map { prefix + $0 }
            values = tree == 0 ? try section() : Array(repeating: [], count: count)
        }

        /// Encoded with 4-byte end offsets and no prefix (a writer may choose either width, and
        /// any shared prefix), or in the varint layout.
        var payload: [UInt8] {
            var w = ByteWriter()
            if varintLayout {
                w.u8(FileFormat.Pages.leafKind); w.u8(0); w.varint(table); w.varint(tree); w.varint(keys.count)
                for item in keys + values { w.blob(item) }
                return w.bytes
            }
            w.u8(FileFormat.Pages.leafKind); w.u8(0); w.varint(table); w.varint(tree); w.varint(keys.count); w.u8(4); w.varint(0)
            for section in tree == 0 ? [keys, values] : [keys] {
                var end = 0
                for item in section { end += item.count; w.u32(UInt32(end)) }
                for item in section { w.raw(item) }
            }
            return w.bytes
        }
    }

    /// Makes a checkpointed `PageFileTests` store of `rows` rows at `store` and flips a byte near
    /// the end of a leaf in the middle of its primary tree (one only a scan from elsewhere reaches);
    /// returns that leaf's reference.
    static func storeWithADamagedMiddleLeaf(_ store: String, rows: Int) throws -> PageReference {
        try PageFileTests.makeStore(store, rows: rows)
        var leaf: PageReference?
        do {
            let opened = try Store.open(at: store, schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
            defer { opened.close() }
            let root = try #require(opened.snapshot.state.tables[0].primary.root)
            let inner = try #require(root.children[1].page)
            leaf = try inner.file.read(inner).children[5].page
        }
        let damaged = try #require(leaf)
        try damage(damaged)
        return damaged
    }

    /// The ids of the store at `store` (of `rows` rows) whose point read finds nothing: those in
    /// the leaf ``storeWithADamagedMiddleLeaf(_:rows:)`` damaged. Read in a store opened and
    /// closed here, since each such read records the fault in the store that made it.
    static func idsInTheDamagedLeaf(_ store: String, rows: Int) throws -> [Int] {
        let probe = try Store.open(at: store, schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { probe.close() }
        let primary = probe.snapshot.state.tables[0].primary
        return (0..<rows).filter { primary.withValue(forKey: IndexKeyEncoder.encode([.int(Int64($0))])) { _ in true } == nil }
    }

    /// Flips a byte near the end of the record `page` names: its payload checksum no longer matches.
    static func damage(_ page: PageReference) throws {
        var bytes = try StoreFiles.bytes(page.file.path)
        bytes[Int(page.offset) + Int(page.length) - 3] ^= 0x10
        try StoreFiles.write(bytes, to: page.file.path)
    }

    static func metaPath(_ store: String) -> String { store + "/" + FileFormat.Pages.meta }

    /// The page file the meta names.
    static func pageFile(_ store: String) throws -> String {
        store + "/" + FileFormat.Pages.fileName(try PageMeta.read(metaPath(store), fileSystem: POSIXFileSystem()).fileNumber)
    }

    /// Rewrites the root of `table`/`tree` (a leaf: the store must be small) with `change`,
    /// keeping every checksum valid; returns the page file and the new record's offset.
    @discardableResult
    static func rewriteRootLeaf(_ store: String, table: Int = 0, tree: Int = 0, varintLayout: Bool = false,
                                _ change: (inout Leaf) -> Void) throws -> (file: String, offset: Int) {
        var meta = try PageMeta.read(metaPath(store), fileSystem: POSIXFileSystem())
        let file = try pageFile(store)
        var bytes = try StoreFiles.bytes(file)
        guard let root = meta.tables[table].trees[tree].root else {
            throw StoreError.corrupted(file: file, offset: 0, reason: "test: the tree is empty")
        }
        let start = Int(root.offset)
        let parsed = try RecordFraming.parse(Array(bytes[start..<start + Int(root.length)]), file: file, allowTornTail: false)
        var leaf = try Leaf(Array(bytes[start + parsed.payloads[0].lowerBound..<start + parsed.payloads[0].upperBound]))
        leaf.varintLayout = varintLayout
        change(&leaf)
        let record = RecordFraming.frame(leaf.payload)
        let offset = Int(meta.validLength)
        bytes = Array(bytes[..<offset]) + record
        try StoreFiles.write(bytes, to: file)
        meta.validLength = UInt64(bytes.count)
        meta.tables[table].trees[tree].root = .init(offset: UInt64(offset), length: UInt32(record.count), level: 0,
                                                    checksum: RecordFraming.payloadChecksum(ofRecord: record))
        try meta.write(directory: store, fileSystem: POSIXFileSystem(), sync: false)
        return (file, offset)
    }

    /// Rewrites the meta in the layout of format `version` (2 to 4; their records are laid out
    /// as the file's are only from the format that introduced that layout).
    static func setMetaVersion(_ store: String, _ version: UInt32) throws {
        let meta = try PageMeta.read(metaPath(store), fileSystem: POSIXFileSystem())
        try StoreFiles.write(encodeMeta(meta, version: version), to: metaPath(store))
    }

    /// The meta as format 4 wrote it (formats 2 to 4 share this layout; format 5 adds the
    /// checkpoint number, the page size and the free runs).
    static func encodeMeta(_ meta: PageMeta, version: UInt32) -> [UInt8] {
        var w = ByteWriter()
        w.raw(FileFormat.Pages.metaMagic); w.u32(version)
        w.u64(meta.logGeneration); w.u64(meta.fileNumber); w.u64(meta.validLength); w.u64(meta.baseLength)
        w.blob(Catalog.encode(meta.catalog))
        w.varint(meta.tables.count)
        for table in meta.tables {
            w.signedVarint(table.lastAutoID)
            w.varint(table.trees.count)
            for tree in table.trees {
                w.varint(tree.count)
                guard let root = tree.root else { w.u8(0); continue }
                w.u8(1); w.u64(root.offset); w.u32(root.length); w.u8(root.level)
                if version >= 2 { w.u32(root.checksum ?? 0) }
            }
        }
        return RecordFraming.frame(w.bytes)
    }
}
