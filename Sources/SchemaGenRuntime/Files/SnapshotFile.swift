import Foundation

/// The checkpoint file `snapshot.dat`: every tree of the store dumped in key order, plus the
/// catalog and the log generation that continues it. See `docs/storage.md` for the byte layout.
///
/// Written to `snapshot.dat.tmp`, fsynced, renamed over `snapshot.dat`, then the directory is
/// fsynced, so a crash leaves either the old or the new snapshot, never a mixture.
enum SnapshotFile {
    private typealias Format = FileFormat.Snapshot
    /// Entries per tree chunk record are bounded by bytes so records stay small enough to verify cheaply.
    static let chunkBytes = 1 << 20

    /// Writes `state` as the snapshot continued by log `logGeneration`.
    static func write(_ state: StoreState, schema: ResolvedSchema, logGeneration: UInt64, directory: String,
                      fileSystem: StorageFileSystem, sync: Bool) throws {
        let temporary = directory + "/" + FileFormat.Directory.temporarySnapshot
        let file = try fileSystem.openForAppend(temporary, truncate: true)
        defer { file.close() }
        do {
            try write(state, schema: schema, logGeneration: logGeneration, to: file)
            if sync { try file.sync() }
            try fileSystem.rename(temporary, to: directory + "/" + FileFormat.Directory.snapshot)
            if sync { try fileSystem.syncDirectory(directory) }
        } catch {
            // Left behind, the partial file would hold disk space (on a full disk, enough to fail every later commit).
            try? fileSystem.remove(temporary)
            throw error
        }
    }

    private static func write(_ state: StoreState, schema: ResolvedSchema, logGeneration: UInt64, to file: StorageFile) throws {
        var out = ByteWriter(capacity: 4 << 20)
        var records: UInt64 = 0
        func emit(_ payload: [UInt8]) throws {
            RecordFraming.appendFrame(payload, to: &out)
            records += 1
            if out.bytes.count >= 4 << 20 {
                try file.append(out.bytes)
                out.bytes.removeAll(keepingCapacity: true)
            }
        }
        var header = ByteWriter()
        header.raw(Format.magic)
        header.u32(Format.version)
        header.u64(logGeneration)
        header.blob(Catalog.encode(schema.schema))
        try emit(header.bytes)
        for table in schema.tables {
            let trees = state.tables[table.id]
            var meta = ByteWriter()
            meta.u8(Format.tableKind); meta.varint(table.id); meta.signedVarint(trees.lastAutoID)
            meta.varint(1 + trees.indexes.count)
            for tree in [trees.primary] + trees.indexes { meta.varint(tree.count) }
            try emit(meta.bytes)
            for (treeNumber, tree) in ([trees.primary] + trees.indexes).enumerated() {
                try writeTree(tree, table: table.id, treeNumber: treeNumber, emit: emit)
            }
        }
        var end = ByteWriter()
        end.u8(Format.endKind); end.u64(records + 1)
        try emit(end.bytes)
        try file.append(out.bytes)
    }

    private static func writeTree(_ tree: BTree, table: Int, treeNumber: Int, emit: ([UInt8]) throws -> Void) throws {
        var entries = ByteWriter(capacity: chunkBytes + 4096)
        var count = 0
        func flush() throws {
            guard count > 0 else { return }
            var chunk = ByteWriter(capacity: entries.bytes.count + 16)
            chunk.u8(Format.treeKind); chunk.varint(table); chunk.varint(treeNumber); chunk.varint(count)
            chunk.raw(entries.bytes)
            try emit(chunk.bytes)
            entries.bytes.removeAll(keepingCapacity: true)
            count = 0
        }
        var it = BTreeRangeIterator(tree, lower: nil, upper: nil, reverse: false)
        while let (key, value) = it.next() {
            entries.blob(key)
            // Index entries have empty values; only the primary tree stores them.
            if treeNumber == 0 { entries.blob(value) }
            count += 1
            if entries.bytes.count >= chunkBytes { try flush() }
        }
        try flush()
    }

    /// What a snapshot file holds.
    struct Loaded {
        var state: StoreState
        var logGeneration: UInt64
    }

