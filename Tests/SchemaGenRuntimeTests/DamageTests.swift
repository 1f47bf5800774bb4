import Foundation
import Testing
@testable import SchemaGenRuntime

/// Every class of damage the checksums of single records cannot catch on their own: logs
/// deleted, emptied or cut short, older logs damaged, records dropped, duplicated, swapped or
/// taken from another store, and snapshots whose records are valid but whose content is not.
/// The log tests run on both checkpoint formats (``StoreFormat``); the snapshot test has a page twin.
@Suite struct DamageTests {
    static let schema = CrashWorker.schema

    /// A closed store whose one log holds six commits (sequence numbers 1...6) of orders `first...`.
    static func oneLogStore(_ path: String, first: Int64 = 1) throws -> String {
        let store = try Store.open(at: path, schema: schema, options: fastOptions)
        for n in first..<first + 6 { try FaultInjectionTests.commit(store, n) }
        store.close()
        return try newestLog(path)
    }

    /// A closed store with two logs: a checkpoint ended `wal-1` (commits 1...3) and started
    /// `wal-2` (commits 4...6) but could not install its snapshot.
    static func twoLogStore(_ path: String) throws -> (older: String, newer: String) {
        let fs = FaultInjectingFileSystem()
        let store = try Store.open(at: path, schema: schema, options: StoreFormat.options(StoreOptions(durability: .unsynced, fileSystem: fs)))
        for n in 1...3 { try FaultInjectionTests.commit(store, Int64(n)) }
        fs.failRenames = true
        #expect(storeError { try store.checkpoint() } == .io(operation: "rename", path: path + "/" + StoreFormat.temporaryCheckpoint, errno: EIO))
        fs.failRenames = false
        for n in 4...6 { try FaultInjectionTests.commit(store, Int64(n)) }
        store.close()
        let logs = try StoreFiles.logs(path)
        #expect(logs.count == 2)
        return (logs[0], logs[1])
    }

    static func orders(_ path: String) throws -> [Int64] {
        try RecoveryRegressionTests.orders(path)
    }

    /// The error opening the store throws; `verify` must throw the same.
    static func openError(_ path: String) -> StoreError? {
        let error = storeError { try orders(path) }
        #expect(storeError { try Store.verify(at: path, schema: schema) } == error)
        return error
    }

