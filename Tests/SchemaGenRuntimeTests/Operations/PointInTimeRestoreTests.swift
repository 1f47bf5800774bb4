import Foundation
import Testing
@testable import SchemaGenRuntime

/// Log archiving, commit times in the log, and `Store.restore(backup:logs:until:to:)`.
@Suite struct PointInTimeRestoreTests {
    /// A store with an archive, a backup after 10 transfers, then 30 more with two checkpoints;
    /// `states[n]` is the store's content after transfer n, `times[n]` its commit time.
    struct History {
        let dir = TemporaryDirectory()
        var states: [Int: [[Row]]] = [:]
        var times: [Int: Date] = [:]
        var archive: String { dir.path + "/archive" }
        var backup: String { dir.path + "/backup" }

        init() throws {
            let clock = TestClock()
            var options = StoreFormat.options(StoreOptions(durability: .unsynced, checkpointLogBytes: 0, clock: clock.function))
            options.logArchiveDirectory = dir.path + "/archive"
            let store = try Bank.open(dir.store(), options: options)
            defer { store.close() }
            for n in 0..<40 {
                clock.advance(seconds: 1)
                try Bank.transfer(store, Int64(n))
                states[n] = try Bank.contents(store.snapshot)
                times[n] = clock.now
                if n == 9 { try store.backup(to: dir.path + "/backup") }
                if n == 19 || n == 29 { try store.checkpoint() }
            }
        }

        func restore(until: Date, logs: [String]? = nil, to name: String = "restored") throws -> (PointInTimeRestoreReport, [[Row]]) {
            let target = dir.path + "/" + name
            let report = try Store.restore(backup: backup, logs: logs ?? [archive, dir.store()], until: until, to: target, replacing: true)
            let store = try Store.open(at: target, schema: Bank.schema, options: fastOptions)
            defer { store.close() }
            _ = try Bank.checkConsistent(store.snapshot)
            return (report, try Bank.contents(store.snapshot))
        }
    }

