import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// The log's zeros written ahead of its records (``LogFile``, ``StoreOptions/logPreallocationBytes``):
/// a store crashed with zeros after its last record opens with exactly its commits, damage inside
/// the written records is refused as before, an ended log may keep zeros after its end record,
/// and a power loss while the zeros are being written loses nothing acknowledged.
@Suite struct LogPreallocationTests {
    static let schema = RecoveryTests.schema

    static func options(chunk: Int = 4096) -> StoreOptions {
        var options = StoreOptions(durability: .synchronous, checkpointLogBytes: 0)
        options.logPreallocationBytes = chunk
        return options
    }

    static func commit(_ store: Store, _ k: Int) throws {
        try store.write { try $0.upsert([.int(Int64(k)), .string("value \(k)")], into: "kv") }
    }

    static func rows(_ count: Int) -> [Row] {
        (0..<count).map { [.int(Int64($0)), .string("value \($0)")] }
    }

    /// `commits` commits in a store left open, copied as a crash would leave it: its log holds
    /// zeros after the records. Returns the copy, its log, and where the records end.
    static func crashedStore(_ dir: TemporaryDirectory, commits: Int) throws -> (copy: String, log: String, recordsEnd: Int) {
        let store = try Store.open(at: dir.store(), schema: schema, options: options())
        defer { store.close() }
        for k in 0..<commits { try commit(store, k) }
        let copy = dir.store("crashed")
        try copyStore(dir.store(), to: copy)
        let log = try newestLog(copy)
        let bytes = try StoreFiles.bytes(log)
        let parsed = try RecordFraming.parse(bytes, file: log, allowTornTail: true)
        return (copy, log, parsed.validEnd)
    }

    @Test func aStoreCrashedWithZerosAfterItsLastRecordOpensWithExactlyItsCommits() throws {
        let dir = TemporaryDirectory()
        let (copy, log, recordsEnd) = try Self.crashedStore(dir, commits: 50)
        let bytes = try StoreFiles.bytes(log)
        // The zeros are there: the file runs to a whole chunk past the records.
        #expect(bytes.count % 4096 == 0 && bytes.count > recordsEnd, "log of \(bytes.count) bytes, records end at \(recordsEnd)")
        #expect(bytes[recordsEnd...].allSatisfy { $0 == 0 })
        let store = try Store.open(at: copy, schema: Self.schema, options: Self.options())
        #expect(try store.snapshot.scan("kv") == Self.rows(50))
        // Zeros are the log's end, not a torn record.
        #expect(store.recoveryReport.replayedTransactions == 50 && !store.recoveryReport.discardedTornTail)
        // Commits after the reopen follow the last record directly.
        try Self.commit(store, 50)
        store.close()
        let closed = try StoreFiles.bytes(log)
        #expect(try RecordFraming.parse(closed, file: log, allowTornTail: false).validEnd == closed.count)
        let reopened = try Store.open(at: copy, schema: Self.schema, options: Self.options())
        defer { reopened.close() }
        #expect(try reopened.snapshot.scan("kv") == Self.rows(51))
    }

