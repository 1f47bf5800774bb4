import Foundation

/// The checkpoint of a store kept as a page file (`docs/storage.md`, "Page file"): trees whose
/// nodes are read on demand through a bounded cache, so opening reads only the meta file and
/// the roots, and memory holds the cache plus what changed since the last checkpoint.
///
/// A checkpoint writes the nodes changed since the last one (and their paths to the roots) to
/// the current page file, makes them durable, then switches the meta file; what it returns
/// (``WrittenCheckpoint``) swaps the written nodes' records into the writers' state, so their
/// in-memory copies can be freed. A live record is never overwritten: the records the previous
/// checkpoint reached and this one does not become free page runs (recorded in the meta), and a
/// later checkpoint writes into them once no live state can reach them (``FreePageRuns``,
/// ``CheckpointReaders``), appending only what does not fit. Should free runs still come to
/// exceed the live records (a snapshot held across many checkpoints), or when asked
/// (``Store/compact()``), the checkpoint writes every live node into a new page file instead
/// and removes the old one, which snapshots still reading it keep open.
final class PageStore: @unchecked Sendable {
    let directory: String
    let schema: ResolvedSchema
    let fileSystem: any StorageFileSystem
    let sync: Bool
    let cache: PageCache
    let faults: PageFaults
    /// Only the checkpointing thread (holding the store's checkpoint lock) changes these.
    private(set) var file: PageFile
    private var output: StorageFile?
    /// Writes records into reused runs (nil where the file system only appends, or read-only).
    private var positional: PositionalWritableFile?
    private var baseLength: UInt64
    private var needsWholeWrite = false
    /// The last durable checkpoint's number, roots and free runs.
    private(set) var checkpointNumber: UInt64
    private var roots: [PageMeta.Table]
    private(set) var freeRuns: FreePageRuns
    /// The checkpoints live states were read from (their trees hold the registrations).
    let readers: CheckpointReaders
    /// Node records the last checkpoint wrote (tests check that unchanged nodes are not rewritten),
    /// and how many pages of them went into reused runs.
    private(set) var lastCheckpointNodes = 0
    private(set) var lastCheckpointReusedPages = 0

    private init(directory: String, schema: ResolvedSchema, fileSystem: any StorageFileSystem, sync: Bool, cache: PageCache,
                 faults: PageFaults, file: PageFile, output: StorageFile?, meta: PageMeta, readers: CheckpointReaders) throws {
        self.directory = directory
        self.schema = schema
        self.fileSystem = fileSystem
        self.sync = sync
        self.cache = cache
        self.faults = faults
        self.file = file
        self.output = output
        self.baseLength = meta.baseLength
        self.checkpointNumber = meta.checkpoint
        self.roots = meta.tables
        self.freeRuns = meta.freeRuns
        self.readers = readers
        // Thrown with every property set, so deinit still closes `output`.
        if output != nil { positional = try fileSystem.positionalWriter(file.path) }
    }

    deinit {
        output?.close()
        positional?.close()
    }

    static func metaPath(_ directory: String) -> String { directory + "/" + FileFormat.Pages.meta }

    /// Whether `directory` holds a page-file checkpoint.
    static func exists(in directory: String, fileSystem: StorageFileSystem) -> Bool {
        fileSystem.fileExists(metaPath(directory))
    }

    /// The stored catalog, read from the meta file alone.
    static func catalog(in directory: String, fileSystem: StorageFileSystem) throws -> StoreSchema {
        try PageMeta.read(metaPath(directory), fileSystem: fileSystem).catalog
    }

