import Foundation
import Testing
@testable import SchemaGenRuntime

/// Backups of a page-file store are page-file stores: they copy the live nodes, and a restore
/// (plain or point-in-time) writes a page file again, so nothing is converted or loaded whole.
@Suite struct PageBackupTests {
    private static let pageFile = FileFormat.Pages.fileName(1)
    private static let firstLog = FileFormat.Directory.logName(generation: 1)

    private static func pageOptions(checkpointLogBytes: Int = 64 << 20) -> StoreOptions {
        var options = StoreOptions(durability: .unsynced, checkpointLogBytes: checkpointLogBytes)
        options.usesPageFile = true
        return options
    }

    /// Options that would create a snapshot-file store: a page-file store must open as one anyway.
    private static var snapshotOptions: StoreOptions {
        var options = StoreOptions(durability: .unsynced)
        options.usesPageFile = false
        return options
    }

    @Test func aPageFileBackupHoldsTheLiveNodesAndRestoresWithoutConversion() throws {
        let dir = TemporaryDirectory()
        // A checkpoint after every commit: the page file gathers the records each commit replaced.
        let store = try Bank.open(dir.store(), options: Self.pageOptions(checkpointLogBytes: 0))
        for n in 0..<60 { try Bank.transfer(store, Int64(n)) }
        let backup = dir.path + "/backup"
        try store.backup(to: backup)
        let expected = try Bank.contents(store.snapshot)
        #expect(try directoryContents(backup).keys.sorted()
                == [BackupManifest.fileName, Self.pageFile, FileFormat.Pages.meta, Self.firstLog].sorted())
        // The backup's page file is what a compaction of the same state writes: the live nodes only.
        try store.compact()
        let compacted = try directoryContents(dir.store()).first { FileFormat.Pages.number(ofFileName: $0.key) != nil }
        #expect(try directoryContents(backup)[Self.pageFile] == compacted?.value)
        store.close()

        let target = dir.path + "/restored"
        try Store.restore(backup: backup, to: target)
        #expect(try directoryContents(target).keys.sorted() == [Self.pageFile, FileFormat.Pages.meta, Self.firstLog].sorted())
        #expect(try directoryContents(target)[Self.pageFile] == directoryContents(backup)[Self.pageFile])
        let restored = try Store.open(at: target, schema: Bank.schema, options: Self.snapshotOptions)
        #expect(restored.pages != nil)
        #expect(try Bank.contents(restored.snapshot) == expected)
        restored.close()
        #expect(!FileManager.default.fileExists(atPath: target + "/" + FileFormat.Directory.snapshot))
    }

    /// A flipped bit in a page of the backup: the restore names the page file, and the target is untouched.
    @Test func aDamagedPageOfABackupIsRefusedNamingThePageFile() throws {
        let dir = TemporaryDirectory()
        let store = try Bank.open(dir.store(), options: Self.pageOptions())
        for n in 0..<200 { try Bank.transfer(store, Int64(n)) }
        let backup = dir.path + "/backup"
        try store.backup(to: backup)
        store.close()
        let pageFile = backup + "/" + Self.pageFile
        var bytes = try StoreFiles.bytes(pageFile)
        // The first record is a leaf (written bottom-up), not a root the open reads.
        bytes[FileFormat.Frame.headerSize + 2] ^= 0x10
        try StoreFiles.write(bytes, to: pageFile)
        let target = dir.path + "/restored"
        let refused = operationError { try Store.restore(backup: backup, to: target) }
        guard case .damagedBackup(let file, let offset, _)? = refused else { Issue.record("got \(String(describing: refused))"); return }
        #expect(file == pageFile && offset == 0)
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func aPointInTimeRestoreOfAPageFileBackupIsAPageFileStore() throws {
        let dir = TemporaryDirectory()
        let store = try Bank.open(dir.store(), options: Self.pageOptions())
        for n in 0..<10 { try Bank.transfer(store, Int64(n)) }
        let backup = dir.path + "/backup"
        try store.backup(to: backup)
        for n in 10..<25 { try Bank.transfer(store, Int64(n)) }
        let expected = try Bank.contents(store.snapshot)
        store.close()

        let target = dir.path + "/restored"
        let report = try Store.restore(backup: backup, logs: [dir.store()], until: .distantFuture, to: target)
        #expect(report.appliedTransactions == 15)
        #expect(try directoryContents(target).keys.sorted() == [Self.pageFile, FileFormat.Pages.meta, Self.firstLog].sorted())
        let restored = try Store.open(at: target, schema: Bank.schema, options: Self.snapshotOptions)
        #expect(restored.pages != nil)
        #expect(try Bank.contents(restored.snapshot) == expected)
        restored.close()
    }

    @Test func aSnapshotFileStoreStillBacksUpAndRestoresAsASnapshotFile() throws {
        let dir = TemporaryDirectory()
        let store = try Bank.open(dir.store(), options: Self.snapshotOptions)
        for n in 0..<10 { try Bank.transfer(store, Int64(n)) }
        let backup = dir.path + "/backup"
        try store.backup(to: backup)
        let expected = try Bank.contents(store.snapshot)
        store.close()
        #expect(try directoryContents(backup).keys.sorted()
                == [BackupManifest.fileName, FileFormat.Directory.snapshot, Self.firstLog].sorted())
        let target = dir.path + "/restored"
        try Store.restore(backup: backup, to: target)
        #expect(try directoryContents(target).keys.sorted() == [FileFormat.Directory.snapshot, Self.firstLog].sorted())
        // Opened with the page file asked for, it is converted on open.
        let restored = try Store.open(at: target, schema: Bank.schema, options: Self.pageOptions())
        #expect(restored.pages != nil)
        #expect(try Bank.contents(restored.snapshot) == expected)
        restored.close()
    }
}