    /// Reads and checks the snapshot, failing on any damage (a snapshot is never partially loaded)
    /// and on a catalog that differs from `schema`.
    static func read(_ path: String, schema: ResolvedSchema, fileSystem: StorageFileSystem) throws -> Loaded {
        let bytes = try fileSystem.readFile(path)
        let parsed = try RecordFraming.parse(bytes, file: path, allowTornTail: false)
        func corrupt(_ range: Range<Int>, _ reason: String) -> StoreError {
            .corrupted(file: path, offset: range.lowerBound - FileFormat.Frame.headerSize, reason: reason)
        }
        guard let first = parsed.payloads.first else { throw StoreError.corrupted(file: path, offset: 0, reason: "empty snapshot") }
        var h = ByteReader(bytes, from: first.lowerBound, to: first.upperBound)
        guard (try? h.raw(Format.magic.count)) == Format.magic, (try? h.u32()) == Format.version, let logGeneration = try? h.u64(),
              let catalog = try? h.blob() else { throw corrupt(first, "not a snapshot file of format \(Format.version)") }
        try Catalog.check(stored: try Catalog.decode(catalog, file: path, offset: first.lowerBound), requested: schema.schema)

        var state = StoreState(schema: schema)
        var builders = schema.tables.map { t in (0...t.indexes.count).map { _ in BTreeBuilder(generation: 0) } }
        var expectedCounts = schema.tables.map { _ in [Int]() }
        // Where the last key appended to each tree lies in `bytes`.
        var lastKeys = schema.tables.map { t in [Range<Int>?](repeating: nil, count: t.indexes.count + 1) }
        var ended = false
        for (n, range) in parsed.payloads.enumerated().dropFirst() {
            var r = ByteReader(bytes, from: range.lowerBound, to: range.upperBound)
            do {
                guard !ended else { throw corrupt(range, "record after the end record") }
                switch try r.u8() {
                case Format.tableKind:
                    let t = try r.int()
                    guard t < schema.tables.count else { throw corrupt(range, "unknown table \(t)") }
                    state.tables[t].lastAutoID = try r.signedVarint()
                    let trees = try r.int()
                    guard trees == builders[t].count else { throw corrupt(range, "wrong tree count") }
                    expectedCounts[t] = try (0..<trees).map { _ in try r.int() }
                case Format.treeKind:
                    let t = try r.int(), tree = try r.int(), count = try r.int()
                    guard t < builders.count, tree < builders[t].count else { throw corrupt(range, "unknown tree") }
                    let table = schema.tables[t], kinds = table.rowKinds
                    // Entries are copied straight from the file buffer into packed leaves, after
                    // the checks that let every later read trust them: keys strictly increasing,
                    // rows that decode, index entries whose primary-key length fits.
                    try bytes.withUnsafeBufferPointer { buffer in
                        func slice() throws -> UnsafeBufferPointer<UInt8> {
                            let length = try r.int()
                            guard length <= r.end - r.position else { throw ByteReader.Truncated() }
                            defer { r.position += length }
                            return UnsafeBufferPointer(rebasing: buffer[r.position..<r.position + length])
                        }
                        for _ in 0..<count {
                            let key = try slice()
                            if let previous = lastKeys[t][tree] {
                                let before = UnsafeBufferPointer(rebasing: buffer[previous])
                                guard ByteOrder.compare(before.baseAddress, before.count, key) < 0 else {
                                    throw corrupt(range, "keys of table '\(table.name)' tree \(tree) are not in increasing order")
                                }
                            }
                            lastKeys[t][tree] = key.baseAddress! - buffer.baseAddress!..<key.baseAddress! - buffer.baseAddress! + key.count
                            if tree == 0 {
                                let value = try slice()
                                guard RowCodec.isWellFormed(value, kinds: kinds) else {
                                    throw corrupt(range, "row of table '\(table.name)' does not decode")
                                }
                                builders[t][tree].append(key, value)
                            } else {
                                guard IndexKeys.primaryKeyRange(ofEntry: key) != nil else {
                                    throw corrupt(range, "index entry of table '\(table.name)' tree \(tree) is malformed")
                                }
                                builders[t][tree].append(key, UnsafeBufferPointer(start: nil, count: 0))
                            }
                        }
                    }
                case Format.endKind:
                    guard try r.u64() == UInt64(n + 1) else { throw corrupt(range, "record count mismatch") }
                    ended = true
                default:
                    throw corrupt(range, "unknown record kind")
                }
                guard r.isAtEnd else { throw corrupt(range, "trailing bytes in record") }
            } catch is ByteReader.Truncated {
                throw corrupt(range, "malformed record")
            }
        }
        guard ended else { throw StoreError.corrupted(file: path, offset: parsed.validEnd, reason: "snapshot has no end record") }
        for t in schema.tables.indices {
            let trees = builders[t].map { $0.finish() }
            guard trees.map(\.count) == expectedCounts[t] else {
                throw StoreError.corrupted(file: path, offset: 0, reason: "entry counts of table '\(schema.tables[t].name)' disagree")
            }
            state.tables[t].primary = trees[0]
            state.tables[t].indexes = Array(trees.dropFirst())
        }
        return Loaded(state: state, logGeneration: logGeneration)
    }
}
