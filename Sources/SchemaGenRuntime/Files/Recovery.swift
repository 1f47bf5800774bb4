/// Opening a store directory: create it, or load the last snapshot and replay the logs after it.
///
/// Files in the directory: `LOCK` (held with flock while open), `snapshot.dat`, and
/// `wal-<generation>.log`. The snapshot names the log that continues it, and every log a
/// checkpoint moved on from ends in a record naming the next one, so a missing log is always
/// noticed. Logs older than the snapshot's were retired by a checkpoint that crashed before
/// deleting them; a log after the last one named holds no commits (a checkpoint failed or
/// crashed while starting it) and is removed.
enum Recovery {
    struct Result {
        var state: StoreState
        var logGeneration: UInt64
        var log: StorageFile
        var logSize: Int
        var chain: WriteAheadLog.Chain
        var replayedTransactions = 0
        var discardedTornTail = false
        /// The page file the state reads from, when the checkpoint is one.
        var pages: PageStore?
    }

    /// Retired logs go to `logArchive` when given (``StoreOptions/logArchiveDirectory``), else are deleted.
    /// Recovers `directory`. A checkpoint in the page format (`pages.meta`) is opened as such
    /// whatever `format` says; `format` decides what a new store is created as and whether a
    /// snapshot file is converted (not in `readOnly` mode).
    static func open(_ directory: String, schema: ResolvedSchema, fileSystem fs: StorageFileSystem, sync: Bool,
                     readOnly: Bool = false, logArchive: String? = nil, format: CheckpointFormat = .snapshotFile,
                     cacheNodes: Int = StoreOptions().pageCacheNodes) throws -> Result {
        let snapshotPath = directory + "/" + FileFormat.Directory.snapshot
        func logPath(_ generation: UInt64) -> String { directory + "/" + FileFormat.Directory.logName(generation: generation) }
        let logs = try fs.listDirectory(directory).compactMap(FileFormat.Directory.generation(ofLogName:)).sorted()
        let hasPages = PageStore.exists(in: directory, fileSystem: fs)
        guard hasPages || fs.fileExists(snapshotPath) else {
            // The first log is created before the first snapshot, so a creation that crashed
            // leaves at most `wal-1` without commits; anything more means the snapshot was lost.
            for generation in logs {
                guard generation == 1,
                      try WriteAheadLog.read(logPath(1), generation: 1, fileSystem: fs).transactions.isEmpty else {
                    throw StoreError.corrupted(file: snapshotPath, offset: 0, reason: "snapshot is missing but log files exist")
                }
            }
            return try create(directory, schema: schema, fileSystem: fs, sync: sync, format: format, cacheNodes: cacheNodes)
        }
        let loaded = try PagedRecovery.checkpoint(directory, schema: schema, fileSystem: fs, sync: sync, readOnly: readOnly,
                                                  format: format, cacheNodes: cacheNodes)
        var state = loaded.state
        var result = Result(state: state, logGeneration: loaded.logGeneration, log: DiscardedFile(), logSize: 0,
                            chain: .init(sequence: 0, previous: 0), pages: loaded.pages)
        // Follow the chain: the snapshot names its log, each ended log names the next.
        var generation = loaded.logGeneration
        var expectedSequence: UInt64?
        var last: WriteAheadLog.Contents
        while true {
            let path = logPath(generation)
            guard logs.contains(generation) else { throw StoreError.corrupted(file: path, offset: 0, reason: "log file is missing") }
            let contents = try WriteAheadLog.read(path, generation: generation, fileSystem: fs)
            // A named log was made durable before anything named it.
            guard contents.hasHeader else { throw StoreError.corrupted(file: path, offset: 0, reason: "log has no header record") }
            if let expectedSequence, contents.firstSequence != expectedSequence {
                throw StoreError.corrupted(file: path, offset: 0,
                                           reason: "log starts at sequence number \(contents.firstSequence), expected \(expectedSequence)")
            }
            // Each log's transactions as one batch, sorted per tree (see ``LogReplay``).
            try LogReplay.apply(contents.transactions, to: &state, schema: schema, file: path)
            result.replayedTransactions += contents.transactions.count
            last = contents
            guard let next = contents.continuedIn else { break }
            if contents.discardedTornTail {
                throw StoreError.corrupted(file: path, offset: contents.validEnd, reason: "data after the log's end record")
            }
            expectedSequence = contents.chain.sequence
            generation = next
        }
        // Later logs were started by a checkpoint that never got to end this one: they may hold
        // no commits, and cannot start past this log's end (that would mean records were lost).
        var abandoned: [UInt64] = []
        for later in logs where later > generation {
            let contents = try WriteAheadLog.read(logPath(later), generation: later, fileSystem: fs)
            guard later == generation + 1, contents.transactions.isEmpty,
                  !contents.hasHeader || contents.firstSequence <= last.chain.sequence else {
                throw StoreError.corrupted(file: logPath(generation), offset: last.validEnd,
                                           reason: "log has no end record but \(FileFormat.Directory.logName(generation: later)) follows it")
            }
            abandoned.append(later)
        }
        // A page read during replay may have met damage (see ``PageFaults``).
        try state.pageFaults?.check()
        result.state = state
        result.logGeneration = generation
        result.chain = last.chain
        result.discardedTornTail = last.discardedTornTail
        if readOnly { return result }
        for old in logs where old < loaded.logGeneration {
            try RetiredLogs.dispose(logPath(old), archive: logArchive, fileSystem: fs, sync: sync)
        }
        for later in abandoned { try fs.remove(logPath(later)) }
        try fs.remove(directory + "/" + FileFormat.Directory.temporarySnapshot)
        let file = try fs.openForAppend(logPath(generation), truncate: false)
        // Cut a discarded torn tail (or zeros written ahead) so new records follow the last valid
        // one directly. Zeros need no fsync of the cut: left in place they read the same.
        try file.truncate(to: last.validEnd)
        if sync, last.discardedTornTail || !abandoned.isEmpty {
            try file.sync()
            try fs.syncDirectory(directory)
        }
        result.log = file
        result.logSize = last.validEnd
        return result
    }

