/// The committed transactions found in log directories (a log archive, a live store's
/// directory), by sequence number, for point-in-time restore.
struct LogArchive {
    struct Commit {
        var operations: [LogOperation]
        /// Microseconds since 1970; nil for a format 002 record.
        var commitTime: Int64?
        var file: String
        var offset: Int
    }

    private(set) var commits: [UInt64: Commit] = [:]

    /// Reads every `wal-*.log` in `directories`, checking each log's records and chain. A log
    /// that a checkpoint ended may not have lost its tail; only a log still being written (one
    /// without an end record) may end in a torn record. The same sequence number in two logs
    /// (an archived log also left in the store after a crash) must carry the same operations.
    init(directories: [String], fileSystem fs: StorageFileSystem) throws {
        for directory in directories {
            for name in try fs.listDirectory(directory).sorted() {
                guard name.hasPrefix(FileFormat.Directory.logPrefix), name.hasSuffix(FileFormat.Directory.logSuffix) else { continue }
                let path = directory + "/" + name
                do {
                    // Archived logs may carry a suffix after the generation (``RetiredLogs``): the header says which log it is.
                    let named = FileFormat.Directory.generation(ofLogName: name)
                    guard let generation = try named ?? Self.header(of: fs.readFile(path))?.generation else {
                        throw StoreError.corrupted(file: path, offset: 0, reason: "not a log file")
                    }
                    let contents = try WriteAheadLog.read(path, generation: generation, fileSystem: fs)
                    if contents.continuedIn != nil, contents.discardedTornTail {
                        throw StoreError.corrupted(file: path, offset: contents.validEnd, reason: "data after the log's end record")
                    }
                    for (i, transaction) in contents.transactions.enumerated() {
                        let sequence = contents.firstSequence + UInt64(i)
                        let commit = Commit(operations: transaction.operations, commitTime: contents.commitTimes[i],
                                            file: path, offset: transaction.offset)
                        if let existing = commits[sequence] {
                            guard Self.same(existing.operations, commit.operations) else {
                                throw StoreError.corrupted(file: path, offset: transaction.offset,
                                                           reason: "commit \(sequence) differs from the one in \(existing.file)")
                            }
                        } else {
                            commits[sequence] = commit
                        }
                    }
                } catch StoreError.corrupted(let file, let offset, let reason) {
                    throw StoreOperationError.damagedArchive(file: file, offset: offset, reason: reason)
                }
            }
        }
    }

    /// The generation and first sequence number in a log's header record, if it has a whole one.
    static func header(of bytes: [UInt8]) -> (generation: UInt64, firstSequence: UInt64)? {
        let start = FileFormat.Frame.headerSize
        guard bytes.count >= FileFormat.Log.headerRecordSize,
              let parsed = try? RecordFraming.parse(Array(bytes[..<FileFormat.Log.headerRecordSize]), file: "", allowTornTail: false),
              parsed.payloads.count == 1 else { return nil }
        var r = ByteReader(bytes, from: start + FileFormat.Log.magic.count, to: FileFormat.Log.headerRecordSize)
        guard let generation = try? r.u64(), let first = try? r.u64() else { return nil }
        return (generation, first)
    }

    private static func same(_ a: [LogOperation], _ b: [LogOperation]) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) {
            switch (x, y) {
            case let (.put(t1, r1), .put(t2, r2)) where t1 == t2 && r1 == r2: continue
            case let (.delete(t1, k1), .delete(t2, k2)) where t1 == t2 && k1 == k2: continue
            default: return false
            }
        }
        return true
    }

    /// The highest sequence number whose commit time is at or before `time`, if any lies past `start`.
    func lastSequence(atOrBefore time: Int64, from start: UInt64) -> UInt64? {
        commits.filter { $0.key >= start && ($0.value.commitTime.map { $0 <= time } ?? false) }.keys.max()
    }
}