    @Test func deletedOlderLogFailsTheOpen() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let (older, _) = try Self.twoLogStore(dir.store())
                try FileManager.default.removeItem(atPath: older)
                #expect(Self.openError(dir.store()) == .corrupted(file: older, offset: 0, reason: "log file is missing"))
            }
        }
    }

    @Test func emptiedLogFailsTheOpen() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let only = try Self.oneLogStore(dir.store("one"))
                let (older, newer) = try Self.twoLogStore(dir.store("two"))
                for log in [only, older, newer] {
                    let saved = try StoreFiles.bytes(log)
                    try StoreFiles.write([], to: log)
                    #expect(Self.openError(URL(fileURLWithPath: log).deletingLastPathComponent().path)
                            == .corrupted(file: log, offset: 0, reason: "log has no header record"), "\(log)")
                    try StoreFiles.write(saved, to: log)
                }
            }
        }
    }

    @Test func olderLogCutShortAnywhereFailsTheOpen() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let (older, _) = try Self.twoLogStore(dir.store())
                let bytes = try StoreFiles.bytes(older)
                let starts = try StoreFiles.recordStarts(older)
                for cut in starts[1]..<bytes.count {
                    try StoreFiles.write(Array(bytes[..<cut]), to: older)
                    // Whether cut at a record boundary or inside a record, the log lost its end record.
                    let record = starts.last { $0 <= cut }!
                    #expect(Self.openError(dir.store())
                            == .corrupted(file: older, offset: record, reason: "log has no end record but wal-0000000000000002.log follows it"),
                            "cut at \(cut)")
                }
            }
        }
    }

    /// The one loss no file check can see: the newest log cut exactly at a record boundary looks
    /// like a crash before those commits. (Only a copy kept elsewhere could tell.)
    @Test func newestLogCutAtARecordBoundaryLooksLikeAnEarlierCrash() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let log = try Self.oneLogStore(dir.store())
                let bytes = try StoreFiles.bytes(log)
                let starts = try StoreFiles.recordStarts(log)
                #expect(starts[1] == FileFormat.Log.headerRecordSize)
                for (i, start) in starts.enumerated().dropFirst() {
                    try StoreFiles.write(Array(bytes[..<start]), to: log)
                    #expect(try Self.orders(dir.store()) == Array(1..<Int64(i)))
                }
            }
        }
    }

    @Test func everyBitFlipInAnOlderLogFailsTheOpen() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let (older, _) = try Self.twoLogStore(dir.store())
                let bytes = try StoreFiles.bytes(older)
                let starts = try StoreFiles.recordStarts(older)
                for position in stride(from: 0, to: bytes.count, by: heavyTests ? 1 : 3) {
                    for bit in heavyTests ? Array(0..<8) : [position % 8] {
                        var damaged = bytes
                        damaged[position] ^= UInt8(1 << bit)
                        try StoreFiles.write(damaged, to: older)
                        let record = starts.last { $0 <= position }!
                        guard case .corrupted(older, record, _)? = Self.openError(dir.store()) else {
                            Issue.record("flip of bit \(bit) at \(position) was not reported at record \(record)")
                            continue
                        }
                    }
                }
            }
        }
    }

    /// Records rewritten with valid checksums: dropped, duplicated, swapped, in the only log and
    /// in an older one. `change` edits the list of payloads; `at` is the index of the first
    /// record out of sequence afterwards, which has sequence number `found` where `expected` was due.
    @Test(arguments: [
        ("drop a transaction", 2, 3, 2),
        ("drop the first transaction", 1, 2, 1),
        ("duplicate a transaction", 3, 2, 3),
        ("swap two transactions", 2, 3, 2),
    ])
    func reorderedRecordsFailTheOpen(_ damage: String, at: Int, found: Int, expected: Int) throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                func change(_ payloads: inout [[UInt8]]) {
                    switch damage {
                    case "drop a transaction": payloads.remove(at: 2)
                    case "drop the first transaction": payloads.remove(at: 1)
                    case "duplicate a transaction": payloads.insert(payloads[2], at: 3)
                    default: payloads.swapAt(2, 3)
                    }
                }
                let dir = TemporaryDirectory()
                let only = try Self.oneLogStore(dir.store("one"))
                let (older, _) = try Self.twoLogStore(dir.store("two"))
                for log in [only, older] {
                    var payloads = try StoreFiles.payloads(log)
                    change(&payloads)
                    try StoreFiles.writeRecords(payloads, to: log)
                    let offset = try StoreFiles.recordStarts(log)[at]
                    #expect(Self.openError(URL(fileURLWithPath: log).deletingLastPathComponent().path)
                            == .corrupted(file: log, offset: offset, reason: "record has sequence number \(found), expected \(expected)"),
                            "\(damage) in \(log)")
                }
            }
        }
    }

    @Test func droppingTheLastTransactionOfAnEndedLogFailsTheOpen() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let (older, _) = try Self.twoLogStore(dir.store())
                var payloads = try StoreFiles.payloads(older)
                payloads.remove(at: payloads.count - 2)
                try StoreFiles.writeRecords(payloads, to: older)
                #expect(Self.openError(dir.store()) == .corrupted(file: older, offset: try StoreFiles.recordStarts(older).last!,
                                                                  reason: "record has sequence number 4, expected 3"))
            }
        }
    }

    @Test func recordFromAnotherStoreFailsTheOpen() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let log = try Self.oneLogStore(dir.store())
                let other = try Self.oneLogStore(dir.store("other"), first: 11)
                // The same sequence number from another store: only the chained checksum tells them apart.
                var payloads = try StoreFiles.payloads(log)
                payloads[3] = try StoreFiles.payloads(other)[3]
                try StoreFiles.writeRecords(payloads, to: log)
                #expect(Self.openError(dir.store())
                        == .corrupted(file: log, offset: try StoreFiles.recordStarts(log)[3], reason: "record does not follow the record before it"))
            }
        }
    }

    /// A logged row with a valid checksum and chain that is not a row of its table fails the open.
    @Test func loggedRowOfTheWrongShapeFailsTheOpen() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let log = try Self.oneLogStore(dir.store())
                var payloads = try StoreFiles.payloads(log)
                let last = payloads.count - 1
                // Commit 6 rewritten to put a string where `orders.id` holds an int.
                let chain = WriteAheadLog.Chain(sequence: 6, previous: CRC32C.checksum(payloads[last - 1], 0..<payloads[last - 1].count))
                let bad = RowCodec.encode([.string("6"), .string("o6")])
                payloads[last] = Array(WriteAheadLog.transactionRecord([.put(table: 0, row: bad)], chain: chain).dropFirst(FileFormat.Frame.headerSize))
                try StoreFiles.writeRecords(payloads, to: log)
                #expect(Self.openError(dir.store())
                        == .corrupted(file: log, offset: try StoreFiles.recordStarts(log)[last], reason: "row of table 'orders' does not decode"))
            }
        }
    }

    @Test func malformedIndexEntryInTheSnapshotFailsTheOpen() throws {
        try StoreFormat.$pages.withValue(false) {
            let dir = TemporaryDirectory()
            let store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
            for n in 1...3 { try FaultInjectionTests.commit(store, Int64(n)) }
            try store.checkpoint()
            store.close()
            let snapshot = dir.store() + "/snapshot.dat"
            // Still in key order, but too short to hold the primary key's length.
            let offset = try StoreFiles.rewriteChunk(snapshot, table: 1, tree: 1) { $0.entries[0].key = [1] }
            #expect(Self.openError(dir.store())
                    == .corrupted(file: snapshot, offset: offset, reason: "index entry of table 'items' tree 1 is malformed"))
        }
    }

    @Test func malformedIndexEntryInAPageFailsTheOpen() throws {
        try StoreFormat.$pages.withValue(true) {
            let dir = TemporaryDirectory()
            let store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
            for n in 1...3 { try FaultInjectionTests.commit(store, Int64(n)) }
            try store.checkpoint()
            store.close()
            let (file, offset) = try PageFiles.rewriteRootLeaf(dir.store(), table: 1, tree: 1) { $0.keys[0] = [1] }
            #expect(Self.openError(dir.store())
                    == .corrupted(file: file, offset: offset, reason: "index entry of table 'items' tree 1 is malformed"))
        }
    }

    /// Page records dropped, duplicated over another of the same size, or swapped with it, each
    /// keeping valid checksums of its own: the parent's checksum of the child tells them apart, so
    /// reading the tree throws `corrupted` instead of returning another leaf's rows.
    @Test(arguments: ["drop", "duplicate", "swap"])
    func pageRecordsMovedAroundAreNotTheRecordsTheirParentsName(_ damage: String) throws {
        try StoreFormat.$pages.withValue(true) {
            let dir = TemporaryDirectory()
            let store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
            for n in 1...300 { try FaultInjectionTests.commit(store, Int64(n)) }
            try store.checkpoint()
            store.close()
            let file = try PageFiles.pageFile(dir.store())
            let bytes = try StoreFiles.bytes(file)
            // Each record with the padding after it (the rest of its last page).
            let extents = try PageFiles.recordExtents(dir.store())
            let starts = extents.map(\.offset)
            let records = zip(starts, starts.dropFirst() + [bytes.count]).map { Array(bytes[$0..<$1]) }
            // The first two leaves of the items rows (table 1, tree 0) of equal length: both live.
            let header = FileFormat.Frame.headerSize
            let itemLeaves = records.indices.filter { records[$0][header] == FileFormat.Pages.leafKind && records[$0][header + 2] == 1 && records[$0][header + 3] == 0 }
            let pair = itemLeaves.indices.dropLast().first {
                records[itemLeaves[$0]].count == records[itemLeaves[$0 + 1]].count && extents[itemLeaves[$0]].length == extents[itemLeaves[$0 + 1]].length
            }
            let at = try #require(pair)
            let first = itemLeaves[at], second = itemLeaves[at + 1]
            var damaged = records
            switch damage {
            case "drop": damaged.remove(at: first)
            case "duplicate": damaged[second] = records[first]
            default: damaged.swapAt(first, second)
            }
            try StoreFiles.write(damaged.flatMap { $0 }, to: file)
            let outcome = storeError { () -> [Row] in
                let store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
                defer { store.close() }
                return try store.snapshot.scan("items")
            }
            guard case .corrupted(file, _, let reason)? = outcome else {
                Issue.record("\(damage): \(String(describing: outcome))")
                return
            }
            if damage != "drop" { #expect(reason == "page is not the record its parent names", "\(damage)") }
            guard case .corrupted(file, _, _)? = storeError({ try Store.verify(at: dir.store(), schema: Self.schema) }) else {
                Issue.record("\(damage): verify did not report the page file")
                return
            }
        }
    }
}
