import Foundation
import Testing
@testable import SchemaGenRuntime

/// The four recovery bugs found by an independent test (issue 11 item 7), one regression test each,
/// on both checkpoint formats (the snapshot-row tests have a page-file twin that damages a node).
@Suite struct RecoveryRegressionTests {
    static let schema = RecoveryTests.schema

    static func orders(_ path: String) throws -> [Int64] {
        let store = try Store.open(at: path, schema: CrashWorker.schema, options: fastOptions)
        defer { store.close() }
        return try store.snapshot.scan("orders").map { $0[0].intValue! }
    }

    /// Bug 1: deleting the newest log lost its acknowledged commits and `verify` said OK.
    @Test(arguments: [false, true])
    func deletedNewestLogFailsTheOpenAndVerify(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) { try deletedNewestLogFailsTheOpenAndVerify() }
    }

    private func deletedNewestLogFailsTheOpenAndVerify() throws {
        let dir = TemporaryDirectory()
        _ = try RecoveryTests.makeStore(dir.store())
        let log = try newestLog(dir.store())
        try FileManager.default.removeItem(atPath: log)
        let missing = StoreError.corrupted(file: log, offset: 0, reason: "log file is missing")
        #expect(storeError { try RecoveryTests.contents(dir.store()) } == missing)
        #expect(storeError { try Store.verify(at: dir.store(), schema: Self.schema) } == missing)
    }

    /// Bug 1, with two logs: a checkpoint that switched logs but could not install its snapshot
    /// leaves the old log pointing at the new one; deleting the new one must be noticed.
    @Test(arguments: [false, true])
    func deletedNewestOfTwoLogsFailsTheOpen(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) { try deletedNewestOfTwoLogsFailsTheOpen() }
    }

    private func deletedNewestOfTwoLogsFailsTheOpen() throws {
        let dir = TemporaryDirectory()
        let fs = FaultInjectingFileSystem()
        let store = try Store.open(at: dir.store(), schema: CrashWorker.schema, options: StoreFormat.options(StoreOptions(fileSystem: fs)))
        try FaultInjectionTests.commit(store, 1)
        fs.failRenames = true
        #expect(storeError { try store.checkpoint() }
                == .io(operation: "rename", path: dir.store() + "/" + StoreFormat.temporaryCheckpoint, errno: EIO))
        fs.failRenames = false
        try FaultInjectionTests.commit(store, 2)
        store.close()
        let logs = try StoreFiles.logs(dir.store())
        #expect(logs.count == 2)
        #expect(try Self.orders(dir.store()) == [1, 2])
        try FileManager.default.removeItem(atPath: logs[1])
        let missing = StoreError.corrupted(file: logs[1], offset: 0, reason: "log file is missing")
        #expect(storeError { try Self.orders(dir.store()) } == missing)
        #expect(storeError { try Store.verify(at: dir.store(), schema: CrashWorker.schema) } == missing)
    }

    /// Bug 2: a checkpoint that failed creating its log left an empty `wal-(g+1)`; after a later
    /// crash tore the tail of `wal-g`, the store could not be opened at all.
    @Test(arguments: [false, true])
    func emptyLogLeftByAFailedCheckpointDoesNotBlockRecovery(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) { try emptyLogLeftByAFailedCheckpointDoesNotBlockRecovery() }
    }

    private func emptyLogLeftByAFailedCheckpointDoesNotBlockRecovery() throws {
        let dir = TemporaryDirectory()
        let fs = FaultInjectingFileSystem()
        let store = try Store.open(at: dir.store(), schema: CrashWorker.schema, options: StoreFormat.options(StoreOptions(fileSystem: fs)))
        try FaultInjectionTests.commit(store, 1)
        let current = try newestLog(dir.store())
        let next = dir.store() + "/" + FileFormat.Directory.logName(generation: 2)
        fs.bytesUntilFull = 0
        #expect(storeError { try store.checkpoint() } == .io(operation: "write", path: next, errno: ENOSPC))
        fs.bytesUntilFull = nil
        // The failed checkpoint cleans up the log it could not start.
        #expect(!FileManager.default.fileExists(atPath: next))
        try FaultInjectionTests.commit(store, 2)
        // A crash tears the next commit: the disk fills mid-record and the tail cannot be cut.
        fs.bytesUntilFull = 20
        fs.failTruncates = true
        #expect(storeError { try FaultInjectionTests.commit(store, 3) } == .io(operation: "write", path: current, errno: ENOSPC))
        store.close()
        // A crash during the log's creation leaves it empty: that must not block recovery either.
        try StoreFiles.write([], to: next)
        #expect(try Self.orders(dir.store()) == [1, 2])
        #expect(!FileManager.default.fileExists(atPath: next))
        #expect(try Self.orders(dir.store()) == [1, 2])
    }

    /// Bug 3: a snapshot row with a valid checksum that does not decode crashed `open`, reads and
    /// `verify` (`preconditionFailure` in `RowDecoding.decode`) instead of failing with an error.
    /// Also rows that decode but not to the table's columns: a value of another type, a null in a
    /// column that is not nullable.
    @Test(arguments: [[2, 1, 7, 99], [2, 3, 1, 120, 3, 1, 120], [2, 0, 3, 1, 120], [1, 1, 2]] as [[UInt8]])
    func snapshotRowThatDoesNotDecodeIsAnErrorNotACrash(_ row: [UInt8]) throws {
        try StoreFormat.$pages.withValue(false) {
            let dir = TemporaryDirectory()
            _ = try RecoveryTests.makeStore(dir.store())
            let snapshot = dir.store() + "/snapshot.dat"
            let offset = try StoreFiles.rewriteChunk(snapshot) { $0.entries[0].value = row }
            let damaged = StoreError.corrupted(file: snapshot, offset: offset, reason: "row of table 'kv' does not decode")
            #expect(storeError { try RecoveryTests.contents(dir.store()) } == damaged)
            #expect(storeError { try Store.verify(at: dir.store(), schema: Self.schema) } == damaged)
        }
    }

    /// The same rows in a page file's node: a typed error at the open (the root is read there), never a crash.
    @Test(arguments: [[2, 1, 7, 99], [2, 3, 1, 120, 3, 1, 120], [2, 0, 3, 1, 120], [1, 1, 2]] as [[UInt8]])
    func pageRowThatDoesNotDecodeIsAnErrorNotACrash(_ row: [UInt8]) throws {
        try StoreFormat.$pages.withValue(true) {
            let dir = TemporaryDirectory()
            _ = try RecoveryTests.makeStore(dir.store())
            let (file, offset) = try PageFiles.rewriteRootLeaf(dir.store()) { $0.values[0] = row }
            let damaged = StoreError.corrupted(file: file, offset: offset, reason: "row of table 'kv' does not decode")
            #expect(storeError { try RecoveryTests.contents(dir.store()) } == damaged)
            #expect(storeError { try Store.verify(at: dir.store(), schema: Self.schema) } == damaged)
        }
    }

    /// Out-of-order keys in a snapshot built a tree that breaks every lookup; they fail the open.
    @Test func snapshotKeysOutOfOrderFailTheOpen() throws {
        try StoreFormat.$pages.withValue(false) {
            let dir = TemporaryDirectory()
            _ = try RecoveryTests.makeStore(dir.store())
            let snapshot = dir.store() + "/snapshot.dat"
            let offset = try StoreFiles.rewriteChunk(snapshot) { $0.entries.swapAt(0, 1) }
            let damaged = StoreError.corrupted(file: snapshot, offset: offset, reason: "keys of table 'kv' tree 0 are not in increasing order")
            #expect(storeError { try RecoveryTests.contents(dir.store()) } == damaged)
            #expect(storeError { try Store.verify(at: dir.store(), schema: Self.schema) } == damaged)
        }
    }

    @Test func pageKeysOutOfOrderFailTheOpen() throws {
        try StoreFormat.$pages.withValue(true) {
            let dir = TemporaryDirectory()
            _ = try RecoveryTests.makeStore(dir.store())
            let (file, offset) = try PageFiles.rewriteRootLeaf(dir.store()) { $0.keys.swapAt(0, 1); $0.values.swapAt(0, 1) }
            let damaged = StoreError.corrupted(file: file, offset: offset, reason: "keys of the page are not in increasing order")
            #expect(storeError { try RecoveryTests.contents(dir.store()) } == damaged)
            #expect(storeError { try Store.verify(at: dir.store(), schema: Self.schema) } == damaged)
        }
    }

    /// Bug 4: a failed checkpoint left `snapshot.dat.tmp` behind (on a full disk, the space it
    /// holds makes every later commit fail).
    @Test func failedCheckpointRemovesItsTemporarySnapshot() throws {
        try StoreFormat.$pages.withValue(false) {
            let dir = TemporaryDirectory()
            let fs = FaultInjectingFileSystem()
            let store = try Store.open(at: dir.store(), schema: CrashWorker.schema, options: StoreFormat.options(StoreOptions(fileSystem: fs)))
            for n in 1...20 { try FaultInjectionTests.commit(store, Int64(n)) }
            let temporary = dir.store() + "/snapshot.dat.tmp"
            fs.bytesUntilFull = 200
            #expect(storeError { try store.checkpoint() } == .io(operation: "write", path: temporary, errno: ENOSPC))
            fs.bytesUntilFull = nil
            #expect(!FileManager.default.fileExists(atPath: temporary))
            fs.failRenames = true
            #expect(storeError { try store.checkpoint() } == .io(operation: "rename", path: temporary, errno: EIO))
            fs.failRenames = false
            #expect(!FileManager.default.fileExists(atPath: temporary))
            try FaultInjectionTests.commit(store, 21)
            store.close()
            #expect(try Self.orders(dir.store()) == Array(1...21))
        }
    }

    /// Bug 4 on a page file: a page checkpoint that runs out of space, then one whose meta
    /// cannot be renamed, leave neither `pages.meta.tmp` nor a second page file behind once
    /// the store reopens, and every commit stays.
    @Test func failedPageCheckpointsLeaveNoFilesBehind() throws {
        try StoreFormat.$pages.withValue(true) {
            let dir = TemporaryDirectory()
            let fs = FaultInjectingFileSystem()
            let store = try Store.open(at: dir.store(), schema: CrashWorker.schema, options: StoreFormat.options(StoreOptions(fileSystem: fs)))
            for n in 1...20 { try FaultInjectionTests.commit(store, Int64(n)) }
            let pageFile = try PageFiles.pageFile(dir.store())
            fs.bytesUntilFull = 200
            #expect(storeError { try store.checkpoint() } == .io(operation: "write", path: pageFile, errno: ENOSPC))
            fs.bytesUntilFull = nil
            fs.failRenames = true
            let temporary = dir.store() + "/" + FileFormat.Pages.temporaryMeta
            #expect(storeError { try store.checkpoint() } == .io(operation: "rename", path: temporary, errno: EIO))
            fs.failRenames = false
            #expect(!FileManager.default.fileExists(atPath: temporary))
            try FaultInjectionTests.commit(store, 21)
            try store.checkpoint()
            try FaultInjectionTests.commit(store, 22)
            store.close()
            #expect(try Self.orders(dir.store()) == Array(1...22))
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.store())
            #expect(names.filter { $0.hasPrefix(FileFormat.Pages.filePrefix) } == [URL(fileURLWithPath: try PageFiles.pageFile(dir.store())).lastPathComponent])
            #expect(!names.contains(FileFormat.Pages.temporaryMeta))
            _ = try Store.verify(at: dir.store(), schema: CrashWorker.schema)
        }
    }
}
