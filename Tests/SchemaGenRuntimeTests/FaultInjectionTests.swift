import Foundation
import Testing
@testable import SchemaGenRuntime

/// Wraps the real file system and injects failed fsyncs and a full disk.
final class FaultInjectingFileSystem: StorageFileSystem, @unchecked Sendable {
    let base = POSIXFileSystem()
    private let lock = NSLock()
    private var _failSyncs = false
    private var _bytesUntilFull: Int?
    private var _syncs = 0
    private var _failTruncates = false
    private var _failRenames = false

    /// Whether renaming fails (so a checkpoint cannot install its snapshot).
    var failRenames: Bool {
        get { lock.withLock { _failRenames } }
        set { lock.withLock { _failRenames = newValue } }
    }

    /// Whether truncating a file fails (so a torn write cannot be undone).
    var failTruncates: Bool {
        get { lock.withLock { _failTruncates } }
        set { lock.withLock { _failTruncates = newValue } }
    }

    /// Whether every fsync (file or directory) now fails with EIO.
    var failSyncs: Bool {
        get { lock.withLock { _failSyncs } }
        set { lock.withLock { _failSyncs = newValue } }
    }
    /// Bytes that may still be written before writes fail with ENOSPC (nil: unlimited).
    var bytesUntilFull: Int? {
        get { lock.withLock { _bytesUntilFull } }
        set { lock.withLock { _bytesUntilFull = newValue } }
    }
    /// Seconds every file fsync takes on top of the real one (a slow disk).
    var syncDelay: Double {
        get { lock.withLock { _syncDelay } }
        set { lock.withLock { _syncDelay = newValue } }
    }
    private var _syncDelay = 0.0
    /// Successful file fsyncs so far.
    var syncs: Int { lock.withLock { _syncs } }

    /// How many of `count` bytes may be written; the rest hit a full disk.
    func reserve(_ count: Int) -> Int {
        lock.withLock {
            guard let left = _bytesUntilFull else { return count }
            let granted = min(left, count)
            _bytesUntilFull = left - granted
            return granted
        }
    }

    /// A file whose fsyncs fail while the others' succeed (nil: none).
    var failSyncsOf: String? {
        get { lock.withLock { _failSyncsOf } }
        set { lock.withLock { _failSyncsOf = newValue } }
    }
    private var _failSyncsOf: String?

    // Guarded by `syncGate`.
    private let syncGate = NSCondition()
    private var syncsHeld = false
    private var aSyncIsHeld = false

    /// Holds every file fsync from now until ``releaseSyncs()``: a disk as slow as the test needs,
    /// without a wait on the clock.
    func holdSyncs() { syncGate.withLock { syncsHeld = true } }

    /// Lets the held fsyncs go on.
    func releaseSyncs() {
        syncGate.withLock {
            syncsHeld = false
            syncGate.broadcast()
        }
    }

    /// Waits until an fsync is held; false if none is within `seconds` (a bound against a hang,
    /// not a wait the test relies on).
    func waitUntilASyncIsHeld(seconds: Double = 60) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        return syncGate.withLock {
            while !aSyncIsHeld { if !syncGate.wait(until: deadline) { return aSyncIsHeld } }
            return true
        }
    }

    func sync(_ file: StorageFile) throws {
        if failSyncs || failSyncsOf == file.path { throw StoreError.io(operation: "fsync", path: file.path, errno: EIO) }
        if syncDelay > 0 { Thread.sleep(forTimeInterval: syncDelay) }
        syncGate.withLock {
            while syncsHeld {
                aSyncIsHeld = true
                syncGate.broadcast()
                syncGate.wait()
            }
            aSyncIsHeld = false
        }
        try file.sync()
        lock.withLock { _syncs += 1 }
    }

    func createDirectory(_ path: String) throws { try base.createDirectory(path) }
    func readFile(_ path: String) throws -> [UInt8] { try base.readFile(path) }
    func openForAppend(_ path: String, truncate: Bool) throws -> StorageFile {
        FaultyFile(try base.openForAppend(path, truncate: truncate), fileSystem: self)
    }
    func rename(_ from: String, to: String) throws {
        if failRenames { throw StoreError.io(operation: "rename", path: from, errno: EIO) }
        try base.rename(from, to: to)
    }
    func remove(_ path: String) throws { try base.remove(path) }
    func fileExists(_ path: String) -> Bool { base.fileExists(path) }
    func listDirectory(_ path: String) throws -> [String] { try base.listDirectory(path) }
    func syncDirectory(_ path: String) throws {
        if failSyncs { throw StoreError.io(operation: "fsync", path: path, errno: EIO) }
        try base.syncDirectory(path)
    }
    func lock(_ path: String) throws -> StorageLock { try base.lock(path) }
}

