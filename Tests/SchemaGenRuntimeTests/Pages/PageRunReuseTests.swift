import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Page runs (format 5): the records a checkpoint stops reaching become free runs in the meta,
/// and later checkpoints write into them once no live state can reach them, so steady churn
/// keeps the file near its live size without compactions; snapshots and cursors register the
/// checkpoint they read from, so nothing under them is reused; a crash before the meta
/// switches leaves the old meta's records intact.
@Suite struct PageRunReuseTests {
    /// The rows a churned store holds, by id, and the ids in an array to pick from.
    struct Model {
        var rows: [Int: [StoreValue]]
        var ids: [Int]
        var next: Int

        init(rows count: Int) {
            rows = Dictionary(uniqueKeysWithValues: (0..<count).map { ($0, PageFileTests.row($0)) })
            ids = Array(0..<count)
            next = count
        }

        var sorted: [[StoreValue]] { rows.keys.sorted().map { rows[$0]! } }
    }

    /// One commit of churn: `changes` rows updated, a fifth as many deleted and as many inserted, at random.
    static func churn(_ store: Store, _ model: inout Model, changes: Int, round: Int, rng: inout SeededRandom) throws {
        enum Change { case update([StoreValue]), delete(Int), insert([StoreValue]) }
        var changesInOrder: [Change] = []
        for _ in 0..<changes {
            let id = model.ids[Int.random(in: 0..<model.ids.count, using: &rng)]
            let row: [StoreValue] = [.int(Int64(id)), .int(Int64(id % 97)), .string("round \(round) " + String(repeating: "y", count: (id + round) % 50))]
            model.rows[id] = row
            changesInOrder.append(.update(row))
        }
        for _ in 0..<max(1, changes / 5) {
            let at = Int.random(in: 0..<model.ids.count, using: &rng)
            let id = model.ids[at]
            model.ids.swapAt(at, model.ids.count - 1)
            model.ids.removeLast()
            model.rows[id] = nil
            changesInOrder.append(.delete(id))
            let row = PageFileTests.row(model.next)
            model.rows[model.next] = row
            model.ids.append(model.next)
            changesInOrder.append(.insert(row))
            model.next += 1
        }
        try store.write { tx in
            for change in changesInOrder {
                switch change {
                case .update(let row): try tx.update(row, in: "items")
                case .delete(let id): #expect(try tx.delete(primaryKey: .int(Int64(id)), from: "items"))
                case .insert(let row): try tx.insert(row, into: "items")
                }
            }
        }
    }

