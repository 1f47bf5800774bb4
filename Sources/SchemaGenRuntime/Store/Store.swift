import Foundation

/// An embedded, durable, transactional store of tables with secondary indexes.
///
/// ```swift
/// let store = try Store.open(at: path, schema: schema)
/// let id = try store.write { tx in try tx.insert([.null, .int(chat), .timestamp(now), .string(text)], into: "messages") }
/// let latest = try store.read { try $0.scan("messages", index: "byChatTime", prefix: [.int(chat)], direction: .backward, limit: 100) }
/// ```
///
/// One write transaction runs at a time; any number of readers work on snapshots concurrently
/// and wait for neither a write transaction nor an fsync (taking a snapshot copies a pointer
/// under a lock that is only ever held that briefly). All data lives in memory in copy-on-write B+trees; durability
/// comes from the write-ahead log and periodic snapshot files (see `docs/storage.md`).
public final class Store: @unchecked Sendable {
    // Lock discipline: `writerLock` is held for a whole write transaction and guards
    // `writerState`; `published` has its own lock, only ever held briefly; the commit pipeline
    // has its own lock and never calls out while holding it except to publish.
    // Order: writerLock → pipeline → published.
    private let writerLock = NSLock()
    private let checkpointLock = NSLock()
    private let published: PublishedState
    private var writerState: StoreState
    private var logGeneration: UInt64
    private var isClosed = false
    private let generations: GenerationCounter
    private let pipeline: CommitPipeline
    /// The page file the trees read from, when the store's checkpoints are pages.
    let pages: PageStore?
    private let lock: StorageLock
    let schema: ResolvedSchema
    /// The directory holding the store's files.
    public let path: String
    /// The options the store was opened with.
    public let options: StoreOptions
    /// The current time of the store's one clock, ``StoreOptions/clock``.
    public var now: Date { options.clock() }
    /// Read or created on the first ``pageTokenCodec(maximumLength:)`` call.
    let pageTokenSecret = PageTokenSecret()
    /// The index estimates planned queries on this store's snapshots share (``PlannerStatistics``).
    let plannerStatistics = PlannerStatistics()
    /// The serial queue async writes run on (``perform(_:)``), so they never block a caller's thread.
    let writeQueue = DispatchQueue(label: "SchemaGenRuntime.store-writes")
    /// Run once by ``close()``: background work tied to the store (sweepers) stops with it.
    let closeHandlers = CloseHandlers()
    /// The secret as snapshots and transactions carry it to queries.
    var pageTokenKeys: PageTokenKeys {
        PageTokenKeys(secret: pageTokenSecret, directory: path, fileSystem: options.fileSystem, sync: syncs)
    }
    /// How many logged transactions the open replayed, and whether it discarded a torn final record.
    public let recoveryReport: (replayedTransactions: Int, discardedTornTail: Bool)

    private var syncs: Bool { options.durability != .unsynced }

    /// Opens the store in directory `path` (created with mode 0700 if missing), recovering it
    /// from its last snapshot and the valid prefix of its log.
    ///
    /// - Throws: ``StoreError/alreadyOpen(path:)`` if another process or `Store` has it open;
    ///   ``StoreError/catalogMismatch(_:)`` if it was created with a different schema;
    ///   ``StoreError/corrupted(file:offset:reason:)`` if a file is damaged anywhere but a torn final log record.
    public static func open(at path: String, schema: StoreSchema, options: StoreOptions = StoreOptions()) throws -> Store {
        let resolved = try ResolvedSchema(schema)
        let fs = options.fileSystem
        try fs.createDirectory(path)
        let lock = try fs.lock(path + "/" + FileFormat.Directory.lock)
        do {
            let sync = options.durability != .unsynced
            let recovered = try Recovery.open(path, schema: resolved, fileSystem: fs, sync: sync,
                                              logArchive: options.logArchiveDirectory, format: options.checkpointFormat, cacheNodes: options.pageCacheNodes)
            return Store(path: path, schema: resolved, options: options, lock: lock, recovered: recovered)
        } catch {
            lock.release()
            throw error
        }
    }