    /// Opens the checkpoint: reads the meta file and each tree's root node, nothing else.
    /// Unless `readOnly`, cuts what a crashed checkpoint appended past the meta's length and
    /// removes page files the meta does not name.
    static func open(_ directory: String, schema: ResolvedSchema, fileSystem fs: any StorageFileSystem, sync: Bool,
                     cacheNodes: Int, readOnly: Bool) throws -> (store: PageStore, state: StoreState, logGeneration: UInt64) {
        let metaPath = metaPath(directory)
        let meta = try PageMeta.read(metaPath, fileSystem: fs)
        try Catalog.check(stored: meta.catalog, requested: schema.schema)
        let path = directory + "/" + FileFormat.Pages.fileName(meta.fileNumber)
        guard fs.fileExists(path) else { throw StoreError.corrupted(file: path, offset: 0, reason: "page file is missing") }
        let reader = try fs.openForReading(path)
        guard try reader.size() >= meta.validLength else {
            throw StoreError.corrupted(file: path, offset: 0, reason: "page file is shorter than its checkpoint (\(meta.validLength) bytes)")
        }
        let faults = PageFaults(), cache = PageCache(capacity: cacheNodes), readers = CheckpointReaders()
        let file = PageFile(path: path, number: meta.fileNumber, reader: reader, validLength: meta.validLength, schema: schema,
                            cache: cache, faults: faults, version: meta.version)
        let state = try Self.state(meta, file: file, schema: schema, pin: readers.pin(meta.checkpoint))
        var output: StorageFile?
        if !readOnly {
            for name in try fs.listDirectory(directory) {
                if let n = FileFormat.Pages.number(ofFileName: name), n != meta.fileNumber { try fs.remove(directory + "/" + name) }
            }
            try fs.remove(directory + "/" + FileFormat.Pages.temporaryMeta)
            let out = try fs.openForAppend(path, truncate: false)
            try out.truncate(to: Int(meta.validLength))
            output = out
        }
        let store = try PageStore(directory: directory, schema: schema, fileSystem: fs, sync: sync, cache: cache, faults: faults, file: file,
                                  output: output, meta: meta, readers: readers)
        // Records of the current format are never appended to an older file: the next checkpoint writes a new one.
        store.needsWholeWrite = meta.version < FileFormat.Pages.version
        return (store, state, meta.logGeneration)
    }

    /// Writes `state` whole as a new page file and meta naming log `logGeneration`; returns the
    /// store and the state as read back from it. Used to create a store, to convert a snapshot
    /// file, and by migrations: the meta's rename is the one moment the new checkpoint takes over.
    static func create(_ state: StoreState, directory: String, schema: ResolvedSchema, fileSystem fs: any StorageFileSystem, sync: Bool,
                       cacheNodes: Int, logGeneration: UInt64) throws -> (store: PageStore, state: StoreState) {
        let previous = try? PageMeta.read(metaPath(directory), fileSystem: fs)
        let faults = PageFaults(), cache = PageCache(capacity: cacheNodes), readers = CheckpointReaders()
        let number = (previous?.fileNumber ?? 0) + 1
        let (file, output, meta, _) = try writeWhole(state, number: number, checkpoint: (previous?.checkpoint ?? 0) + 1, directory: directory,
                                                  schema: schema, fileSystem: fs, sync: sync, cache: cache, faults: faults,
                                                  logGeneration: logGeneration)
        let store = try PageStore(directory: directory, schema: schema, fileSystem: fs, sync: sync, cache: cache, faults: faults, file: file,
                                  output: output, meta: meta, readers: readers)
        try store.removeFiles(except: number)
        return (store, try Self.state(meta, file: file, schema: schema, pin: readers.pin(meta.checkpoint)))
    }

    /// Writes the nodes of `state` not yet on disk and switches the meta; returns what it wrote,
    /// for the caller to swap into the writers' state (``WrittenCheckpoint/adopt(into:)``), so
    /// the written nodes' in-memory copies can be freed. `compacting` writes every live node into
    /// a new file instead, as happens anyway once free runs exceed the live records. Runs without
    /// the writer lock: `state` is immutable, and only the checkpointing thread changes this page store.
    func checkpoint(_ state: StoreState, logGeneration: UInt64, compacting: Bool = false) throws -> WrittenCheckpoint {
        try faults.check()
        guard let output else { throw StoreError.closed }
        let number = checkpointNumber + 1
        if compacting || needsWholeWrite || freeRuns.bytes > file.validLength - freeRuns.bytes + (1 << 20) {
            let (newFile, newOutput, meta, written) = try Self.writeWhole(state, number: file.number + 1, checkpoint: number, directory: directory,
                                                                          schema: schema, fileSystem: fileSystem, sync: sync, cache: cache,
                                                                          faults: faults, logGeneration: logGeneration)
            let old = file
            file = newFile
            self.output = newOutput
            output.close()
            positional?.close()
            // The new meta is durable, so the checkpoint has happened: a handle that cannot be
            // opened only means appending (the free runs then come back by the next compaction).
            positional = try? fileSystem.positionalWriter(newFile.path)
            adoptMeta(meta)
            lastCheckpointNodes = -1
            lastCheckpointReusedPages = 0
            needsWholeWrite = false
            try removeFiles(except: newFile.number)
            cache.removeAll(of: old)
            return WrittenCheckpoint(file: newFile, checkpointed: state, written: written, checkpointPin: readers.pin(number))
        }
        // Runs freed by the last durable checkpoint or earlier, and by none a live state may still reach.
        let reuse = positional.map { (file: $0, freedBy: min(checkpointNumber, readers.oldest ?? .max)) }
        var writer = PageWriter(target: file, output: output, startingAt: file.validLength, free: freeRuns, reuse: reuse)
        let meta: PageMeta
        do {
            let tables = try Self.writeTrees(of: state, with: &writer, schema: schema)
            var free = writer.free
            guard free.add(try freedRuns(keeping: writer.kept, freedBy: number)) else {
                throw StoreError.corrupted(file: file.path, offset: 0, reason: "a page record is reached twice")
            }
            try writer.flush()
            if sync { try output.sync() }
            meta = PageMeta(logGeneration: logGeneration, fileNumber: file.number, validLength: writer.length, baseLength: baseLength,
                            catalog: schema.schema, tables: tables, checkpoint: number, freeRuns: free)
            try meta.write(directory: directory, fileSystem: fileSystem, sync: sync)
        } catch {
            // Where the file ends is unknown now (an append may have been cut short, the meta
            // may or may not have switched), so the next checkpoint writes a new file whole.
            needsWholeWrite = true
            throw error
        }
        file.validLength = writer.length
        adoptMeta(meta)
        lastCheckpointNodes = writer.nodesWritten
        lastCheckpointReusedPages = writer.pagesReused
        return WrittenCheckpoint(file: file, checkpointed: state, written: writer.written, checkpointPin: readers.pin(number))
    }