    /// A new store: the first log, then the snapshot naming it, each durable before the next.
    private static func create(_ directory: String, schema: ResolvedSchema, fileSystem fs: StorageFileSystem,
                               sync: Bool, format: CheckpointFormat, cacheNodes: Int) throws -> Result {
        var state = StoreState(schema: schema)
        var pages: PageStore?
        let (log, chain) = try WriteAheadLog.create(generation: 1, firstSequence: FileFormat.Log.firstSequence,
                                                    in: directory, fileSystem: fs, sync: sync)
        do {
            switch format {
            case .snapshotFile:
                try SnapshotFile.write(state, schema: schema, logGeneration: 1, directory: directory, fileSystem: fs, sync: sync)
            case .pages:
                (pages, state) = try PageStore.create(state, directory: directory, schema: schema, fileSystem: fs, sync: sync,
                                                      cacheNodes: cacheNodes, logGeneration: 1)
            }
        } catch {
            log.close()
            throw error
        }
        return Result(state: state, logGeneration: 1, log: log, logSize: FileFormat.Log.headerRecordSize, chain: chain, pages: pages)
    }

    /// Re-applies one committed transaction's row changes (point-in-time restore, which stops
    /// at a commit time; an open replays whole logs through ``LogReplay``).
    static func apply(_ operations: [LogOperation], to state: inout StoreState, schema: ResolvedSchema,
                      file: String, offset: Int) throws {
        func corrupt(_ reason: String) -> StoreError { .corrupted(file: file, offset: offset, reason: reason) }
        func delete(table t: Int, key: [UInt8]) throws {
            guard t < schema.tables.count else { throw corrupt("unknown table \(t)") }
            let table = schema.tables[t]
            if let old = state.row(table, key: key) { state.delete(table, key: key, oldRow: old, generation: 1) }
        }
        for op in operations {
            switch op {
            case .put(let t, let bytes):
                let (table, row) = try checkedPut(table: t, bytes, schema: schema, corrupt: corrupt)
                let key = IndexKeys.primaryKey(table, row: row)
                state.put(table, key: key, row: row, encoded: bytes, replacing: state.row(table, key: key), generation: 1)
            case .delete(let t, let key):
                try delete(table: t, key: key)
            case .deleteAll(let t, let keys):
                // Never read from a log (it holds separate deletes); applied the same way.
                for i in 0..<keys.count { try delete(table: t, key: keys.key(i)) }
            }
        }
    }
}

extension Recovery {
    /// The table and decoded row of a logged put, after the checks every replay makes first: the
    /// table exists and the row is well formed for it (a record the log's checksums accepted can
    /// still name what this schema does not hold).
    static func checkedPut(table t: Int, _ bytes: [UInt8], schema: ResolvedSchema,
                           corrupt: (String) -> StoreError) throws -> (ResolvedTable, Row) {
        guard t < schema.tables.count else { throw corrupt("unknown table \(t)") }
        let table = schema.tables[t]
        guard RowCodec.isWellFormed(bytes, kinds: table.rowKinds) else {
            throw corrupt("row of table '\(table.name)' does not decode")
        }
        return (table, RowDecoding.decode(bytes, table: table))
    }
}

/// Placeholder log handle for a result that has not opened its log yet (read-only opens).
final class DiscardedFile: StorageFile, @unchecked Sendable {
    var path: String { "(none)" }
    func append(_ bytes: [UInt8]) throws { throw StoreError.closed }
    func sync() throws {}
    func truncate(to size: Int) throws {}
    func close() {}
}
