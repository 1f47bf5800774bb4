import Foundation

/// When a commit's log record is made durable (fsynced) relative to acknowledging it.
public enum Durability: Sendable, Hashable {
    /// Every commit is fsynced before ``Store/write(_:)`` returns. Concurrent commits share one
    /// fsync (group commit). Readers only see commits once they are durable.
    case synchronous
    /// Commits return once written to the log; a background thread fsyncs every `maxDelay`
    /// seconds, so a crash loses roughly that window of acknowledged commits (more if an fsync
    /// is slow or the thread is not scheduled in time).
    case background(maxDelay: Double)
    /// Nothing is ever fsynced (logs and snapshots are still written). For tests only.
    case unsynced
}

/// How one commit is made durable, chosen per ``Store/write(durability:_:)``.
public enum CommitDurability: Sendable, Hashable {
    /// As ``StoreOptions/durability`` says.
    case storeDefault
    /// Acknowledged once written to the log, without waiting for an fsync; the next fsync (a
    /// synchronous commit's, the background thread's, a checkpoint's or the one on close) makes
    /// it durable. A crash before then loses it, so it suits data that can be rebuilt: caches.
    /// If synchronous commits before it are still waiting for their fsync, it waits with them.
    case deferred
}

/// How a store is opened.
public struct StoreOptions: Sendable {
    /// When commits become durable.
    public var durability: Durability
    /// The file layer; tests substitute one that injects faults.
    public var fileSystem: any StorageFileSystem
    /// After the log of the current generation grows past this many bytes, the committing
    /// thread writes a checkpoint. `0` disables automatic checkpoints.
    public var checkpointLogBytes: Int
    /// The store's one clock. Everything time-dependent reads it: TTL spaces and caches (expiry
    /// and purges), ``Store/expire(_:timestampColumn:olderThan:where:batchSize:)``, the time a
    /// write transaction stamps (``WriteTransaction/startTime``, hence generated `now` defaults,
    /// auto-updated timestamps and retention sweeps). Tests substitute a settable clock.
    public var clock: @Sendable () -> Date
    /// How writes to TTL key-value spaces (generated caches) commit: `.deferred` by default, so a
    /// cache `set` never waits for an fsync; a crash may lose the latest entries, which a cache
    /// refills. `.storeDefault` makes them as durable as every other commit.
    public var cacheDurability: CommitDurability = .deferred
    /// Where logs a checkpoint (or recovery) retires are moved instead of being deleted, for
    /// point-in-time restore (``Store/restore(backup:logs:until:to:replacing:fileSystem:)``).
    /// `nil` (the default) deletes them. Created if missing; keep it on the same file system.
    public var logArchiveDirectory: String?
    /// Whether checkpoints are kept in a page file (the default): nodes are read on demand through
    /// a bounded cache, opening reads only a meta record and each tree's root, and a checkpoint
    /// writes only what changed. When set, a new store is created with a page file and a
    /// snapshot-file store is converted on open (crash-safely); a store already holding a page
    /// file stays one whatever this says. `false` creates and keeps snapshot-file stores, which
    /// load all data into memory at open. See `docs/storage.md`, "Page file".
    public var usesPageFile = true
    /// The most page-file nodes kept decoded in memory (a leaf holds up to 64 rows); together
    /// with what changed since the last checkpoint, this bounds a page-file store's memory.
    public var pageCacheNodes: Int = 4096
    /// How many bytes of zeros the log is extended by at a time, ahead of the records written into
    /// them (at most ``checkpointLogBytes`` when that is set, in whole 4 KiB pages). A commit then
    /// overwrites space already on disk, so its fsync flushes the record without journaling a new
    /// file size. `0` appends every record instead (the file grows on each commit). Only file
    /// systems that write at offsets preallocate (``POSIXFileSystem`` does); on others logs are
    /// appended to. See `docs/storage.md`, "Log file".
    public var logPreallocationBytes: Int = 1 << 20

    /// Options with the given settings; the defaults are synchronous durability, the real file
    /// system, checkpoints every 64 MiB of log, and the system clock.
    public init(durability: Durability = .synchronous, fileSystem: any StorageFileSystem = POSIXFileSystem(),
                checkpointLogBytes: Int = 64 << 20, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.durability = durability
        self.fileSystem = fileSystem
        self.checkpointLogBytes = checkpointLogBytes
        self.clock = clock
    }

    /// Options whose clock is given in microseconds since the Unix epoch.
    @available(*, deprecated, message: "pass `clock:` (a Date); the store derives microseconds from it")
    public init(durability: Durability = .synchronous, fileSystem: any StorageFileSystem = POSIXFileSystem(),
                checkpointLogBytes: Int = 64 << 20, now: @escaping @Sendable () -> Int64) {
        self.init(durability: durability, fileSystem: fileSystem, checkpointLogBytes: checkpointLogBytes,
                  clock: { StoreTime.date(now()) })
    }

    /// ``clock`` in microseconds since the Unix epoch.
    @available(*, deprecated, message: "read `clock`")
    public var now: @Sendable () -> Int64 {
        get {
            let clock = self.clock
            return { StoreTime.microseconds(clock()) }
        }
        set {
            let micros = newValue
            clock = { StoreTime.date(micros()) }
        }
    }

    /// The clock's current time in microseconds since the Unix epoch, as timestamps are stored
    /// (rounded to the nearest microsecond, like every `Date` the records layer stores).
    var nowMicroseconds: Int64 { StoreTime.microseconds(clock()) }
}