final class FaultyFile: StorageFile, @unchecked Sendable {
    let file: StorageFile
    let fileSystem: FaultInjectingFileSystem
    init(_ file: StorageFile, fileSystem: FaultInjectingFileSystem) {
        self.file = file
        self.fileSystem = fileSystem
    }
    var path: String { file.path }
    func append(_ bytes: [UInt8]) throws {
        let granted = fileSystem.reserve(bytes.count)
        // A full disk tears the write: the granted prefix lands, the rest fails.
        if granted > 0 { try file.append(Array(bytes[..<granted])) }
        if granted < bytes.count { throw StoreError.io(operation: "write", path: path, errno: ENOSPC) }
    }
    func sync() throws { try fileSystem.sync(file) }
    func truncate(to size: Int) throws {
        if fileSystem.failTruncates { throw StoreError.io(operation: "ftruncate", path: path, errno: EIO) }
        try file.truncate(to: size)
    }
    func close() { file.close() }
}

@Suite struct FaultInjectionTests {
    static let schema = CrashWorker.schema

    static func commit(_ store: Store, _ n: Int64) throws {
        try store.write { tx in
            try tx.insert([.int(n), .string("o\(n)")], into: "orders")
            try tx.insert([.int(2 * n), .int(n), .int(1)], into: "items")
            try tx.insert([.int(2 * n + 1), .int(n), .int(1)], into: "items")
        }
    }

    /// Orders present after reopening with the real file system; checks no transaction is half there.
    static func reopenedOrders(_ path: String) throws -> [Int64] {
        let store = try Store.open(at: path, schema: schema)
        defer { store.close() }
        let orders = try store.snapshot.scan("orders").map { $0[0].intValue! }
        let items = try store.snapshot.scan("items").map { $0[1].intValue! }
        #expect(items.count == 2 * orders.count)
        #expect(Set(items) == Set(orders))
        return orders
    }