    /// Steady churn with a checkpoint after each commit: the file stays within 1.3 times its
    /// live records, with no compaction. Holding the first snapshot throughout (nothing freed
    /// may be reused under it), the same churn grows the file past that bound (or to a compaction).
    @Test(arguments: [false, true])
    func steadyChurnReusesFreedRunsSoTheFileStaysNearItsLiveSize(holdingTheFirstSnapshot: Bool) throws {
        let dir = TemporaryDirectory()
        let rows = 20_000
        try PageFileTests.makeStore(dir.store(), rows: rows)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 64))
        defer { store.close() }
        let pages = try #require(store.pages)
        #expect(pages.file.reusesPageRuns)
        let held = holdingTheFirstSnapshot ? store.snapshot : nil
        let fileNumber = pages.file.number
        var model = Model(rows: rows), rng = SeededRandom(seed: 17)
        var reused = 0, worst = 0.0
        for round in 0..<40 {
            try Self.churn(store, &model, changes: 40, round: round, rng: &rng)
            try store.checkpoint()
            reused += pages.lastCheckpointReusedPages
            let length = pages.file.validLength, live = length - pages.freeRuns.bytes
            if round >= 4 { worst = max(worst, Double(length) / Double(live)) }
            try PageFiles.expectFreeRunsUnreached(dir.store())
        }
        if let held {
            #expect(reused == 0)
            #expect(worst > 1.3 || pages.file.number != fileNumber, "worst length/live \(worst)")
            #expect(try held.scan("items") == (0..<rows).map(PageFileTests.row))
        } else {
            #expect(reused > 0)
            #expect(pages.file.number == fileNumber, "compacted")
            #expect(worst <= 1.3, "worst length/live \(worst)")
        }
        #expect(try store.snapshot.scan("items") == model.sorted)
        #expect(pages.faults.first == nil)
    }

    /// A snapshot, and a cursor whose snapshot is gone, held across checkpoints that reuse runs
    /// freed before them read exactly their rows: nothing they reach is reused. Once released,
    /// the runs they held are reused too.
    @Test func snapshotsAndCursorsHeldAcrossCheckpointsReadTheirRowsWhileOlderRunsAreReused() throws {
        let dir = TemporaryDirectory()
        let rows = 6000
        try PageFileTests.makeStore(dir.store(), rows: rows)
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        let pages = try #require(store.pages)
        var model = Model(rows: rows), rng = SeededRandom(seed: 23)
        for round in 0..<3 {
            try Self.churn(store, &model, changes: 300, round: round, rng: &rng)
            try store.checkpoint()
        }
        let old = store.snapshot, oldRows = model.sorted
        // A cursor over a snapshot that is released at once: the cursor alone holds its checkpoint.
        var cursor = try store.snapshot.cursor("items", direction: .backward)
        var fromCursor: [[StoreValue]] = []
        for _ in 0..<100 {
            let row = cursor.next()
            fromCursor.append(try #require(row))
        }
        var reusedWhileHeld = 0
        for round in 3..<10 {
            try Self.churn(store, &model, changes: 300, round: round, rng: &rng)
            try store.checkpoint()
            reusedWhileHeld += pages.lastCheckpointReusedPages
        }
        // Runs freed before the snapshot's checkpoint were reused meanwhile, under neither of them.
        #expect(reusedWhileHeld > 0)
        #expect(try old.scan("items") == oldRows)
        #expect(try old.scan("items", index: "byGroup", prefix: [.int(7)]) == oldRows.filter { $0[1] == .int(7) })
        for row in oldRows where Int(row[0].intValue!) % 13 == 0 {
            #expect(try old.get("items", primaryKey: row[0]) == row)
        }
        while let row = cursor.next() { fromCursor.append(row) }
        #expect(cursor.failure == nil)
        #expect(fromCursor == oldRows.reversed())
        #expect(pages.faults.first == nil)
        #expect(try store.snapshot.scan("items") == model.sorted)
    }

    /// The reader table: a pin lasts as long as any copy of it, and the oldest pinned checkpoint
    /// is what bounds reuse.
    @Test func theReaderTableReportsTheOldestLiveCheckpoint() {
        let readers = CheckpointReaders()
        #expect(readers.oldest == nil)
        var five: CheckpointPin? = readers.pin(5)
        var seven: CheckpointPin? = readers.pin(7)
        var tree = BTree(root: nil, count: 0, checkpointPin: five)
        #expect(readers.oldest == 5)
        five = nil
        #expect(readers.oldest == 5, "the tree still holds checkpoint 5")
        tree.checkpointPin = seven
        #expect(readers.oldest == 7)
        seven = nil
        tree = BTree()
        #expect(readers.oldest == nil)
        _ = tree
    }

    /// A crash after a checkpoint wrote records into reused runs (and fsynced them) but before
    /// its meta was written: the store reopens on the old meta, whose records are all intact,
    /// with every acknowledged commit.
    @Test(arguments: [false, true])
    func aCrashBetweenReusedPagesAndTheMetaLeavesTheOldMetaIntact(worstCase: Bool) throws {
        let disk = PowerLossFileSystem()
        var options = StoreOptions(durability: .synchronous, fileSystem: disk, checkpointLogBytes: 0)
        options.checkpointFormat = .pages
        options.pageCacheNodes = 8
        let rows = 3000
        var model = Model(rows: rows), rng = SeededRandom(seed: worstCase ? 31 : 37)
        do {
            let store = try Store.open(at: "/store", schema: PageFileTests.schema, options: options)
            defer { store.close() }
            try store.write { tx in for id in 0..<rows { try tx.insert(PageFileTests.row(id), into: "items") } }
            try store.checkpoint()
            for round in 0..<4 {
                try Self.churn(store, &model, changes: 150, round: round, rng: &rng)
                try store.checkpoint()
            }
            try Self.churn(store, &model, changes: 150, round: 4, rng: &rng)
            let meta = FileFormat.Pages.temporaryMeta
            disk.beforeAppend = { path in
                if path.hasSuffix(meta) { throw StoreError.io(operation: "power lost", path: path, errno: EIO) }
            }
            let writesBefore = disk.positionalWrites
            #expect(storeError { try store.checkpoint() } == .io(operation: "power lost", path: "/store/" + meta, errno: EIO))
            #expect(disk.positionalWrites > writesBefore, "the checkpoint reused no run")
        }
        let survivor = disk.afterPowerLoss(&rng, worstCase: worstCase)
        let report = try Store.verify(at: "/store", schema: PageFileTests.schema, fileSystem: survivor)
        #expect(report.rowCounts["items"] == model.rows.count)
        var reopened = options
        reopened.fileSystem = survivor
        let store = try Store.open(at: "/store", schema: PageFileTests.schema, options: reopened)
        defer { store.close() }
        #expect(try store.snapshot.scan("items") == model.sorted)
        // The next checkpoint writes a new file whole (where the failed one ended is unknown), readable after another reopen.
        try store.checkpoint()
        #expect(store.pages?.faults.first == nil)
    }

    /// A page file of format 4 (records appended, no free list) is read as it is, and the next
    /// checkpoint rewrites it whole in format 5, whose later checkpoints reuse runs.
    @Test func aFormat4FileIsReadThenRewrittenInFormat5() throws {
        let dir = TemporaryDirectory()
        let rows = 3000
        try PageFileTests.makeStore(dir.store(), rows: rows)
        try PageFiles.setMetaVersion(dir.store(), 4)
        #expect(try PageMeta.read(PageFiles.metaPath(dir.store()), fileSystem: POSIXFileSystem()).version == 4)
        var model = Model(rows: rows), rng = SeededRandom(seed: 41)
        do {
            let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
            defer { store.close() }
            let pages = try #require(store.pages)
            #expect(pages.file.hasKeyPrefixes && !pages.file.reusesPageRuns)
            #expect(try store.snapshot.scan("items") == model.sorted)
            let number = pages.file.number
            try Self.churn(store, &model, changes: 100, round: 0, rng: &rng)
            try store.checkpoint()
            #expect(pages.file.number == number + 1 && pages.file.reusesPageRuns)
            for round in 1..<4 {
                try Self.churn(store, &model, changes: 100, round: round, rng: &rng)
                try store.checkpoint()
            }
            #expect(pages.lastCheckpointReusedPages > 0)
        }
        let meta = try PageMeta.read(PageFiles.metaPath(dir.store()), fileSystem: POSIXFileSystem())
        #expect(meta.version == 5 && !meta.freeRuns.runs.isEmpty)
        try PageFiles.expectFreeRunsUnreached(dir.store())
        let store = try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options(cache: 8))
        defer { store.close() }
        #expect(try store.snapshot.scan("items") == model.sorted)
    }

    /// A meta listing a live record's run as free (well-formed, so the open, which reads only
    /// the roots, takes it) fails `verify`, which walks the trees and compares.
    @Test func verifyRefusesAFreeRunHoldingALiveRecord() throws {
        let dir = TemporaryDirectory()
        try PageFileTests.makeStore(dir.store(), rows: 3000)
        #expect(try Store.verify(at: dir.store(), schema: PageFileTests.schema).rowCounts["items"] == 3000)
        var meta = try PageMeta.read(PageFiles.metaPath(dir.store()), fileSystem: POSIXFileSystem())
        let leaf = try #require(PageFiles.recordExtents(dir.store()).first)
        let run = FreePageRun(offset: UInt64(leaf.offset), pages: 1, freedBy: meta.checkpoint)
        meta.freeRuns = try #require(FreePageRuns(checking: [run], below: meta.validLength))
        try meta.write(directory: dir.store(), fileSystem: POSIXFileSystem(), sync: false)
        #expect(storeError { try Store.verify(at: dir.store(), schema: PageFileTests.schema) }
                == .corrupted(file: try PageFiles.pageFile(dir.store()), offset: leaf.offset, reason: "a free page run holds a live record"))
    }

    /// A meta whose free runs overlap, or lie past the checkpointed length, is refused.
    @Test(arguments: ["overlap", "past the end", "misaligned", "freed later"])
    func aMetaWithMalformedFreeRunsIsRefused(_ damage: String) throws {
        let dir = TemporaryDirectory()
        try PageFileTests.makeStore(dir.store(), rows: 100)
        var meta = try PageMeta.read(PageFiles.metaPath(dir.store()), fileSystem: POSIXFileSystem())
        let page = UInt64(FileFormat.Pages.pageSize)
        var runs = [FreePageRun(offset: 0, pages: 1, freedBy: meta.checkpoint)]
        switch damage {
        case "overlap": runs.append(FreePageRun(offset: 0, pages: 1, freedBy: meta.checkpoint))
        case "past the end": runs = [FreePageRun(offset: meta.validLength, pages: 1, freedBy: meta.checkpoint)]
        case "misaligned": runs = [FreePageRun(offset: page / 2, pages: 1, freedBy: meta.checkpoint)]
        default: runs = [FreePageRun(offset: 0, pages: 1, freedBy: meta.checkpoint + 1)]
        }
        // Written past the checks `FreePageRuns(checking:below:)` makes, as damage would.
        meta.freeRuns = FreePageRuns()
        var payload = Array(meta.encode().dropFirst(FileFormat.Frame.headerSize))
        payload.removeLast()
        var w = ByteWriter()
        w.varint(runs.count)
        for run in runs { w.u64(run.offset); w.u32(run.pages); w.u64(run.freedBy) }
        try StoreFiles.write(RecordFraming.frame(payload + w.bytes), to: PageFiles.metaPath(dir.store()))
        let reason = damage == "freed later" ? "free run freed by a later checkpoint" : "malformed free page runs"
        #expect(storeError { try Store.open(at: dir.store(), schema: PageFileTests.schema, options: PageFileTests.options()) }
                == .corrupted(file: PageFiles.metaPath(dir.store()), offset: 0, reason: reason))
    }
}

