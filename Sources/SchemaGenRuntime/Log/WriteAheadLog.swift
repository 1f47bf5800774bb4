import Foundation

/// The write-ahead log: one file per log generation, `wal-<generation as 16 hex digits>.log`,
/// holding a header record, one record per committed transaction and, once a checkpoint has
/// moved on to the next generation, an end record naming it.
///
/// Records are chained: each carries a sequence number (consecutive across logs) and the
/// payload checksum of the record before it, so a record that is removed, duplicated, swapped or
/// taken from another log is caught even though its own checksum is valid. A transaction record
/// lists the row-level changes the transaction made (including those of cascades), so replaying
/// it rebuilds rows and indexes exactly. Records use ``RecordFraming``.
enum WriteAheadLog {
    private typealias Format = FileFormat.Log

    /// Where a log's chain stands after its last record: the sequence number the next record
    /// gets, and the payload checksum of the last record.
    struct Chain: Equatable, Sendable {
        var sequence: UInt64
        var previous: UInt32
    }

    /// The framed header record of a log.
    static func headerRecord(generation: UInt64, firstSequence: UInt64) -> [UInt8] {
        var w = ByteWriter(capacity: Format.headerPayloadSize)
        w.raw(Format.magic)
        w.u64(generation)
        w.u64(firstSequence)
        return RecordFraming.frame(w.bytes)
    }

    /// The payload checksum stored in a framed record's header.
    static func payloadChecksum(ofFramed record: [UInt8]) -> UInt32 {
        checksum(record, FileFormat.Frame.headerSize..<record.count)
    }

    /// Creates an empty log for `generation` (header record only), durable with its directory
    /// entry, and returns it with the chain its first transaction continues. On failure the
    /// file is removed again, so a failed checkpoint leaves no log behind.
    static func create(generation: UInt64, firstSequence: UInt64, in directory: String, fileSystem: StorageFileSystem,
                       sync: Bool) throws -> (file: StorageFile, chain: Chain) {
        let path = directory + "/" + FileFormat.Directory.logName(generation: generation)
        let file = try fileSystem.openForAppend(path, truncate: true)
        do {
            let header = headerRecord(generation: generation, firstSequence: firstSequence)
            try file.append(header)
            if sync {
                try file.sync()
                try fileSystem.syncDirectory(directory)
            }
            return (file, Chain(sequence: firstSequence, previous: payloadChecksum(ofFramed: header)))
        } catch {
            file.close()
            try? fileSystem.remove(path)
            throw error
        }
    }

    /// The framed record of one transaction committed at `commitTime` (microseconds since
    /// 1970, what point-in-time restore compares), continuing `chain`.
    static func transactionRecord(_ operations: [LogOperation], chain: Chain, commitTime: Int64 = 0) -> [UInt8] {
        var w = ByteWriter(capacity: 64)
        w.u8(Format.timedTransactionKind)
        w.u64(chain.sequence)
        w.u32(chain.previous)
        w.u64(UInt64(bitPattern: commitTime))
        w.varint(operations.reduce(0) { $0 + $1.loggedCount })
        for op in operations {
            switch op {
            case .put(let table, let row):
                w.u8(Format.putKind); w.varint(table); w.blob(row)
            case .delete(let table, let key):
                w.u8(Format.deleteKind); w.varint(table); w.blob(key)
            case .deleteAll(let table, let keys):
                keys.withView { view in
                    for i in 0..<view.count { w.u8(Format.deleteKind); w.varint(table); w.blob(view.key(i)) }
                }
            }
        }
        return RecordFraming.frame(w.bytes)
    }

    /// The framed end record of a log whose commits continue in log `nextGeneration`.
    static func endRecord(nextGeneration: UInt64, chain: Chain) -> [UInt8] {
        var w = ByteWriter()
        w.u8(Format.endKind)
        w.u64(chain.sequence)
        w.u32(chain.previous)
        w.u64(nextGeneration)
        return RecordFraming.frame(w.bytes)
    }

