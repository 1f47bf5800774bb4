import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// `Store.backup(to:)` and `Store.restore(backup:to:replacing:)`; the backups of a running store on both checkpoint formats.
@Suite struct BackupTests {
    @Test func backupsTakenWhileWritersRunAreWholeTransactions() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let store = try Bank.open(dir.store(), options: StoreFormat.options(StoreOptions(durability: .synchronous)))
                defer { store.close() }
                let writers = 3, perWriter: Int64 = 150
                let done = DispatchGroup()
                for w in 0..<writers {
                    DispatchQueue.global().async(group: done) {
                        for i in 0..<perWriter {
                            // Errors would show as a wrong ledger count below.
                            try? Bank.transfer(store, Int64(w) * perWriter + i)
                        }
                    }
                }
                var counts: [Int] = []
                for b in 0..<4 {
                    let path = dir.path + "/backup-\(b)"
                    let manifest = try store.backup(to: path)
                    let backup = try Store.open(at: path, schema: Bank.schema, options: fastOptions)
                    let transfers = try Bank.checkConsistent(backup.snapshot)
                    #expect(manifest.rowCounts["ledger"] == transfers)
                    #expect(manifest.rowCounts["accounts"] == Bank.accounts)
                    backup.close()
                    counts.append(transfers)
                }
                done.wait()
                #expect(counts == counts.sorted(), "later backups hold at least the commits of earlier ones")
                #expect(try store.snapshot.count("ledger") == writers * Int(perWriter))
            }
        }
    }

    @Test func restoreRoundTripAndRefusesToOverwrite() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let store = try Bank.open(dir.store())
                for n in 0..<40 { try Bank.transfer(store, Int64(n)) }
                try store.checkpoint()
                for n in 40..<60 { try Bank.transfer(store, Int64(n)) }
                let backup = dir.path + "/backup"
                try store.backup(to: backup)
                let expected = try Bank.contents(store.snapshot)
                for n in 60..<70 { try Bank.transfer(store, Int64(n)) }
                store.close()

                let target = dir.path + "/restored"
                try Store.restore(backup: backup, to: target)
                let restored = try Store.open(at: target, schema: Bank.schema, options: fastOptions)
                #expect(try Bank.contents(restored.snapshot) == expected)
                #expect(!FileManager.default.fileExists(atPath: target + "/" + BackupManifest.fileName))
                // The restored store goes on: auto-increment continues after the restored rows.
                try Bank.transfer(restored, 1000)
                #expect(try restored.snapshot.scan("ledger", direction: .backward, limit: 1).first?[0] == .int(61))
                restored.close()

                // Over an existing store: refused, then replaced on request (the later commits go).
                let before = try directoryContents(dir.store())
                #expect(operationError { try Store.restore(backup: backup, to: dir.store()) } == .destinationNotEmpty(path: dir.store()))
                #expect(try directoryContents(dir.store()) == before)
                try Store.restore(backup: backup, to: dir.store(), replacing: true)
                let replaced = try Store.open(at: dir.store(), schema: Bank.schema, options: fastOptions)
                #expect(try Bank.contents(replaced.snapshot) == expected)
                // An open store is never replaced.
                #expect(storeError { try Store.restore(backup: backup, to: dir.store(), replacing: true) } == .alreadyOpen(path: dir.store() + "/LOCK"))
                replaced.close()
                #expect(!FileManager.default.fileExists(atPath: dir.store() + ".replaced"))
                #expect(!FileManager.default.fileExists(atPath: dir.store() + ".restoring"))
            }
        }
    }

    @Test func incrementsRestoreOnTopOfTheFullBackup() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                var options = StoreFormat.options(StoreOptions(durability: .unsynced, checkpointLogBytes: 0))
                options.logArchiveDirectory = dir.path + "/archive"
                let store = try Bank.open(dir.store(), options: options)
                defer { store.close() }
                #expect((store.pages != nil) == pages)
                for n in 0..<10 { try Bank.transfer(store, Int64(n)) }
                let full = try store.backup(to: dir.path + "/full")
                for n in 10..<20 { try Bank.transfer(store, Int64(n)) }
                let first = try store.backupIncrement(to: dir.path + "/inc1", after: full)
                let afterFirst = try Bank.contents(store.snapshot)
                try store.checkpoint()  // the commits of the second increment span an archived and a live log
                for n in 20..<30 { try Bank.transfer(store, Int64(n)) }
                try store.checkpoint()
                for n in 30..<35 { try Bank.transfer(store, Int64(n)) }
                let second = try store.backupIncrement(to: dir.path + "/inc2", after: first)
                let differential = try store.backupIncrement(to: dir.path + "/diff", after: full)
                #expect(first.incrementAfter == full.nextSequence && second.incrementAfter == first.nextSequence)
                #expect(second.nextSequence == differential.nextSequence && second.rowCounts["ledger"] == 35)
                let final = try Bank.contents(store.snapshot)

                func restored(_ logs: [String], _ name: String) throws -> [[Row]] {
                    try Store.restore(backup: dir.path + "/full", logs: logs.map { dir.path + "/" + $0 }, until: .distantFuture,
                                      to: dir.path + "/" + name)
                    let copy = try Store.open(at: dir.path + "/" + name, schema: Bank.schema, options: fastOptions)
                    defer { copy.close() }
                    return try Bank.contents(copy.snapshot)
                }
                #expect(try restored(["inc1", "inc2"], "chained") == final)
                #expect(try restored(["diff"], "differential") == final)
                #expect(try restored(["inc1"], "first") == afterFirst)
                #expect(operationError { try restored(["inc2"], "gap") } == .archiveGap(missingSequence: full.nextSequence))
                // An increment is not a base.
                guard case .damagedBackup? = operationError({ try Store.restore(backup: dir.path + "/inc1", to: dir.path + "/x") }) else {
                    Issue.record("an increment was restored as a full backup"); return
                }
                // Without an archive, a checkpoint deletes commits an increment needs.
                let plain = try Bank.open(dir.store("plain"), options: StoreFormat.options(StoreOptions(durability: .unsynced, checkpointLogBytes: 0)))
                defer { plain.close() }
                #expect((plain.pages != nil) == pages)
                let base = try plain.backup(to: dir.path + "/plain-full")
                try Bank.transfer(plain, 1)
                try plain.checkpoint()
                #expect(operationError { try plain.backupIncrement(to: dir.path + "/plain-inc", after: base) }
                        == .archiveGap(missingSequence: base.nextSequence))
            }
        }
    }

    @Test(arguments: [false, true])
    func backupIntoANonEmptyDirectoryIsRefused(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) {
            let dir = TemporaryDirectory()
            let store = try Bank.open(dir.store())
            defer { store.close() }
            let backup = dir.path + "/backup"
            try store.backup(to: backup)
            let before = try directoryContents(backup)
            #expect(operationError { try store.backup(to: backup) } == .destinationNotEmpty(path: backup))
            #expect(try directoryContents(backup) == before)
        }
    }

    @Test func damagedOrIncompleteBackupsAreRefusedAndNothingChanges() throws {
        try StoreFormat.$pages.withValue(false) {
            let dir = TemporaryDirectory()
            let store = try Bank.open(dir.store())
            for n in 0..<30 { try Bank.transfer(store, Int64(n)) }
            let backup = dir.path + "/backup"
            try store.backup(to: backup)
            store.close()
            let target = dir.path + "/target"
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            try Data("keep".utf8).write(to: URL(fileURLWithPath: target + "/mine.txt"))
            let targetBefore = try directoryContents(target)
            let good = try directoryContents(backup)
            func restore(_ mutate: (String) throws -> Void) throws -> StoreOperationError? {
                let copy = dir.path + "/damaged"
                try? FileManager.default.removeItem(atPath: copy)
                try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
                for (name, bytes) in good { try StoreFiles.write(bytes, to: copy + "/" + name) }
                try mutate(copy)
                defer { #expect((try? directoryContents(target)) == targetBefore) }
                return operationError { try Store.restore(backup: copy, to: target, replacing: true) }
            }
            let snapshot = "/" + FileFormat.Directory.snapshot
            // A flipped bit in the snapshot's rows.
            let flipped = try restore { copy in
                var bytes = try StoreFiles.bytes(copy + snapshot)
                bytes[bytes.count / 2] ^= 0x10
                try StoreFiles.write(bytes, to: copy + snapshot)
            }
            guard case .damagedBackup(let file, _, _)? = flipped else { Issue.record("got \(String(describing: flipped))"); return }
            #expect(file == dir.path + "/damaged" + snapshot)
            // A truncated snapshot.
            let truncated = try restore { copy in
                let bytes = try StoreFiles.bytes(copy + snapshot)
                try StoreFiles.write(Array(bytes.prefix(bytes.count - 20)), to: copy + snapshot)
            }
            guard case .damagedBackup? = truncated else { Issue.record("got \(String(describing: truncated))"); return }
            // No manifest: a backup whose writing did not finish.
            #expect(try restore { try FileManager.default.removeItem(atPath: $0 + "/" + BackupManifest.fileName) }
                    == .incompleteBackup(path: dir.path + "/damaged"))
            // A manifest that disagrees with the data.
            let miscounted = try restore { copy in
                let text = try String(contentsOfFile: copy + "/" + BackupManifest.fileName, encoding: .utf8)
                try Data(text.replacingOccurrences(of: "\"ledger\" : 30", with: "\"ledger\" : 31").utf8)
                    .write(to: URL(fileURLWithPath: copy + "/" + BackupManifest.fileName))
            }
            #expect(miscounted == .damagedBackup(file: dir.path + "/damaged/" + BackupManifest.fileName, offset: 0,
                                                 reason: "table 'ledger' has 30 rows, the manifest says 31"))
            // A missing log.
            let noLog = try restore { try FileManager.default.removeItem(atPath: $0 + "/" + FileFormat.Directory.logName(generation: 1)) }
            guard case .damagedBackup(_, _, let reason)? = noLog else { Issue.record("got \(String(describing: noLog))"); return }
            #expect(reason == "log file is missing")
        }
    }

    @Test(arguments: [false, true])
    func failedBackupLeavesAnIncompleteBackupAndAWorkingStore(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) { try failBackups() }
    }

    private func failBackups() throws {
        let dir = TemporaryDirectory()
        let disk = FaultInjectingFileSystem()
        let store = try Bank.open(dir.store(), options: StoreFormat.options(StoreOptions(durability: .synchronous, fileSystem: disk)))
        defer { store.close() }
        for n in 0..<20 { try Bank.transfer(store, Int64(n)) }
        // The disk fills up while the snapshot is written, then renames fail (the snapshot's).
        let faults: [() -> Void] = [{ disk.bytesUntilFull = 300 }, { disk.failRenames = true }]
        for (index, fault) in faults.enumerated() {
            let backup = dir.path + "/backup-\(index)"
            fault()
            #expect(storeError { try store.backup(to: backup) } != nil)
            disk.bytesUntilFull = nil
            disk.failRenames = false
            #expect(operationError { try Store.verifiedBackup(backup, fileSystem: POSIXFileSystem()) } == .incompleteBackup(path: backup))
            #expect(!FileManager.default.fileExists(atPath: backup + "/" + StoreFormat.temporaryCheckpoint))
        }
        try Bank.transfer(store, 20)
        #expect(try Bank.checkConsistent(store.snapshot) == 21)
        try store.backup(to: dir.path + "/backup-ok")
        #expect(try Store.verifiedBackup(dir.path + "/backup-ok", fileSystem: POSIXFileSystem()).state.tables[1].primary.count == 21)
    }

    /// The power fails at every file operation of a backup in turn: the store keeps every
    /// commit, and the backup is either refused as incomplete or whole.
    @Test(arguments: [false, true])
    func powerLossAtEveryStepOfABackup(pages: Bool) throws {
        try StoreFormat.$pages.withValue(pages) { try loseThePowerDuringBackups() }
    }

    private func loseThePowerDuringBackups() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        var completed = false
        var failuresInsideBackup = 0
        for failAt in 1...400 where !completed {
            let disk = PowerLossFileSystem()
            disk.failsAtOperation = failAt
            var expected: [[Row]]?
            do {
                let store = try Bank.open("/store", options: StoreFormat.options(StoreOptions(durability: .synchronous, fileSystem: disk)))
                defer { store.close() }
                for n in 0..<5 { try Bank.transfer(store, Int64(n)) }
                expected = try Bank.contents(store.snapshot)
                try store.backup(to: "/backup")
                completed = true
            } catch let error as StoreError where PowerLossTests.isPowerLoss(error) {
            }
            guard let expected else { continue }  // the power failed before the backup began
            if !completed { failuresInsideBackup += 1 }
            let after = disk.afterPowerLoss(&rng)
            let store = try Store.open(at: "/store", schema: Bank.schema, options: StoreFormat.options(StoreOptions(durability: .synchronous, fileSystem: after)))
            #expect(try Bank.contents(store.snapshot) == expected, "seed \(seed) fail at \(failAt)")
            store.close()
            do {
                let image = try Store.verifiedBackup("/backup", fileSystem: after)
                let restored = Snapshot(schema: image.schema, state: image.state, pageTokens: nil)
                #expect(try Bank.contents(restored) == expected, "seed \(seed) fail at \(failAt)")
            } catch StoreOperationError.incompleteBackup(let path) {
                #expect(!completed && path == "/backup", "seed \(seed) fail at \(failAt): a completed backup was lost")
            }
        }
        #expect(completed && failuresInsideBackup >= 5, "seed \(seed): \(failuresInsideBackup) failures inside the backup")
    }
}