    @Test func checkpointsArchiveRetiredLogs() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let history = try History()
                let archived = try FileManager.default.contentsOfDirectory(atPath: history.archive).sorted()
                #expect(archived == [FileFormat.Directory.logName(generation: 1), FileFormat.Directory.logName(generation: 2)])
                let live = try FileManager.default.contentsOfDirectory(atPath: history.dir.store()).filter { $0.hasPrefix("wal-") }
                #expect(live == [FileFormat.Directory.logName(generation: 3)])
                // Each archived log is whole: it ends in its end record.
                let log = try WriteAheadLog.read(history.archive + "/" + archived[0], generation: 1, fileSystem: POSIXFileSystem())
                #expect(log.continuedIn == 2 && log.transactions.count == 21 && !log.commitTimes.contains(nil))
            }
        }
    }

    @Test func restoresExactlyTheCommitsUpToTheTime() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let history = try History()
                for n in [9, 10, 19, 20, 25, 30, 39] {
                    let (report, contents) = try history.restore(until: history.times[n]!)
                    #expect(contents == history.states[n], "until commit \(n)")
                    #expect(report.appliedTransactions == n - 9)
                    #expect(report.lastCommitTime == (n > 9 ? history.times[n] : nil))
                    // Half a second later is still before the next commit.
                    #expect(try history.restore(until: history.times[n]! + 0.5).1 == history.states[n])
                    // A microsecond before it is the commit before.
                    #expect(try history.restore(until: history.times[n]! - 0.000_001).1 == history.states[n == 9 ? 9 : n - 1])
                }
                #expect(try history.restore(until: .distantFuture).1 == history.states[39])
            }
        }
    }

    @Test(arguments: [false, true])
    func aMissingArchivedLogIsAGapUnlessNotNeeded(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) {
            let history = try History()
            let partial = history.dir.path + "/partial"
            try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: history.archive + "/" + FileFormat.Directory.logName(generation: 1),
                                             toPath: partial + "/" + FileFormat.Directory.logName(generation: 1))
            // Log 2 holds transfers 20...29, sequences 22...31 (the accounts' insert is sequence 1).
            #expect(operationError { try history.restore(until: history.times[35]!, logs: [partial, history.dir.store()]) }
                    == .archiveGap(missingSequence: 22))
            #expect(!FileManager.default.fileExists(atPath: history.dir.path + "/restored"))
            #expect(try history.restore(until: history.times[15]!, logs: [partial, history.dir.store()]).1 == history.states[15])
            // Without the live log the restore ends with the archive.
            #expect(try history.restore(until: .distantFuture, logs: [history.archive]).1 == history.states[29])
        }
    }

    @Test(arguments: [false, true])
    func aDamagedArchivedLogIsRefused(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) {
            let history = try History()
            let path = history.archive + "/" + FileFormat.Directory.logName(generation: 2)
            var bytes = try StoreFiles.bytes(path)
            bytes[bytes.count / 2] ^= 0x01
            try StoreFiles.write(bytes, to: path)
            let error = operationError { try history.restore(until: .distantFuture) }
            guard case .damagedArchive(let file, _, _)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(file == path)
            // A log whose record was dropped (re-chained so the checksums alone are fine) is a broken chain.
            var payloads = try StoreFiles.payloads(history.archive + "/" + FileFormat.Directory.logName(generation: 1))
            payloads.remove(at: 5)
            try StoreFiles.writeRecords(payloads, to: history.archive + "/" + FileFormat.Directory.logName(generation: 1))
            guard case .damagedArchive? = operationError({ try history.restore(until: .distantFuture) }) else {
                Issue.record("a dropped record went unnoticed"); return
            }
        }
    }

    /// A restored store starts again at log generation 1: archiving its logs into the same
    /// archive keeps the old lineage's logs, and a restore over both lineages is refused.
    @Test(arguments: [false, true])
    func aRestoredStoreNeverOverwritesArchivedLogs(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) {
            let history = try History()
            let oldLog = history.archive + "/" + FileFormat.Directory.logName(generation: 1)
            let oldBytes = try StoreFiles.bytes(oldLog)
            try Store.restore(backup: history.backup, to: history.dir.path + "/second")
            var options = StoreFormat.options(StoreOptions(durability: .unsynced, checkpointLogBytes: 0))
            options.logArchiveDirectory = history.archive
            let second = try Store.open(at: history.dir.path + "/second", schema: Bank.schema, options: options)
            for n in 100..<103 { try Bank.transfer(second, Int64(n), amount: 7) }
            try second.checkpoint()
            second.close()
            #expect(try StoreFiles.bytes(oldLog) == oldBytes)
            let renamed = history.archive + "/wal-0000000000000001-c.log"  // its first sequence is 12
            let contents = try WriteAheadLog.read(renamed, generation: 1, fileSystem: POSIXFileSystem())
            #expect(contents.firstSequence == 12 && contents.transactions.count == 3)
            let error = operationError { try history.restore(until: .distantFuture, logs: [history.archive]) }
            guard case .damagedArchive(let file, _, let reason)? = error else { Issue.record("got \(String(describing: error))"); return }
            // Names sort "-" before ".": the renamed log is read first.
            #expect(file == oldLog && reason == "commit 12 differs from the one in \(renamed)")
        }
    }

    /// A log of format 002 (no commit times) is still read, appended to, and reported.
    @Test(arguments: [false, true])
    func legacyLogsStillOpen(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) {
            let dir = TemporaryDirectory()
            var store = try Bank.open(dir.store())
            for n in 0..<5 { try Bank.transfer(store, Int64(n)) }
            let expected = try Bank.contents(store.snapshot)
            store.close()
            let log = try newestLog(dir.store())
            try StoreFiles.writeRecords(try LegacyLog.downgrade(StoreFiles.payloads(log)), to: log)
            #expect(try Store.inspect(at: dir.store()).logs.map(\.hasCommitTimes) == [false])

            store = try Bank.open(dir.store())
            #expect(try Bank.contents(store.snapshot) == expected)
            #expect(store.recoveryReport.replayedTransactions == 6)
            try Bank.transfer(store, 5)
            let more = try Bank.contents(store.snapshot)
            store.close()
            let reopened = try Bank.open(dir.store())
            #expect(try Bank.contents(reopened.snapshot) == more)
            reopened.close()
            let contents = try WriteAheadLog.read(log, generation: 1, fileSystem: POSIXFileSystem())
            #expect(contents.commitTimes.map { $0 == nil } == [true, true, true, true, true, true, false])
        }
    }

    @Test(arguments: [false, true])
    func aCommitWithoutTimeAfterTheBackupCannotBePlaced(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) {
            let dir = TemporaryDirectory()
            let store = try Bank.open(dir.store())
            try store.backup(to: dir.path + "/backup")
            for n in 0..<3 { try Bank.transfer(store, Int64(n)) }
            store.close()
            let log = try newestLog(dir.store())
            try StoreFiles.writeRecords(try LegacyLog.downgrade(StoreFiles.payloads(log)), to: log)
            let error = operationError {
                try Store.restore(backup: dir.path + "/backup", logs: [dir.store()], until: .distantFuture, to: dir.path + "/restored")
            }
            guard case .noCommitTime(let file, _)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(file == log)
        }
    }
}

/// Rewrites log records as format 002 wrote them: the old magic, transaction records of kind 1
/// without a commit time, the chain re-linked over the changed payloads.
enum LegacyLog {
    static func downgrade(_ payloads: [[UInt8]]) throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        for (i, payload) in payloads.enumerated() {
            var p = payload
            if i == 0 {
                p.replaceSubrange(0..<8, with: FileFormat.Log.legacyMagic)
            } else {
                let crc = CRC32C.checksum(out[i - 1], 0..<out[i - 1].count)
                p.replaceSubrange(9..<13, with: [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)])
                if p[0] == FileFormat.Log.timedTransactionKind {
                    p[0] = FileFormat.Log.transactionKind
                    p.removeSubrange(13..<21)
                }
            }
            out.append(p)
        }
        return out
    }
}