    init(path: String, schema: ResolvedSchema, options: StoreOptions, lock: StorageLock, recovered: Recovery.Result) {
        self.path = path
        self.schema = schema
        self.options = options
        self.lock = lock
        let published = PublishedState(recovered.state)
        self.published = published
        self.writerState = recovered.state
        self.logGeneration = recovered.logGeneration
        self.generations = GenerationCounter(after: 1)
        self.recoveryReport = (recovered.replayedTransactions, recovered.discardedTornTail)
        self.pages = recovered.pages
        self.pipeline = CommitPipeline(file: recovered.log, fileSize: recovered.logSize, chain: recovered.chain,
                                       durability: options.durability,
                                       preallocation: LogPreallocation(fileSystem: options.fileSystem, bytes: options.logPreallocationBytes,
                                                                       checkpointLogBytes: options.checkpointLogBytes),
                                       publish: { published.set($0) })
    }

    deinit {
        if !isClosed { close() }
    }

    /// The schema the store was opened with.
    public var storeSchema: StoreSchema { schema.schema }

    /// A snapshot of the latest commit readers may see (in synchronous mode: the latest durable one).
    public var snapshot: Snapshot {
        Snapshot(schema: schema, state: published.get(), pageTokens: pageTokenKeys, plannerStatistics: plannerStatistics)
    }

    /// Runs `body` on a snapshot; other commits made meanwhile are not visible to it.
    public func read<T>(_ body: (Snapshot) throws -> T) rethrows -> T {
        try body(snapshot)
    }

