import Foundation

/// What ``Store/inspect(at:fileSystem:)`` found in a closed store.
public struct StoreInspection: Sendable, Hashable {
    /// One table (TTL spaces appear as `$kv.<name>`).
    public struct TableSummary: Sendable, Hashable {
        /// The table's name.
        public var name: String
        /// Rows in the table after replaying the logs.
        public var rows: Int
        /// The stored column definitions, in storage order.
        public var columns: [ColumnDefinition]
        /// The primary-key column names.
        public var primaryKey: [String]
        /// The secondary index names.
        public var indexes: [String]
    }

    /// One log file.
    public struct LogSummary: Sendable, Hashable {
        /// The file name, `wal-<generation>.log`.
        public var name: String
        /// The file's size.
        public var bytes: Int
        /// Committed transactions in it.
        public var transactions: Int
        /// The sequence number of its first commit.
        public var firstSequence: UInt64
        /// Whether its transaction records carry commit times (log format 003).
        public var hasCommitTimes: Bool
    }

    /// Every table, TTL spaces after the schema's tables.
    public var tables: [TableSummary]
    /// The size of the checkpoint: `snapshot.dat`, or for a page-file store `pages.meta` plus the page file.
    public var snapshotBytes: Int
    /// For a page-file store of format 5 or later: the bytes of the page file's free page runs
    /// (pages no live record uses, which later checkpoints reuse); nil for a snapshot file. The
    /// page file's live pages are its size less these.
    public var freePageBytes: Int?
    /// For a page-file store of format 5 or later: how many runs ``freePageBytes`` forms (nil for a snapshot file).
    public var freePageRuns: Int?
    /// Of ``freePageBytes``, those the last checkpoint freed (the old copies of the records it
    /// replaced, and the records of deleted rows): no checkpoint may write them before the next
    /// one, since the meta before the last still reaches them. The rest, freed earlier, is what
    /// the last checkpoint found no record to fit in.
    public var freePageBytesFreedByLastCheckpoint: Int?
    /// Every log file in the directory, by generation.
    public var logs: [LogSummary]
    /// The sequence number the next commit gets.
    public var nextSequence: UInt64
    /// Whether the newest log ends in a torn record an open would discard.
    public var hasTornTail: Bool
    /// The manifest, when the directory is a backup.
    public var backup: BackupManifest?
}