    @Test func aClosedLogEndsWithItsLastRecord() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: Self.options())
        for k in 0..<20 { try Self.commit(store, k) }
        store.close()
        let log = try newestLog(dir.store())
        // A strict parse (no torn tail, no zeros) reads the whole file.
        let parsed = try RecordFraming.parse(try StoreFiles.bytes(log), file: log, allowTornTail: false)
        #expect(parsed.validEnd == (try StoreFiles.bytes(log)).count && parsed.payloads.count == 21)
    }

    @Test func withoutPreallocationTheLogHoldsOnlyItsRecords() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: Self.options(chunk: 0))
        defer { store.close() }
        for k in 0..<20 { try Self.commit(store, k) }
        let log = try newestLog(dir.store())
        let bytes = try StoreFiles.bytes(log)
        #expect(try RecordFraming.parse(bytes, file: log, allowTornTail: false).validEnd == bytes.count)
    }

    @Test func aRecordLostInsideTheWrittenPartIsRefusedThoughZerosFollow() throws {
        let dir = TemporaryDirectory()
        let (copy, log, _) = try Self.crashedStore(dir, commits: 30)
        let original = try StoreFiles.bytes(log)
        let starts = try RecordFraming.parse(original, file: log, allowTornTail: true).payloads
            .map { $0.lowerBound - FileFormat.Frame.headerSize }
        for record in [1, 10, starts.count - 2] {
            // The record reads as zeros, as if its write never arrived; valid records follow it.
            var damaged = original
            let end = starts[record + 1]
            damaged.replaceSubrange(starts[record]..<end, with: [UInt8](repeating: 0, count: end - starts[record]))
            try StoreFiles.write(damaged, to: log)
            #expect {
                try Store.open(at: copy, schema: Self.schema, options: Self.options()).close()
            } throws: { error in
                guard case StoreError.corrupted(let file, let offset, _) = error else { return false }
                return file == log && offset == starts[record]
            }
        }
        // The last record torn (its start written, the rest zeros like the space after it) is discarded.
        var torn = original
        let last = starts.last!
        torn.replaceSubrange(last + 5..<torn.count, with: [UInt8](repeating: 0, count: torn.count - last - 5))
        try StoreFiles.write(torn, to: log)
        let store = try Store.open(at: copy, schema: Self.schema, options: Self.options())
        defer { store.close() }
        #expect(try store.snapshot.scan("kv") == Self.rows(29))
        #expect(store.recoveryReport.discardedTornTail)
    }

    /// An ended log keeps zeros after its end record when a crash comes before the cut is durable:
    /// recovery follows it to the next log. Anything else there is still refused.
    @Test func anEndedLogWithZerosAfterItsEndRecordOpens() throws {
        try StoreFormat.$pages.withValue(false) {
            let dir = TemporaryDirectory()
            var options = StoreFormat.options(Self.options())
            options.logArchiveDirectory = dir.store("archive")
            let store = try Store.open(at: dir.store(), schema: Self.schema, options: options)
            for k in 0..<3 { try Self.commit(store, k) }
            // The store as it was before the checkpoint: its snapshot names wal-1.
            let before = dir.store("before")
            try copyStore(dir.store(), to: before)
            for k in 3..<5 { try Self.commit(store, k) }
            try store.checkpoint()
            for k in 5..<7 { try Self.commit(store, k) }
            store.close()
            let ended = try StoreFiles.bytes(try newestLog(dir.store("archive")))
            #expect(try WriteAheadLog.read(try newestLog(dir.store("archive")), generation: 1, fileSystem: POSIXFileSystem()).continuedIn == 2)
            let crashed = dir.store("crashed")
            for tail in [[UInt8](repeating: 0, count: 3000), [UInt8](repeating: 0, count: 1000) + [7] + [UInt8](repeating: 0, count: 999)] {
                try copyStore(before, to: crashed)
                try StoreFiles.write(ended + tail, to: crashed + "/" + FileFormat.Directory.logName(generation: 1))
                try StoreFiles.write(try StoreFiles.bytes(try newestLog(dir.store())), to: crashed + "/" + FileFormat.Directory.logName(generation: 2))
                if tail.allSatisfy({ $0 == 0 }) {
                    let reopened = try Store.open(at: crashed, schema: Self.schema, options: StoreFormat.options(Self.options()))
                    defer { reopened.close() }
                    #expect(try reopened.snapshot.scan("kv") == Self.rows(7))
                } else {
                    #expect {
                        try Store.open(at: crashed, schema: Self.schema, options: StoreFormat.options(Self.options())).close()
                    } throws: { error in
                        guard case StoreError.corrupted(let file, let offset, let reason) = error else { return false }
                        return file.hasSuffix(FileFormat.Directory.logName(generation: 1)) && offset == ended.count
                            && reason == "data after the log's end record"
                    }
                }
            }
        }
    }

    /// The power fails at every operation of a store whose log is zero-filled a page at a time
    /// (zeros are written ahead every few dozen commits): every acknowledged commit survives, in the
    /// worst case (nothing unsynced kept) and with random parts of the unsynced writes kept.
    @Test func aPowerLossWhileZerosAreWrittenLosesNothingAcknowledged() throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        var longestLog = 0
        for failAt in 1...400 {
            let disk = PowerLossFileSystem()
            disk.failsAtOperation = failAt
            var options = StoreFormat.options(Self.options())
            options.fileSystem = disk
            var acknowledged: Int64 = 0
            do {
                let store = try Store.open(at: PowerLossTests.path, schema: PowerLossTests.schema, options: options)
                defer { store.close() }
                while true {
                    try PowerLossTests.commit(store, acknowledged + 1)
                    acknowledged += 1
                }
            } catch let error as StoreError where PowerLossTests.isPowerLoss(error) {}
            if acknowledged > 0 {
                // The records went in at offsets, into zeros written ahead.
                #expect(disk.positionalWrites >= acknowledged, "fail at \(failAt)")
                let log = PowerLossTests.path + "/" + FileFormat.Directory.logName(generation: 1)
                longestLog = max(longestLog, try disk.readFile(log).count)
            }
            for worstCase in [true, false] {
                let after = disk.afterPowerLoss(&rng, worstCase: worstCase)
                let problems = PowerLossTests.check(after, acknowledged: acknowledged, context: "fail at \(failAt), worst case \(worstCase)")
                #expect(problems == [], "SCHEMAGEN_SEED=\(seed)")
            }
        }
        // The longest run wrote zeros ahead more than once.
        #expect(longestLog > 3 * 4096)
    }
}