    /// Runs `body` as one all-or-nothing write transaction and commits it; returns `body`'s result.
    ///
    /// Write transactions run one at a time: a second `write` waits for the first. Do not call
    /// `write` from inside `body` (it would wait for itself).
    ///
    /// If `body` throws, nothing it did is kept and the error is rethrown. The call returns only
    /// once the commit is as durable as ``StoreOptions/durability`` promises; if the log write or
    /// fsync fails, it throws and the commit is not acknowledged (after a failed fsync the store
    /// refuses further writes with ``StoreError/unusable(reason:)`` until reopened).
    @discardableResult
    public func write<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        try write(durability: .storeDefault, body)
    }

    /// ``write(_:)`` with this commit's durability chosen: `.deferred` returns without waiting
    /// for an fsync even in synchronous mode (see ``CommitDurability``).
    @discardableResult
    public func write<T>(durability: CommitDurability, _ body: (WriteTransaction) throws -> T) throws -> T {
        writerLock.lock()
        var locked = true
        defer { if locked { writerLock.unlock() } }
        guard !isClosed else { throw StoreError.closed }
        if let poison = pipeline.poison { throw poison }
        let tx = WriteTransaction(schema: schema, state: writerState, generations: generations, startTime: options.clock(),
                                  pageTokens: pageTokenKeys, plannerStatistics: plannerStatistics)
        let result = try body(tx)
        guard !tx.operations.isEmpty else { return result }
        // A damaged page read as empty: the transaction may have seen wrong data, so it is not kept.
        try tx.state.pageFaults?.check()
        let (lsn, wait) = try pipeline.append(tx.operations, resulting: tx.state,
                                               commitTime: StoreTime.microseconds(tx.startTime),
                                               deferred: durability == .deferred)
        writerState = tx.state
        let wantsCheckpoint = options.checkpointLogBytes > 0 && pipeline.currentFileSize > options.checkpointLogBytes
        writerLock.unlock()
        locked = false
        if wait { try pipeline.waitDurable(lsn) }
        if wantsCheckpoint, checkpointLock.try() {
            // The commit is already durable; a failed checkpoint leaves the log in charge.
            // Skipped when another thread is already checkpointing.
            checkpointLock.unlock()
            try? checkpoint()
        }
        return result
    }

    /// Writes a checkpoint of the current state and retires the log it covers, so the next open
    /// replays little. Writers are blocked only while the log is switched and, with a page file,
    /// while the written nodes are swapped into their state, not while the checkpoint is written.
    public func checkpoint() throws {
        try checkpoint(compacting: false)
    }

    /// A checkpoint that also returns the space of replaced data to the file system: with a page
    /// file, every live node is written into a new page file and the old one is removed (what a
    /// checkpoint does by itself once the file has doubled). A snapshot file is always written
    /// whole, so there this is ``checkpoint()``.
    public func compact() throws {
        try checkpoint(compacting: true)
    }

    private func checkpoint(compacting: Bool) throws {
        checkpointLock.lock()
        defer { checkpointLock.unlock() }
        writerLock.lock()
        let state: StoreState, generation: UInt64, nextSequence: UInt64
        do {
            guard !isClosed else { throw StoreError.closed }
            if let poison = pipeline.poison { throw poison }
            generation = logGeneration + 1
            let (file, chain) = try WriteAheadLog.create(generation: generation, firstSequence: pipeline.nextSequence,
                                                         in: path, fileSystem: options.fileSystem, sync: syncs)
            do {
                try pipeline.switchLog(to: file, generation: generation, fileSize: FileFormat.Log.headerRecordSize, chain: chain)
            } catch {
                file.close()
                // Unless the pipeline is poisoned, the end record was cut off again and nothing
                // names the new log. Poisoned, the end record may be durable: recovery needs the log.
                if pipeline.poison == nil { try? options.fileSystem.remove(path + "/" + FileFormat.Directory.logName(generation: generation)) }
                throw error
            }
            logGeneration = generation
            // Exactly the commits of the ended log, all durable now: commits from here on go to the new one.
            state = writerState
            nextSequence = pipeline.nextSequence
            writerLock.unlock()
        } catch {
            writerLock.unlock()
            throw error
        }
        // Until the meta's or the snapshot's rename below, recovery uses the old checkpoint and
        // replays both logs; after it, the new log alone, which holds every commit made meanwhile.
        if let pages {
            // Writers continue while the nodes are written; `state` is immutable.
            let written = try pages.checkpoint(state, logGeneration: generation, compacting: compacting)
            writerLock.lock()
            defer { writerLock.unlock() }
            writerState = try written.adopt(into: writerState)
            // With no commit since, readers may see the state by page too (it is durable);
            // otherwise the commit pipeline publishes the writers' states as they become durable.
            if pipeline.nextSequence == nextSequence { published.set(writerState) }
        } else {
            try SnapshotFile.write(state, schema: schema, logGeneration: generation, directory: path,
                                   fileSystem: options.fileSystem, sync: syncs)
        }
        for name in try options.fileSystem.listDirectory(path) {
            if let g = FileFormat.Directory.generation(ofLogName: name), g < generation {
                try RetiredLogs.dispose(path + "/" + name, archive: options.logArchiveDirectory,
                                        fileSystem: options.fileSystem, sync: syncs)
            }
        }
    }

    /// A commit boundary for a backup: the state holding exactly the commits made so far, every
    /// one of them durable, and the sequence number the next commit gets. Blocks writers for at
    /// most one fsync; copying the state out is a pointer copy (the trees are copy-on-write).
    func durableCommitPoint() throws -> (state: StoreState, nextSequence: UInt64) {
        writerLock.lock()
        defer { writerLock.unlock() }
        guard !isClosed else { throw StoreError.closed }
        if let poison = pipeline.poison { throw poison }
        try pipeline.syncAll(force: false)
        return (writerState, pipeline.nextSequence)
    }

    /// Makes all commits durable, closes the files and releases the lock. Later calls throw ``StoreError/closed``.
    public func close() {
        // Waits for a running checkpoint, so no file is written after the lock is released.
        checkpointLock.lock()
        defer { checkpointLock.unlock() }
        writerLock.lock()
        defer { writerLock.unlock() }
        guard !isClosed else { return }
        isClosed = true
        pipeline.close()
        pages?.close()
        lock.release()
        closeHandlers.run()
    }
}

/// The state readers see, shared by the store and its commit pipeline (which publishes into it).
private final class PublishedState: @unchecked Sendable {
    // Guarded by `lock`, which is only ever held for a pointer copy.
    private let lock = NSLock()
    private var state: StoreState

    init(_ state: StoreState) { self.state = state }
    func get() -> StoreState { lock.withLock { state } }
    func set(_ newState: StoreState) { lock.withLock { state = newState } }
}
