/// Every constant of the store's on-disk format, each defined once here and used everywhere
/// (`docs/storage.md` describes the layout byte by byte).
///
/// Changing a value here changes the format: bump the magic of the file concerned so that an old
/// store is refused instead of misread. The type bytes of rows and index keys belong to their
/// codecs (``RowCodec`` and ``IndexKeyEncoder``), the only code that reads or writes them.
enum FileFormat {
    /// Names of the files in a store directory.
    enum Directory {
        /// The empty file held with `flock` while the store is open.
        static let lock = "LOCK"
        /// The last checkpoint.
        static let snapshot = "snapshot.dat"
        /// A checkpoint being written, renamed over ``snapshot`` once complete.
        static let temporarySnapshot = "snapshot.dat.tmp"
        /// The 16-byte secret page tokens are authenticated with (created on first use).
        static let pageTokenSecret = "page-token.key"
        /// Log files are `wal-<generation as 16 lower-case hex digits>.log`.
        static let logPrefix = "wal-"
        static let logSuffix = ".log"
        static let logGenerationDigits = 16

        /// The name of the log file of `generation`.
        static func logName(generation: UInt64) -> String {
            let hex = String(generation, radix: 16)
            return logPrefix + String(repeating: "0", count: logGenerationDigits - hex.count) + hex + logSuffix
        }

        /// The generation named by a log file name, or nil for other files.
        static func generation(ofLogName name: String) -> UInt64? {
            guard name.hasPrefix(logPrefix), name.hasSuffix(logSuffix),
                  name.count == logPrefix.count + logGenerationDigits + logSuffix.count else { return nil }
            return UInt64(name.dropFirst(logPrefix.count).prefix(logGenerationDigits), radix: 16)
        }
    }

    /// The record framing of log and snapshot files (``RecordFraming``).
    enum Frame {
        /// Payload length (u32), payload CRC-32C (u32), CRC-32C of the first 8 header bytes (u32).
        static let headerSize = 12
        /// Where the payload checksum sits in the header.
        static let payloadChecksumOffset = 4
        /// The header bytes the header checksum covers (length and payload checksum).
        static let checksummedHeaderBytes = 8
    }

    /// The write-ahead log (``WriteAheadLog``).
    enum Log {
        /// The header record's payload starts with these 8 bytes. Format 003 added the commit
        /// time to transaction records (``timedTransactionKind``); format 002 logs are still read.
        static let magic = Array("SGWAL003".utf8)
        /// The magic of logs written before transaction records carried a commit time.
        static let legacyMagic = Array("SGWAL002".utf8)
        /// Header payload: magic, generation (u64), first sequence number (u64).
        static let headerPayloadSize = magic.count + 8 + 8
        /// A framed header record: the size of a log holding no transactions yet.
        static let headerRecordSize = Frame.headerSize + headerPayloadSize
        /// First byte of a transaction record without a commit time (written by format 002).
        static let transactionKind: UInt8 = 1
        /// First byte of a transaction record carrying its commit time (i64 microseconds since
        /// 1970, after the chain fields), the only kind format 003 writes. A separate kind, not a
        /// per-log flag, so a format 002 log reopened by this version can be appended to.
        static let timedTransactionKind: UInt8 = 3
        /// First byte of the record ending a log a checkpoint moved on from.
        static let endKind: UInt8 = 2
        /// Operation kinds inside a transaction record.
        static let putKind: UInt8 = 1
        static let deleteKind: UInt8 = 2
        /// The sequence number of a new store's first transaction.
        static let firstSequence: UInt64 = 1
    }

    /// An index tree's key: index columns, primary key, then the primary key's length
    /// (big-endian), which lets the primary key be cut back out (``IndexKeys``).
    enum IndexEntry {
        static let primaryKeyLengthBytes = 2
        /// The longest primary key those length bytes can state.
        static let maxPrimaryKeyLength = 0xFFFF
    }

    /// The checkpoint file (``SnapshotFile``).
    enum Snapshot {
        /// The header record's payload starts with these 8 bytes.
        static let magic = Array("SGSNAP01".utf8)
        /// The format version (u32) following the magic.
        static let version: UInt32 = 1
        /// First bytes of the records after the header.
        static let treeKind: UInt8 = 2
        static let tableKind: UInt8 = 3
        static let endKind: UInt8 = 4
    }
}