    @Test func failedFsyncFailsTheCommitAndMakesTheStoreUnusable() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let fs = FaultInjectingFileSystem()
                let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreFormat.options(StoreOptions(fileSystem: fs)))
                try Self.commit(store, 1)
                fs.failSyncs = true
                let log = try newestLog(dir.store())
                let poisoned = StoreError.unusable(reason: "fsync of \(log) failed: \(StoreError.io(operation: "fsync", path: log, errno: EIO))")
                #expect(storeError { try Self.commit(store, 2) } == poisoned, "a commit whose fsync failed was acknowledged")
                #expect(storeError { try Self.commit(store, 3) } == poisoned)
                // Readers never saw the unacknowledged commit.
                #expect(try store.snapshot.scan("orders").map { $0[0] } == [.int(1)])
                store.close()
                // The failed commit may or may not have reached the disk, but never half of it.
                let orders = try Self.reopenedOrders(dir.store())
                #expect(orders == [1] || orders == [1, 2])
            }
        }
    }

    /// A checkpoint whose fsync of the ended log fails cannot know whether the end record naming
    /// the next log is durable, so it must keep that log: recovery needs it if the record is there.
    @Test func checkpointWhoseEndRecordMayBeDurableKeepsTheNextLog() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let fs = FaultInjectingFileSystem()
                let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreFormat.options(StoreOptions(fileSystem: fs)))
                try Self.commit(store, 1)
                let log = try newestLog(dir.store())
                fs.failSyncsOf = log
                let failed = StoreError.unusable(reason: "fsync of \(log) failed: \(StoreError.io(operation: "fsync", path: log, errno: EIO))")
                #expect(storeError { try store.checkpoint() } == failed)
                store.close()
                // The real file holds the end record: the next log is needed and present.
                #expect(try StoreFiles.logs(dir.store()).count == 2)
                #expect(try Self.reopenedOrders(dir.store()) == [1])
            }
        }
    }

    @Test func fullDiskFailsTheCommitAndLeavesTheStoreConsistent() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let fs = FaultInjectingFileSystem()
                let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreFormat.options(StoreOptions(fileSystem: fs)))
                try Self.commit(store, 1)
                for room in [0, 5, 20] {
                    fs.bytesUntilFull = room
                    #expect(storeError { try Self.commit(store, 2) } == .io(operation: "write", path: try newestLog(dir.store()), errno: ENOSPC))
                    fs.bytesUntilFull = nil
                }
                try Self.commit(store, 3)
                // A checkpoint that runs out of space fails, and the log stays in charge.
                // A page checkpoint gets room for the new log's header and the old log's end record
                // (21 bytes of payload), so its first write to fail is the page file's new nodes.
                fs.bytesUntilFull = pages ? FileFormat.Log.headerRecordSize + FileFormat.Frame.headerSize + 21 : 200
                let checkpointFile = pages ? try PageFiles.pageFile(dir.store()) : dir.store() + "/" + FileFormat.Directory.temporarySnapshot
                #expect(storeError { try store.checkpoint() } == .io(operation: "write", path: checkpointFile, errno: ENOSPC))
                fs.bytesUntilFull = nil
                try Self.commit(store, 4)
                store.close()
                #expect(try Self.reopenedOrders(dir.store()) == [1, 3, 4])
                _ = try Store.verify(at: dir.store(), schema: Self.schema)
            }
        }
    }

    @Test func writeTornAtEveryByteOfTheLastRecordRecoversTheCommittedPrefix() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                // The size of one transaction record, from a store that commits it whole.
                let probe = try Store.open(at: dir.store("probe"), schema: Self.schema, options: fastOptions)
                let before = try Data(contentsOf: URL(fileURLWithPath: try newestLog(dir.store("probe")))).count
                try Self.commit(probe, 3)
                probe.close()
                let recordSize = try Data(contentsOf: URL(fileURLWithPath: try newestLog(dir.store("probe")))).count - before
                #expect(recordSize > FileFormat.Frame.headerSize + 30)
                for tear in 0..<recordSize {
                    let path = dir.store("torn\(tear)")
                    let fs = FaultInjectingFileSystem()
                    let store = try Store.open(at: path, schema: Self.schema, options: StoreFormat.options(StoreOptions(fileSystem: fs)))
                    try Self.commit(store, 1)
                    try Self.commit(store, 2)
                    // The disk fills `tear` bytes into the third record and the partial record cannot be
                    // cut off: the store must refuse further writes, and recovery must drop the torn record.
                    fs.bytesUntilFull = tear
                    fs.failTruncates = true
                    let log = try newestLog(path)
                    #expect(storeError { try Self.commit(store, 3) } == .io(operation: "write", path: log, errno: ENOSPC))
                    fs.bytesUntilFull = nil
                    let undo = StoreError.io(operation: "ftruncate", path: log, errno: EIO)
                    #expect(storeError { try Self.commit(store, 4) } == .unusable(reason: "a failed log write could not be undone: \(undo)"),
                            "tear \(tear)")
                    store.close()
                    #expect(try Self.reopenedOrders(path) == [1, 2], "tear at byte \(tear)")
                }
            }
        }
    }

    @Test func concurrentCommitsShareFsyncs() throws {
        let dir = TemporaryDirectory()
        let fs = FaultInjectingFileSystem()
        // A slow disk: every fsync takes 5 ms, so committers queue up behind it.
        fs.syncDelay = 0.005
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: StoreFormat.options(StoreOptions(fileSystem: fs)))
        let syncsBefore = fs.syncs
        let threads = 8, perThread = 40
        final class Errors: @unchecked Sendable {
            let lock = NSLock()
            var list: [String] = []
        }
        let errors = Errors()
        // Real threads, not a pool sized to the two cores: group commit needs committers queued behind an fsync.
        let finished = DispatchSemaphore(value: 0)
        for t in 0..<threads {
            Thread.detachNewThread {
                for i in 0..<perThread {
                    do { try Self.commit(store, Int64(t * perThread + i + 1)) } catch {
                        errors.lock.withLock { errors.list.append("\(error)") }
                    }
                }
                finished.signal()
            }
        }
        for _ in 0..<threads { finished.wait() }
        #expect(errors.list == [])
        #expect(try store.snapshot.count("orders") == threads * perThread)
        let syncs = fs.syncs - syncsBefore
        // Without sharing, every commit would need its own fsync: 320 of them. With eight
        // committers queued behind each 5 ms fsync, one fsync serves several commits.
        #expect(syncs <= threads * perThread / 3, "group commit did not share fsyncs (\(syncs) for \(threads * perThread) commits)")
        store.close()
    }
}
