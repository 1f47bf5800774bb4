import Foundation

/// Appends committed transactions to the log and makes them durable, sharing fsyncs between
/// concurrent committers (group commit), then publishes each durable state to readers.
///
/// Positions are log sequence numbers (LSNs): bytes appended since the store opened, across
/// log files. Appends are serialized by the store's writer lock; everything else here is
/// guarded by `condition`. A failed fsync poisons the pipeline: nothing more is acknowledged
/// until the store is reopened, because the kernel may have dropped the unsynced pages.
final class CommitPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private var file: LogFile
    private let preallocation: LogPreallocation
    /// The log chain after the last record; only changed under the store's writer lock.
    private var chain: WriteAheadLog.Chain
    private var appendedLSN: UInt64 = 0
    private var durableLSN: UInt64 = 0
    private var syncing = false
    private var failure: StoreError?
    private var pending: [(lsn: UInt64, state: StoreState)] = []
    private let durability: Durability
    private let publish: @Sendable (StoreState) -> Void
    private var stopping = false
    private var backgroundThread: Thread?

    init(file: StorageFile, fileSize: Int, chain: WriteAheadLog.Chain, durability: Durability,
         preallocation: LogPreallocation, publish: @escaping @Sendable (StoreState) -> Void) {
        self.file = LogFile(file, size: fileSize, preallocation: preallocation)
        self.preallocation = preallocation
        self.chain = chain
        self.durability = durability
        self.publish = publish
        if case .background(let delay) = durability {
            // The thread keeps the pipeline alive until `close()` tells it to stop, so it can
            // never touch a freed pipeline while waking from its wait.
            let thread = Thread { [self] in self.runBackgroundSync(every: delay) }
            thread.name = "SchemaGenRuntime.background-fsync"
            backgroundThread = thread
            thread.start()
        }
    }

    /// Bytes of records in the current log file (not counting zeros written ahead).
    var currentFileSize: Int { condition.withLock { file.size } }

    /// The sequence number the next transaction gets (a new log starts there).
    var nextSequence: UInt64 { condition.withLock { chain.sequence } }

    /// The error that made the store unusable, if any.
    var poison: StoreError? { condition.withLock { failure } }

    /// Appends the record of a transaction whose result is `state`, committed at `commitTime`; returns its LSN and whether
    /// the committer must wait for it to be durable. On a failed write the partial record is cut
    /// off again; if even that fails, the pipeline is poisoned. Caller holds the writer lock.
    ///
    /// A `deferred` commit in synchronous mode is published at once, unless commits before it
    /// still wait for their fsync: publishing its state would show theirs early, so it joins them
    /// (and shares their group fsync) instead.
    func append(_ operations: [LogOperation], resulting state: StoreState, commitTime: Int64,
                deferred: Bool = false) throws -> (lsn: UInt64, wait: Bool) {
        let (file, chain) = try condition.withLock { () throws -> (LogFile, WriteAheadLog.Chain) in
            if let failure { throw failure }
            return (self.file, self.chain)
        }
        let record = WriteAheadLog.transactionRecord(operations, chain: chain, commitTime: commitTime)
        try write(record, to: file)
        return condition.withLock {
            self.chain = .init(sequence: chain.sequence + 1, previous: WriteAheadLog.payloadChecksum(ofFramed: record))
            appendedLSN += UInt64(record.count)
            guard case .synchronous = durability, !(deferred && pending.isEmpty) else {
                // Not waiting for the fsync: readers see the commit at once.
                publish(state)
                return (appendedLSN, false)
            }
            pending.append((appendedLSN, state))
            return (appendedLSN, true)
        }
    }

    /// Appends `record`, cutting a partial write off again; poisons the pipeline if that fails.
    private func write(_ record: [UInt8], to file: LogFile) throws {
        let size = file.size
        do {
            try file.append(record)
        } catch {
            do { try file.cut(to: size) } catch {
                condition.withLock { failure = .unusable(reason: "a failed log write could not be undone: \(error)") }
            }
            throw error
        }
    }

    /// Returns once `lsn` is durable, fsyncing if no other committer is already doing so.
    func waitDurable(_ lsn: UInt64) throws {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if durableLSN >= lsn { return }
            if let failure { throw failure }
            if syncing {
                condition.wait()
                continue
            }
            try syncLocked()
        }
    }

    /// One group fsync: covers everything appended so far. Called with `condition` held; drops it during the fsync.
    private func syncLocked() throws {
        syncing = true
        let target = appendedLSN
        let file = self.file
        condition.unlock()
        var error: Error?
        do { try file.sync() } catch let e { error = e }
        condition.lock()
        syncing = false
        defer { condition.broadcast() }
        if let error {
            let poison = StoreError.unusable(reason: "fsync of \(file.path) failed: \(error)")
            failure = poison
            pending.removeAll()
            throw poison
        }
        if target > durableLSN { durableLSN = target }
        if let last = pending.lastIndex(where: { $0.lsn <= target }) {
            publish(pending[last].state)
            pending.removeSubrange(...last)
        }
    }

    /// Makes everything appended durable (used before switching logs and on close).
    func syncAll(force: Bool) throws {
        condition.lock()
        defer { condition.unlock() }
        while syncing { condition.wait() }
        if let failure { throw failure }
        if force || appendedLSN > durableLSN || !pending.isEmpty {
            if case .unsynced = durability { durableLSN = appendedLSN; return }
            try syncLocked()
        }
    }

    /// Ends the current log with a record naming log `generation`, makes it durable, and
    /// continues in `newFile` (whose header continues `newChain`). Caller holds the writer lock.
    func switchLog(to newFile: StorageFile, generation: UInt64, fileSize newSize: Int, chain newChain: WriteAheadLog.Chain) throws {
        let (old, chain) = try condition.withLock { () throws -> (LogFile, WriteAheadLog.Chain) in
            if let failure { throw failure }
            return (file, self.chain)
        }
        let end = WriteAheadLog.endRecord(nextGeneration: generation, chain: chain)
        try write(end, to: old)
        condition.withLock { appendedLSN += UInt64(end.count) }
        // The ended log keeps no zeros after its end record. Zeros left there (this cut failed,
        // or a crash came before it was durable) are read as the log's end, so they are harmless.
        // One fsync covers the commits not yet durable, the end record and the cut.
        try? old.trim()
        try syncAll(force: true)
        condition.withLock {
            file = LogFile(newFile, size: newSize, preallocation: preallocation)
            self.chain = newChain
            old.close()
        }
    }

    /// Stops the background thread and closes the log (after a final sync unless poisoned).
    func close() {
        try? syncAll(force: false)
        condition.withLock {
            // A closed log ends with its last record; its data is durable already, and if the
            // cut is lost the zeros after it are read as the end.
            if failure == nil { try? file.trim() }
            stopping = true
            condition.broadcast()
            file.close()
        }
    }

    private func runBackgroundSync(every delay: Double) {
        condition.lock()
        defer { condition.unlock() }
        while !stopping {
            _ = condition.wait(until: Date(timeIntervalSinceNow: delay))
            if stopping || failure != nil { continue }
            if !syncing, appendedLSN > durableLSN {
                try? syncLocked()
            }
        }
    }
}
