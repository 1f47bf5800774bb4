import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// The page-file checkpoint format: nodes read on demand through a bounded cache.
@Suite struct PageFileTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("items", columns: [.init("id", .int), .init("group", .int), .init("name", .string)], primaryKey: ["id"],
                        indexes: [IndexDefinition("byGroup", on: ["group"])]),
    ])

    static func options(cache: Int = 16) -> StoreOptions {
        var options = StoreOptions(durability: .unsynced, checkpointLogBytes: 0)
        options.checkpointFormat = .pages
        options.pageCacheNodes = cache
        return options
    }

    static func row(_ id: Int) -> [StoreValue] { [.int(Int64(id)), .int(Int64(id % 97)), .string("item \(id) " + String(repeating: "x", count: id % 40))] }

    /// A page-file store of `rows` rows, checkpointed and closed.
    static func makeStore(_ path: String, rows: Int, options: StoreOptions = options()) throws {
        let store = try Store.open(at: path, schema: schema, options: options)
        for start in stride(from: 0, to: rows, by: 1000) {
            try store.write { tx in for id in start..<min(start + 1000, rows) { try tx.insert(row(id), into: "items") } }
        }
        try store.checkpoint()
        store.close()
    }

    /// A page-file store of `rows` rows made in `dir`, checkpointed, closed and opened again with a
    /// cache of `cache` nodes, so its reads start from the page file (the caller closes it).
    static func reopenedStore(in dir: TemporaryDirectory, rows: Int, cache: Int = 8) throws -> Store {
        try makeStore(dir.store(), rows: rows)
        return try Store.open(at: dir.store(), schema: schema, options: options(cache: cache))
    }

    @Test func readsAfterReopenComeFromPagesThroughABoundedCache() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        try Self.makeStore(dir.store(), rows: rows)
        #expect(!FileManager.default.fileExists(atPath: dir.store() + "/snapshot.dat"))
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: Self.options(cache: 8))
        defer { store.close() }
        let pages = try #require(store.pages)
        #expect(store.recoveryReport.replayedTransactions == 0)
        // Opening read nothing but the roots (read directly, not through the cache).
        #expect(pages.cache.reads == 0)
        let s = store.snapshot
        for id in stride(from: 0, to: rows, by: 7) { #expect(try s.get("items", primaryKey: .int(Int64(id))) == Self.row(id)) }
        #expect(try s.scan("items") == (0..<rows).map(Self.row))
        #expect(try s.scan("items", direction: .backward) == (0..<rows).reversed().map(Self.row))
        let group = try s.scan("items", index: "byGroup", prefix: [.int(5)])
        #expect(group == (0..<rows).filter { $0 % 97 == 5 }.map(Self.row))
        #expect(try s.count("items") == rows)
        // Far more leaves than the cache holds were read (checked where they lie in the map,
        // not decoded), and the cache never grew past its bound.
        #expect(pages.file.recordsCheckedInPlace > 6000 / 64)
        #expect(pages.cache.count <= 8)
        try s.checkInvariants()
    }

    @Test func aCheckpointWritesOnlyTheChangedNodesAndFreesTheirCopies() throws {
        let dir = TemporaryDirectory()
        try Self.makeStore(dir.store(), rows: 6000)
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: Self.options())
        defer { store.close() }
        let pages = try #require(store.pages)
        // The name changes, the group does not: one leaf and its path in the primary tree only.
        try store.write { tx in try tx.update([.int(4321), .int(Int64(4321 % 97)), .string("renamed")], in: "items") }
        try store.checkpoint()
        // One node per level: the leaf and every node above it, nothing of the index.
        let height = Int(try #require(store.snapshot.state.tables[0].primary.root?.page).level) + 1
        #expect(height == 3)
        #expect(pages.lastCheckpointNodes == height)
        // Nothing changed: nothing written.
        try store.checkpoint()
        #expect(pages.lastCheckpointNodes == 0)
        // The published state's root is read from the page file: its children are stubs, not resident nodes.
        let root = try #require(store.snapshot.state.tables[0].primary.root)
        #expect(root.page != nil)
        #expect(root.children.allSatisfy { $0.isStub })
        #expect(try store.snapshot.get("items", primaryKey: .int(4321))?[2] == .string("renamed"))
    }

    @Test func aSnapshotTakenBeforeCheckpointsAndACompactionStillReadsItsRows() throws {
        let dir = TemporaryDirectory()
        try Self.makeStore(dir.store(), rows: 3000)
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: Self.options(cache: 4))
        defer { store.close() }
        let pages = try #require(store.pages)
        let old = store.snapshot
        let firstFile = pages.file.number
        // Rewrite every row repeatedly until the file has grown enough to be compacted into a new one.
        var round = 0
        while pages.file.number == firstFile {
            round += 1
            try store.write { tx in for id in 0..<3000 { try tx.update([.int(Int64(id)), .int(Int64(id % 97)), .string("round \(round)")], in: "items") } }
            try store.checkpoint()
            #expect(round < 50)
            if round >= 50 { break }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.store() + "/" + FileFormat.Pages.fileName(firstFile)))
        #expect(try old.scan("items") == (0..<3000).map(Self.row))
        #expect(try old.scan("items", index: "byGroup", prefix: [.int(3)]) == (0..<3000).filter { $0 % 97 == 3 }.map(Self.row))
        #expect(try store.snapshot.get("items", primaryKey: .int(17))?[2] == .string("round \(round)"))
        try store.snapshot.checkInvariants()
    }

    @Test func aSnapshotFileStoreIsConvertedOnOpen() throws {
        let dir = TemporaryDirectory()
        var plain = StoreOptions(durability: .unsynced, checkpointLogBytes: 0)
        plain.checkpointFormat = .snapshotFile
        try Self.makeStore(dir.store(), rows: 2000, options: plain)
        #expect(FileManager.default.fileExists(atPath: dir.store() + "/snapshot.dat"))
        // Commits after the snapshot stay in the log and are replayed on top of the converted pages.
        let before = try Store.open(at: dir.store(), schema: Self.schema, options: plain)
        try before.write { tx in try tx.insert(Self.row(2000), into: "items") }
        before.close()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: Self.options())
        #expect(store.pages != nil)
        #expect(!FileManager.default.fileExists(atPath: dir.store() + "/snapshot.dat"))
        #expect(try store.snapshot.scan("items") == (0...2000).map(Self.row))
        store.close()
        // Once converted, the store stays pages even when opened asking for a snapshot file.
        let again = try Store.open(at: dir.store(), schema: Self.schema, options: plain)
        #expect(again.pages != nil)
        #expect(try again.snapshot.count("items") == 2001)
        again.close()
        #expect(try Store.verify(at: dir.store(), schema: Self.schema).rowCounts["items"] == 2001)
    }

    @Test func aConversionInterruptedByPowerLossLeavesTheOldOrTheNewCheckpoint() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        for attempt in 0..<12 {
            let disk = PowerLossFileSystem()
            var plain = StoreOptions(durability: .synchronous, fileSystem: disk, checkpointLogBytes: 0)
            plain.checkpointFormat = .snapshotFile
            let store = try Store.open(at: "/s", schema: Self.schema, options: plain)
            try store.write { tx in for id in 0..<300 { try tx.insert(Self.row(id), into: "items") } }
            try store.checkpoint()
            try store.write { tx in try tx.insert(Self.row(300), into: "items") }
            store.close()
            // Cut the power at a different point of the converting open each time.
            var paged = plain
            paged.checkpointFormat = .pages
            disk.failsAtOperation = disk.operationCount + 1 + attempt
            // The power fails somewhere in the conversion (or, for the later attempts, after it).
            _ = storeError { try Store.open(at: "/s", schema: Self.schema, options: paged).close() }
            let after = disk.afterPowerLoss(&rng, worstCase: attempt % 2 == 0)
            paged.fileSystem = after
            let reopened = try Store.open(at: "/s", schema: Self.schema, options: paged)
            #expect(reopened.pages != nil, "seed \(seed) attempt \(attempt)")
            #expect(try reopened.snapshot.scan("items") == (0...300).map(Self.row), "seed \(seed) attempt \(attempt)")
            reopened.close()
        }
    }

    @Test func powerLossDuringPageCheckpointsKeepsEveryAcknowledgedCommit() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        for attempt in 0..<(heavyTests ? 200 : 24) {
            let disk = PowerLossFileSystem()
            var options = StoreOptions(durability: .synchronous, fileSystem: disk, checkpointLogBytes: 0)
            options.checkpointFormat = .pages
            options.pageCacheNodes = 4
            let store = try Store.open(at: "/s", schema: Self.schema, options: options)
            try store.write { tx in for id in 0..<400 { try tx.insert(Self.row(id), into: "items") } }
            try store.checkpoint()
            // Cut the power somewhere in the next commits and checkpoints.
            disk.failsAtOperation = disk.operationCount + 1 + Int.random(in: 0..<30, using: &rng)
            var acknowledged = 399
            for id in 400..<460 {
                do {
                    try store.write { tx in try tx.update([.int(Int64(id - 400)), .int(0), .string("changed")], in: "items") }
                    try store.write { tx in try tx.insert(Self.row(id), into: "items") }
                    acknowledged = id
                    if id % 5 == 0 { try store.checkpoint() }
                } catch {
                    break
                }
            }
            store.close()
            options.fileSystem = disk.afterPowerLoss(&rng, worstCase: attempt % 3 == 0)
            let reopened = try Store.open(at: "/s", schema: Self.schema, options: options)
            let context: Comment = "seed \(seed) attempt \(attempt)"
            let rows = try reopened.snapshot.scan("items")
            #expect(rows.count >= acknowledged + 1, context)
            #expect(rows.prefix(acknowledged - 399).allSatisfy { $0[2] == .string("changed") }, context)
            try reopened.snapshot.checkInvariants()
            reopened.close()
            #expect(try Store.verify(at: "/s", schema: Self.schema, fileSystem: options.fileSystem).rowCounts["items"] == rows.count, context)
        }
    }

    @Test func damageToThePageFileIsReportedAsCorruptionNeverACrash() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        let dir = TemporaryDirectory()
        let original = dir.store("original")
        try Self.makeStore(original, rows: 1500)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: original).first { $0.hasPrefix("pages-") })
        let expected = (0..<1500).map(Self.row)
        var corruptions = 0
        for round in 0..<(heavyTests ? 400 : 40) {
            let copy = dir.store("copy")
            try copyStore(original, to: copy)
            let target = round % 5 == 4 ? FileFormat.Pages.meta : name
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: copy + "/" + target)))
            switch round % 3 {
            case 0:
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
                }
            case 1:
                bytes.removeLast(Int.random(in: 1..<bytes.count, using: &rng))
            default:
                let start = Int.random(in: 0..<bytes.count, using: &rng)
                for i in start..<min(bytes.count, start + Int.random(in: 1...200, using: &rng)) { bytes[i] = 0 }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: copy + "/" + target))
            // Either every row reads back as written, or a typed corruption error says why not.
            let outcome = storeError {
                let store = try Store.open(at: copy, schema: Self.schema, options: Self.options(cache: 4))
                defer { store.close() }
                let rows = try store.snapshot.scan("items")
                #expect(rows == expected, "seed \(seed) round \(round)")
                _ = try store.snapshot.scan("items", index: "byGroup", prefix: [.int(1)])
            }
            let verified = storeError { try Store.verify(at: copy, schema: Self.schema) }
            switch outcome {
            case nil: break
            case .corrupted?: corruptions += 1
            case let other?: Issue.record("seed \(seed) round \(round): \(other)")
            }
            if case let other?? = verified.map({ error -> StoreError? in if case .corrupted = error { return nil } else { return error } }) {
                Issue.record("verify, seed \(seed) round \(round): \(other)")
            }
        }
        #expect(corruptions > 0)
    }

    @Test func aDamagedPageFoundAfterOpenFailsReadsAndCommitsWithCorrupted() throws {
        let dir = TemporaryDirectory()
        try Self.makeStore(dir.store(), rows: 3000)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.store()).first { $0.hasPrefix("pages-") })
        // The file starts with the first leaf written (rows 0..<64 of the primary tree); damage one of its bytes.
        let path = dir.store() + "/" + name
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[40] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: Self.options())
        defer { store.close() }
        #expect(try store.snapshot.get("items", primaryKey: .int(2999)) == Self.row(2999))
        guard case .corrupted(let file, _, let reason)? = storeError({ try store.snapshot.get("items", primaryKey: .int(1)) }) else {
            Issue.record("expected corrupted"); return
        }
        #expect(file == path)
        #expect(reason == "page checksum mismatch")
        guard case .corrupted? = storeError({ try store.write { tx in try tx.insert(Self.row(5000), into: "items") } }) else {
            Issue.record("expected corrupted"); return
        }
    }
}
