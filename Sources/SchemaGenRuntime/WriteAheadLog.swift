import Foundation

/// The write-ahead log: one file per log generation, `wal-<generation as 16 hex digits>.log`,
/// holding a header record and then one record per committed transaction.
///
/// A transaction record lists the row-level changes the transaction made (including those of
/// cascades), so replaying it rebuilds rows and indexes exactly; constraints are not re-checked
/// because they held when it committed. Records use ``RecordFraming``.
enum WriteAheadLog {
    static let magic = Array("SGWAL001".utf8)
    static let transactionKind: UInt8 = 1
    static let putKind: UInt8 = 1
    static let deleteKind: UInt8 = 2

    static func fileName(_ generation: UInt64) -> String {
        "wal-" + String(repeating: "0", count: 16 - String(generation, radix: 16).count) + String(generation, radix: 16) + ".log"
    }

    /// The generation named by a log file name, or nil for other files.
    static func generation(ofFileName name: String) -> UInt64? {
        guard name.hasPrefix("wal-"), name.hasSuffix(".log"), name.count == 24 else { return nil }
        return UInt64(name.dropFirst(4).prefix(16), radix: 16)
    }

    /// Creates an empty log for `generation` (header record only), durable with its directory entry.
    static func create(generation: UInt64, in directory: String, fileSystem: StorageFileSystem, sync: Bool) throws -> StorageFile {
        let file = try fileSystem.openForAppend(directory + "/" + fileName(generation), truncate: true)
        do {
            var w = ByteWriter()
            w.raw(magic)
            w.u64(generation)
            try file.append(RecordFraming.frame(w.bytes))
            if sync {
                try file.sync()
                try fileSystem.syncDirectory(directory)
            }
            return file
        } catch {
            file.close()
            throw error
        }
    }

    /// The framed record of one transaction.
    static func transactionRecord(_ operations: [LogOperation]) -> [UInt8] {
        var w = ByteWriter(capacity: 64)
        w.u8(transactionKind)
        w.varint(operations.count)
        for op in operations {
            switch op {
            case .put(let table, let row):
                w.u8(putKind); w.varint(table); w.blob(row)
            case .delete(let table, let key):
                w.u8(deleteKind); w.varint(table); w.blob(key)
            }
        }
        return RecordFraming.frame(w.bytes)
    }

    /// A log file's transactions, in commit order.
    struct Contents {
        var transactions: [(offset: Int, operations: [LogOperation])] = []
        /// Offset just past the last valid record (where appending resumes).
        var validEnd = 0
        /// Whether a torn final record was discarded.
        var discardedTornTail = false
    }

    /// Reads a log file. `isLast`: the newest log, whose torn final record is discarded; in any
    /// older log, and for any other damage, the open fails naming the file and offset.
    static func read(_ path: String, generation: UInt64, fileSystem: StorageFileSystem, isLast: Bool) throws -> Contents {
        let bytes = try fileSystem.readFile(path)
        let parsed = try RecordFraming.parse(bytes, file: path, allowTornTail: isLast)
        var contents = Contents(validEnd: parsed.validEnd, discardedTornTail: parsed.discardedTornTail)
        guard let header = parsed.payloads.first else {
            // A log whose header never became durable holds no commits: a crash during creation.
            guard isLast else { throw StoreError.corrupted(file: path, offset: 0, reason: "log has no header record") }
            contents.validEnd = 0
            return contents
        }
        var h = ByteReader(bytes, from: header.lowerBound, to: header.upperBound)
        guard (try? h.raw(8)) == magic, (try? h.u64()) == generation else {
            throw StoreError.corrupted(file: path, offset: 0, reason: "not a log file of generation \(generation)")
        }
        for range in parsed.payloads.dropFirst() {
            let offset = range.lowerBound - RecordFraming.headerSize
            var r = ByteReader(bytes, from: range.lowerBound, to: range.upperBound)
            do {
                guard try r.u8() == transactionKind else { throw ByteReader.Truncated() }
                let count = try r.int()
                var ops: [LogOperation] = []
                ops.reserveCapacity(min(count, range.count))
                for _ in 0..<count {
                    let kind = try r.u8(), table = try r.int(), data = try r.blob()
                    switch kind {
                    case putKind: ops.append(.put(table: table, row: data))
                    case deleteKind: ops.append(.delete(table: table, key: data))
                    default: throw ByteReader.Truncated()
                    }
                }
                guard r.isAtEnd else { throw ByteReader.Truncated() }
                contents.transactions.append((offset, ops))
            } catch {
                throw StoreError.corrupted(file: path, offset: offset, reason: "malformed transaction record")
            }
        }
        return contents
    }
}