    private func adoptMeta(_ meta: PageMeta) {
        baseLength = meta.baseLength
        checkpointNumber = meta.checkpoint
        roots = meta.tables
        freeRuns = meta.freeRuns
    }

    /// The records the last checkpoint's trees reach and the new ones do not (their offsets are
    /// not in `kept`): each tree is walked from its old root down to the records still named,
    /// so only the changed paths (and subtrees dropped whole) are read.
    private func freedRuns(keeping kept: Set<UInt64>, freedBy number: UInt64) throws -> [FreePageRun] {
        var freed: [FreePageRun] = []
        try walkRecords(below: { !kept.contains($0.offset) }) {
            freed.append(FreePageRun(offset: $0.offset, pages: FreePageRuns.pages(forRecordOf: $0.length), freedBy: number))
        }
        return freed
    }

    /// Checks that no record the last checkpoint's trees reach lies in a free run or in another
    /// record's run (``Store/verify(at:schema:fileSystem:)``): a meta listing a live record as
    /// free would let the next checkpoint overwrite it. Reads every internal node.
    func checkFreeRuns() throws {
        guard file.reusesPageRuns else { return }
        var runs = freeRuns.runs.map { (offset: $0.offset, end: $0.end, record: false) }
        try walkRecords(below: { _ in true }) {
            runs.append(($0.offset, $0.offset + UInt64(FreePageRuns.pages(forRecordOf: $0.length)) * UInt64(FileFormat.Pages.pageSize), true))
        }
        runs.sort { $0.offset < $1.offset }
        for (a, b) in zip(runs, runs.dropFirst()) where a.end > b.offset {
            let reason = a.record && b.record ? "two page records share a page run" : "a free page run holds a live record"
            throw StoreError.corrupted(file: file.path, offset: Int(clamping: b.offset), reason: reason)
        }
    }

    /// Calls `visit` with every record of the last checkpoint's trees that `descends` accepts,
    /// descending into the accepted internal nodes (read through the cache).
    private func walkRecords(below descends: (PageReference) -> Bool, _ visit: (PageReference) throws -> Void) throws {
        func walk(_ reference: PageReference) throws {
            guard descends(reference) else { return }
            try visit(reference)
            guard reference.level > 0 else { return }
            let node = try cache.node(in: file, at: reference.offset) ?? file.read(reference)
            for child in node.children {
                guard let page = child.page else { throw file.corrupt(reference, "page child is not a page record") }
                try walk(page)
            }
        }
        for (t, table) in roots.enumerated() {
            for (number, tree) in table.trees.enumerated() {
                guard let root = tree.root else { continue }
                try walk(PageReference(file: file, offset: root.offset, length: root.length, level: root.level, table: UInt32(t),
                                       tree: UInt16(number), checksum: root.checksum))
            }
        }
    }

    /// Closes the append handles (readers keep their own descriptor).
    func close() {
        output?.close()
        output = nil
        positional?.close()
        positional = nil
    }

    // MARK: Writing

