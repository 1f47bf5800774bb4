/// Opening a store directory: create it, or load the last snapshot and replay the logs after it.
///
/// Files in the directory: `LOCK` (held with flock while open), `snapshot.dat`, and
/// `wal-<generation>.log` for every log generation at or after the snapshot's. Logs older than
/// the snapshot's generation were retired by a checkpoint that crashed before deleting them.
enum Recovery {
    struct Result {
        var state: StoreState
        var logGeneration: UInt64
        var log: StorageFile
        var logSize: Int
        var replayedTransactions = 0
        var discardedTornTail = false
    }

    static func open(_ directory: String, schema: ResolvedSchema, fileSystem fs: StorageFileSystem, sync: Bool,
                     readOnly: Bool = false) throws -> Result {
        let snapshotPath = directory + "/" + SnapshotFile.name
        let logs = try fs.listDirectory(directory).compactMap(WriteAheadLog.generation(ofFileName:)).sorted()
        guard fs.fileExists(snapshotPath) else {
            guard logs.isEmpty else {
                throw StoreError.corrupted(file: snapshotPath, offset: 0, reason: "snapshot is missing but log files exist")
            }
            // A new store: its first snapshot records the catalog before any data exists.
            let state = StoreState(schema: schema)
            try SnapshotFile.write(state, schema: schema, logGeneration: 1, directory: directory, fileSystem: fs, sync: sync)
            let log = try WriteAheadLog.create(generation: 1, in: directory, fileSystem: fs, sync: sync)
            return Result(state: state, logGeneration: 1, log: log, logSize: RecordFraming.headerSize + 16)
        }
        let loaded = try SnapshotFile.read(snapshotPath, schema: schema, fileSystem: fs)
        var state = loaded.state
        let live = logs.filter { $0 >= loaded.logGeneration }
        for (i, generation) in live.enumerated() where generation != loaded.logGeneration + UInt64(i) {
            throw StoreError.corrupted(file: directory + "/" + WriteAheadLog.fileName(loaded.logGeneration + UInt64(i)),
                                       offset: 0, reason: "log file is missing")
        }
        var result = Result(state: state, logGeneration: live.last ?? loaded.logGeneration, log: DiscardedFile(), logSize: 0)
        var lastContents: WriteAheadLog.Contents?
        for (i, generation) in live.enumerated() {
            let path = directory + "/" + WriteAheadLog.fileName(generation)
            let contents = try WriteAheadLog.read(path, generation: generation, fileSystem: fs, isLast: i == live.count - 1)
            for (offset, operations) in contents.transactions {
                try apply(operations, to: &state, schema: schema, file: path, offset: offset)
            }
            result.replayedTransactions += contents.transactions.count
            lastContents = contents
        }
        result.state = state
        result.discardedTornTail = lastContents?.discardedTornTail ?? false
        if readOnly { return result }
        for generation in logs where generation < loaded.logGeneration {
            try fs.remove(directory + "/" + WriteAheadLog.fileName(generation))
        }
        try fs.remove(directory + "/" + SnapshotFile.temporaryName)
        if let contents = lastContents, contents.validEnd > 0 {
            let file = try fs.openForAppend(directory + "/" + WriteAheadLog.fileName(result.logGeneration), truncate: false)
            // Cut a discarded torn tail so new records follow the last valid one directly.
            try file.truncate(to: contents.validEnd)
            if sync, contents.discardedTornTail { try file.sync() }
            result.log = file
            result.logSize = contents.validEnd
        } else {
            result.log = try WriteAheadLog.create(generation: result.logGeneration, in: directory, fileSystem: fs, sync: sync)
            result.logSize = RecordFraming.headerSize + 16
        }
        return result
    }

    /// Re-applies one committed transaction's row changes.
    static func apply(_ operations: [LogOperation], to state: inout StoreState, schema: ResolvedSchema,
                      file: String, offset: Int) throws {
        func corrupt(_ reason: String) -> StoreError { .corrupted(file: file, offset: offset, reason: reason) }
        for op in operations {
            switch op {
            case .put(let t, let bytes):
                guard t < schema.tables.count else { throw corrupt("unknown table \(t)") }
                let table = schema.tables[t]
                guard let row = try? RowCodec.decode(bytes), row.count == table.definition.columns.count else {
                    throw corrupt("row of table '\(table.name)' does not decode")
                }
                let key = IndexKeys.primaryKey(table, row: row)
                state.put(table, key: key, row: row, encoded: bytes, replacing: state.row(table, key: key), generation: 1)
            case .delete(let t, let key):
                guard t < schema.tables.count else { throw corrupt("unknown table \(t)") }
                let table = schema.tables[t]
                if let old = state.row(table, key: key) { state.delete(table, key: key, oldRow: old, generation: 1) }
            }
        }
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