    /// A log file's transactions, in commit order.
    struct Contents {
        /// False for an empty file or one whose header record is torn: a log whose creation crashed.
        var hasHeader = false
        /// Whether the header is of the current format (commit times), not of format 002.
        var hasCommitTimes = false
        /// The file's size in bytes, torn tail included.
        var fileBytes = 0
        var firstSequence: UInt64 = 0
        var transactions: [(offset: Int, operations: [LogOperation])] = []
        /// The commit time of each of `transactions` (microseconds since 1970), nil for a
        /// record written before records carried one (format 002).
        var commitTimes: [Int64?] = []
        /// The chain after the last transaction (the end record does not advance it).
        var chain = Chain(sequence: 0, previous: 0)
        /// The generation the end record names, if the log has one.
        var continuedIn: UInt64?
        /// Offset just past the last valid record (where appending resumes).
        var validEnd = 0
        /// Whether a torn final record was discarded.
        var discardedTornTail = false
    }

    /// Reads a log file. Zeros after the last valid record end it; a torn final record is
    /// discarded (the caller decides whether this log may have one); any other damage, a broken chain, or a record after the end record throws
    /// ``StoreError/corrupted(file:offset:reason:)`` naming the file and the record's offset.
    static func read(_ path: String, generation: UInt64, fileSystem: StorageFileSystem) throws -> Contents {
        let bytes = try fileSystem.readFile(path)
        let parsed = try RecordFraming.parse(bytes, file: path, allowTornTail: true)
        var contents = Contents(fileBytes: bytes.count, validEnd: parsed.validEnd, discardedTornTail: parsed.discardedTornTail)
        guard let header = parsed.payloads.first else { return contents }
        var h = ByteReader(bytes, from: header.lowerBound, to: header.upperBound)
        let magic = try? h.raw(Format.magic.count)
        guard magic == Format.magic || magic == Format.legacyMagic, (try? h.u64()) == generation, let first = try? h.u64(), h.isAtEnd else {
            throw StoreError.corrupted(file: path, offset: 0, reason: "not a log file of generation \(generation)")
        }
        contents.hasHeader = true
        contents.hasCommitTimes = magic == Format.magic
        contents.firstSequence = first
        contents.chain = Chain(sequence: first, previous: checksum(bytes, header))
        for range in parsed.payloads.dropFirst() {
            let offset = range.lowerBound - FileFormat.Frame.headerSize
            func corrupt(_ reason: String) -> StoreError { .corrupted(file: path, offset: offset, reason: reason) }
            guard contents.continuedIn == nil else { throw corrupt("record after the log's end record") }
            var r = ByteReader(bytes, from: range.lowerBound, to: range.upperBound)
            do {
                let kind = try r.u8(), sequence = try r.u64(), previous = try r.u32()
                guard sequence == contents.chain.sequence else {
                    throw corrupt("record has sequence number \(sequence), expected \(contents.chain.sequence)")
                }
                guard previous == contents.chain.previous else { throw corrupt("record does not follow the record before it") }
                switch kind {
                case Format.transactionKind, Format.timedTransactionKind:
                    let commitTime = kind == Format.timedTransactionKind ? Int64(bitPattern: try r.u64()) : nil
                    let count = try r.int()
                    var ops: [LogOperation] = []
                    ops.reserveCapacity(min(count, range.count))
                    for _ in 0..<count {
                        let op = try r.u8(), table = try r.int(), data = try r.blob()
                        switch op {
                        case Format.putKind: ops.append(.put(table: table, row: data))
                        case Format.deleteKind: ops.append(.delete(table: table, key: data))
                        default: throw ByteReader.Truncated()
                        }
                    }
                    guard r.isAtEnd else { throw ByteReader.Truncated() }
                    contents.transactions.append((offset, ops))
                    contents.commitTimes.append(commitTime)
                    contents.chain = Chain(sequence: sequence + 1, previous: checksum(bytes, range))
                case Format.endKind:
                    let next = try r.u64()
                    guard r.isAtEnd else { throw ByteReader.Truncated() }
                    guard next == generation + 1 else { throw corrupt("end record names log generation \(next)") }
                    contents.continuedIn = next
                default:
                    throw ByteReader.Truncated()
                }
            } catch is ByteReader.Truncated {
                throw corrupt("malformed log record")
            }
        }
        return contents
    }

    /// The payload checksum of the record whose payload is `range`, from its frame header.
    private static func checksum(_ bytes: [UInt8], _ range: Range<Int>) -> UInt32 {
        RecordFraming.payloadChecksum(ofRecord: bytes, at: range.lowerBound - FileFormat.Frame.headerSize)
    }
}