    private static func writeWhole(_ state: StoreState, number: UInt64, checkpoint: UInt64, directory: String, schema: ResolvedSchema,
                                   fileSystem fs: any StorageFileSystem, sync: Bool, cache: PageCache, faults: PageFaults,
                                   logGeneration: UInt64) throws -> (PageFile, StorageFile, PageMeta, [ObjectIdentifier: PageReference]) {
        let path = directory + "/" + FileFormat.Pages.fileName(number)
        let output = try fs.openForAppend(path, truncate: true)
        do {
            // Written before any node so a reader opened now sees the file; its length grows as the checkpoint is written.
            let reader = try fs.openForReading(path)
            let file = PageFile(path: path, number: number, reader: reader, validLength: 0, schema: schema, cache: cache, faults: faults)
            var writer = PageWriter(target: file, output: output, startingAt: 0)
            let tables = try writeTrees(of: state, with: &writer, schema: schema)
            try writer.flush()
            if sync {
                try output.sync()
                // The new file's name must be durable before a meta can name it: otherwise a power
                // loss can keep the meta's rename and lose the file's creation.
                try fs.syncDirectory(directory)
            }
            let meta = PageMeta(logGeneration: logGeneration, fileNumber: number, validLength: writer.length, baseLength: writer.length,
                                catalog: schema.schema, tables: tables, checkpoint: checkpoint)
            do {
                try meta.write(directory: directory, fileSystem: fs, sync: sync)
            } catch {
                // The rename may have reached the disk, so the file stays; the next open removes it if unnamed.
                output.close()
                throw PageWriteFailure(underlying: error)
            }
            file.validLength = writer.length
            return (file, output, meta, writer.written)
        } catch let error as PageWriteFailure {
            throw error.underlying
        } catch {
            // Left behind, the partial file would hold disk space.
            output.close()
            try? fs.remove(path)
            throw error
        }
    }

    private static func writeTrees(of state: StoreState, with writer: inout PageWriter, schema: ResolvedSchema) throws -> [PageMeta.Table] {
        try schema.tables.map { table in
            let trees = state.tables[table.id]
            let all = [trees.primary] + trees.indexes
            return PageMeta.Table(lastAutoID: trees.lastAutoID, trees: try all.enumerated().map { number, tree in
                guard let root = tree.root else { return PageMeta.Tree(count: tree.count, root: nil) }
                let reference = try writer.write(root, table: table.id, tree: number)
                return PageMeta.Tree(count: tree.count, root: .init(offset: reference.offset, length: reference.length, level: reference.level,
                                                                    checksum: reference.checksum))
            })
        }
    }

    private func removeFiles(except number: UInt64) throws {
        for name in try fileSystem.listDirectory(directory) {
            if let n = FileFormat.Pages.number(ofFileName: name), n != number { try fileSystem.remove(directory + "/" + name) }
        }
    }

    // MARK: Reading

    /// The state a meta names: each tree's root read (and checked) now, everything below it on demand.
    private static func state(_ meta: PageMeta, file: PageFile, schema: ResolvedSchema, pin: CheckpointPin) throws -> StoreState {
        guard meta.tables.count == schema.tables.count else {
            throw StoreError.corrupted(file: file.path, offset: 0, reason: "meta names \(meta.tables.count) tables, the catalog \(schema.tables.count)")
        }
        var state = StoreState(schema: schema)
        state.pageFaults = file.faults
        for table in schema.tables {
            let stored = meta.tables[table.id]
            guard stored.trees.count == table.indexes.count + 1 else {
                throw StoreError.corrupted(file: file.path, offset: 0, reason: "meta names the wrong number of trees of table '\(table.name)'")
            }
            let trees = try stored.trees.enumerated().map { number, tree -> BTree in
                guard let root = tree.root else {
                    guard tree.count == 0 else {
                        throw StoreError.corrupted(file: file.path, offset: 0, reason: "empty tree with \(tree.count) entries")
                    }
                    return BTree(root: nil, count: 0, checkpointPin: pin)
                }
                let reference = PageReference(file: file, offset: root.offset, length: root.length, level: root.level,
                                              table: UInt32(table.id), tree: UInt16(number), checksum: root.checksum)
                return BTree(root: try file.read(reference), count: tree.count, checkpointPin: pin)
            }
            state.tables[table.id].primary = trees[0]
            state.tables[table.id].indexes = Array(trees.dropFirst())
            state.tables[table.id].lastAutoID = stored.lastAutoID
        }
        return state
    }
}

/// A failure after the meta file may have switched: the page file it names must stay.
private struct PageWriteFailure: Error {
    let underlying: Error
}
