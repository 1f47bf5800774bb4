import Foundation
import Testing
@testable import SchemaGenRuntime

/// Opening after damage: a torn final log record is discarded; every other kind of damage
/// refuses the open naming the file and offset. On both checkpoint formats (``StoreFormat``).
@Suite struct RecoveryTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("kv", columns: [.init("k", .int), .init("v", .string)], primaryKey: ["k"]),
    ])

    /// A closed store with a snapshot of `snapshotted` commits, then `logged` commits only in the log.
    /// Returns the contents after each commit (index 0: before any).
    static func makeStore(_ path: String, snapshotted: Int = 3, logged: Int = 6) throws -> [[Row]] {
        let store = try Store.open(at: path, schema: schema, options: fastOptions)
        var history: [[Row]] = [try store.snapshot.scan("kv")]
        for i in 0..<(snapshotted + logged) {
            if i == snapshotted { try store.checkpoint() }
            try store.write { tx in
                try tx.upsert([.int(Int64(i % 4)), .string(String(repeating: "x", count: i))], into: "kv")
                if i % 3 == 2 { try tx.delete(primaryKey: [.int(Int64((i + 1) % 4))], from: "kv") }
            }
            history.append(try store.snapshot.scan("kv"))
        }
        store.close()
        return history
    }

    static func contents(_ path: String) throws -> [Row] {
        let store = try Store.open(at: path, schema: schema, options: fastOptions)
        defer { store.close() }
        return try store.snapshot.scan("kv")
    }

    /// Offsets where each record of a log or snapshot file starts.
    static func recordStarts(_ bytes: [UInt8]) throws -> [Int] {
        try RecordFraming.parse(bytes, file: "", allowTornTail: false).payloads.map { $0.lowerBound - FileFormat.Frame.headerSize }
    }

    @Test func tornFinalRecordAtEveryByteIsDiscarded() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let history = try Self.makeStore(dir.store())
                let log = try newestLog(dir.store())
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: log)))
                let lastStart = try Self.recordStarts(bytes).last!
                let copy = dir.store("copy")
                for cut in lastStart..<bytes.count {
                    try copyStore(dir.store(), to: copy)
                    try Data(bytes[..<cut]).write(to: URL(fileURLWithPath: try newestLog(copy)))
                    #expect(try Self.contents(copy) == history[history.count - 2], "cut at \(cut)")
                    // The discarded tail was cut off, so new commits follow the valid prefix.
                    let store = try Store.open(at: copy, schema: Self.schema, options: fastOptions)
                    try store.write { try $0.upsert([.int(9), .string("after")], into: "kv") }
                    store.close()
                    #expect(try Self.contents(copy) == history[history.count - 2] + [[.int(9), .string("after")]])
                }
                // Part of the last record followed by zeros where the rest never arrived (the file's size
                // was written, its data not) is a torn tail too, down to nothing but zeros.
                for arrived in lastStart..<bytes.count {
                    try copyStore(dir.store(), to: copy)
                    try Data(bytes[..<arrived] + [UInt8](repeating: 0, count: bytes.count - arrived)).write(to: URL(fileURLWithPath: try newestLog(copy)))
                    #expect(try Self.contents(copy) == history[history.count - 2], "zeros from \(arrived)")
                }
            }
        }
    }

    @Test func bitFlipsInTheLogRecoverThePrefixOrFailNamingTheOffset() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let history = try Self.makeStore(dir.store())
                let log = try newestLog(dir.store())
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: log)))
                let starts = try Self.recordStarts(bytes)
                let copy = dir.store("copy")
                for position in stride(from: 0, to: bytes.count, by: heavyTests ? 1 : 3) {
                    var damaged = bytes
                    damaged[position] ^= UInt8(1 << (position % 8))
                    try copyStore(dir.store(), to: copy)
                    try Data(damaged).write(to: URL(fileURLWithPath: try newestLog(copy)))
                    let record = starts.lastIndex { $0 <= position }!
                    do {
                        let rows = try Self.contents(copy)
                        // Only damage to the final record may be taken for a torn write.
                        #expect(record == starts.count - 1, "flip at \(position) was silently accepted")
                        #expect(rows == history[history.count - 2], "flip at \(position)")
                    } catch let StoreError.corrupted(file, offset, _) {
                        #expect(file.hasSuffix(".log"))
                        #expect(offset == starts[record], "flip at \(position)")
                    }
                }
            }
        }
    }

    @Test func damagedSnapshotFailsTheOpenAndVerify() throws {
        try StoreFormat.$pages.withValue(false) {
            let dir = TemporaryDirectory()
            _ = try Self.makeStore(dir.store())
            let snapshot = dir.store() + "/snapshot.dat"
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: snapshot)))
            let copy = dir.store("copy")
            for position in stride(from: 0, to: bytes.count, by: heavyTests ? 1 : 5) {
                var damaged = bytes
                damaged[position] ^= 0x10
                try copyStore(dir.store(), to: copy)
                try Data(damaged).write(to: URL(fileURLWithPath: copy + "/snapshot.dat"))
                let error = storeError { try Self.contents(copy) }
                guard case .corrupted(let file, _, _)? = error else {
                    Issue.record("flip at \(position) gave \(String(describing: error))")
                    continue
                }
                #expect(file.hasSuffix("snapshot.dat"))
                #expect(storeError { try Store.verify(at: copy, schema: Self.schema) } == error)
            }
            // A truncated snapshot (no end record) is damage, not a shorter store.
            try copyStore(dir.store(), to: copy)
            try Data(bytes.dropLast(30)).write(to: URL(fileURLWithPath: copy + "/snapshot.dat"))
            // The end record is 21 bytes, so the cut lands in the record before it.
            let starts = try Self.recordStarts(bytes), cutRecord = starts[starts.count - 2]
            #expect(storeError { try Self.contents(copy) }
                    == .corrupted(file: copy + "/snapshot.dat", offset: cutRecord,
                                  reason: "record of \(starts.last! - cutRecord - FileFormat.Frame.headerSize) bytes extends past the end of the file"))
            let report = try Store.verify(at: dir.store(), schema: Self.schema)
            #expect(report == VerificationReport(rowCounts: ["kv": try Self.contents(dir.store()).count], replayedTransactions: 6,
                                                 hasTornTail: false))
        }
    }

    /// The page-file twin: every byte of the page file and the meta flipped in turn; the open (or,
    /// for a node below the root, the first read meeting it) and verify fail naming the record.
    /// A flip in the padding after a record (the rest of its last page, format 5) reads nothing.
    @Test func damagedPageFileFailsTheOpenAndVerify() throws {
        try StoreFormat.$pages.withValue(true) {
            let dir = TemporaryDirectory()
            let expected = try Self.makeStore(dir.store()).last!
            let copy = dir.store("copy")
            let records = try PageFiles.recordExtents(dir.store())
            for target in [try PageFiles.pageFile(dir.store()), PageFiles.metaPath(dir.store())] {
                let bytes = try StoreFiles.bytes(target)
                let isPageFile = target != PageFiles.metaPath(dir.store())
                let starts = isPageFile ? records.map(\.offset) : try Self.recordStarts(bytes)
                let name = URL(fileURLWithPath: target).lastPathComponent
                for position in stride(from: 0, to: bytes.count, by: heavyTests ? 1 : 5) {
                    var damaged = bytes
                    damaged[position] ^= 0x10
                    try copyStore(dir.store(), to: copy)
                    try StoreFiles.write(damaged, to: copy + "/" + name)
                    if isPageFile, !records.contains(where: { $0.offset <= position && position < $0.offset + $0.length }) {
                        #expect(try Self.contents(copy) == expected, "flip at \(position) of padding")
                        continue
                    }
                    let error = storeError { try Self.contents(copy) }
                    guard case .corrupted(copy + "/" + name, let offset, _)? = error else {
                        Issue.record("flip at \(position) of \(name) gave \(String(describing: error))")
                        continue
                    }
                    #expect(offset == starts.last { $0 <= position }!, "flip at \(position) of \(name)")
                    #expect(storeError { try Store.verify(at: copy, schema: Self.schema) } == error)
                }
            }
        }
    }

    @Test func differentSchemaIsACatalogMismatch() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                _ = try Self.makeStore(dir.store(), snapshotted: 1, logged: 1)
                var changed = Self.schema
                changed.tables[0].columns.append(.init("extra", .int, nullable: true))
                #expect(storeError { _ = try Store.open(at: dir.store(), schema: changed) }
                        == .catalogMismatch("table 'kv' changed its columns"))
                changed.tables.append(TableDefinition("more", columns: [.init("id", .int)], primaryKey: ["id"]))
                #expect(storeError { _ = try Store.open(at: dir.store(), schema: changed) }
                        == .catalogMismatch("table 'more' is new; table 'kv' changed its columns"))
            }
        }
    }

    @Test func secondOpenIsRefusedInProcessAndFromAnotherProcess() throws {
        let dir = TemporaryDirectory()
        let store = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
        #expect(storeError { _ = try Store.open(at: dir.store(), schema: Self.schema) } == .alreadyOpen(path: dir.store() + "/" + FileFormat.Directory.lock))
        #expect(try CrashWorker.probe(dir.store()) == "alreadyOpen")
        store.close()
        let reopened = try Store.open(at: dir.store(), schema: Self.schema, options: fastOptions)
        reopened.close()
    }

    @Test func filesAreOwnerOnly() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                _ = try Self.makeStore(dir.store(), snapshotted: 1, logged: 1)
                func mode(_ path: String) -> mode_t {
                    var info = stat()
                    stat(path, &info)
                    return info.st_mode & 0o777
                }
                #expect(mode(dir.store()) == 0o700)
                for name in try FileManager.default.contentsOfDirectory(atPath: dir.store()) {
                    #expect(mode(dir.store() + "/" + name) == 0o600, "\(name)")
                }
            }
        }
    }

    @Test func crashBetweenLogSwitchAndSnapshotRenameReplaysBothLogs() throws {
        for pages in [false, true] {
            try StoreFormat.$pages.withValue(pages) {
                let dir = TemporaryDirectory()
                let history = try Self.makeStore(dir.store(), snapshotted: 2, logged: 3)
                // A checkpoint that switched logs and got commits into the new one, but never installed
                // its snapshot: the old snapshot must replay the old log and then the new one.
                let fs = FaultInjectingFileSystem()
                let store = try Store.open(at: dir.store(), schema: Self.schema,
                                           options: StoreFormat.options(StoreOptions(durability: .unsynced, fileSystem: fs)))
                fs.failRenames = true
                #expect(storeError { try store.checkpoint() } == .io(operation: "rename", path: dir.store() + "/" + StoreFormat.temporaryCheckpoint, errno: EIO))
                fs.failRenames = false
                try store.write { try $0.upsert([.int(7), .string("new")], into: "kv") }
                store.close()
                #expect(try StoreFiles.logs(dir.store()).count == 2)
                #expect(try Self.contents(dir.store()) == history.last! + [[.int(7), .string("new")]])
            }
        }
    }
}