extension PageFiles {
    /// Where each record the meta's trees reach lies (offset and record length), by offset.
    static func recordExtents(_ store: String) throws -> [(offset: Int, length: Int)] {
        let meta = try PageMeta.read(metaPath(store), fileSystem: POSIXFileSystem())
        let bytes = try StoreFiles.bytes(try pageFile(store))
        var extents: [(offset: Int, length: Int)] = []
        func visit(offset: UInt64, length: UInt32, level: UInt8) throws {
            extents.append((Int(offset), Int(length)))
            guard level > 0 else { return }
            let record = Array(bytes[Int(offset)..<Int(offset) + Int(length)])
            let payload = try RecordFraming.parse(record, file: "page", allowTornTail: false).payloads[0]
            try record.withUnsafeBytes { all in
                let view = try #require(PageNodeView(payload: UnsafeRawBufferPointer(rebasing: all[payload]), keyPrefixes: true))
                for i in 0...view.header.count {
                    let child = view.child(i)
                    try visit(offset: child.offset, length: child.length, level: level - 1)
                }
            }
        }
        for table in meta.tables {
            for tree in table.trees {
                if let root = tree.root { try visit(offset: root.offset, length: root.length, level: root.level) }
            }
        }
        return extents.sorted { $0.offset < $1.offset }
    }

    /// Checks that no page run a reached record takes overlaps another's or a free run.
    static func expectFreeRunsUnreached(_ store: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let meta = try PageMeta.read(metaPath(store), fileSystem: POSIXFileSystem())
        let used = try recordExtents(store).map { extent -> (offset: UInt64, end: UInt64) in
            let pages = UInt64(FreePageRuns.pages(forRecordOf: UInt32(extent.length)))
            return (UInt64(extent.offset), UInt64(extent.offset) + pages * UInt64(FileFormat.Pages.pageSize))
        }
        let all = (used + meta.freeRuns.runs.map { ($0.offset, $0.end) }).sorted { $0.offset < $1.offset }
        for (a, b) in zip(all, all.dropFirst()) {
            #expect(a.end <= b.offset, "page runs \(a) and \(b) overlap", sourceLocation: sourceLocation)
        }
        #expect(all.last.map { $0.end <= meta.validLength } ?? true, sourceLocation: sourceLocation)
    }
}
