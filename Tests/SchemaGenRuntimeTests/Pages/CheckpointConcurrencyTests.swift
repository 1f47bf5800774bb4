import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Writers during a page checkpoint (`docs/storage.md`, "Writing"): the checkpoint writes the
/// state taken at its start without the writer lock, so commits go on meanwhile; it then swaps
/// its records in for the nodes writers did not copy, and the log it names holds every commit
/// made during it. The checkpoint is held at its first page append by a ``CheckpointGate``.
@Suite struct CheckpointConcurrencyTests {
    static let schema = PowerLossTests.schema
    static let path = PowerLossTests.path

    static func options(_ disk: PowerLossFileSystem) -> StoreOptions {
        var options = StoreOptions(durability: .synchronous, fileSystem: disk, checkpointLogBytes: 0)
        options.usesPageFile = true
        return options
    }

    /// Nodes of `state` held in memory (not yet in a page file).
    static func residentNodes(_ state: StoreState) -> Int {
        func count(_ node: BTreeNode) -> Int {
            guard node.page == nil, !node.isStub else { return 0 }
            return 1 + (node.isLeaf ? 0 : node.children.reduce(0) { $0 + count($1) })
        }
        return state.tables.reduce(0) { total, table in
            ([table.primary] + table.indexes).reduce(total) { $0 + ($1.root.map(count) ?? 0) }
        }
    }

    /// Runs `body` (commits) on a thread of its own while a checkpoint is held in `gate`, and
    /// returns its outcome; nil, with an issue recorded, if it did not finish within 30 s (it
    /// waits for the checkpoint: the store held its writers). Releases the gate either way.
    static func whileHeld<T: Sendable>(_ gate: CheckpointGate, _ body: @escaping @Sendable () throws -> T) -> Result<T, Error>? {
        defer { gate.release() }
        let run = BackgroundRun(body)
        guard let outcome = run.wait(seconds: 30) else {
            Issue.record("commits waited for the checkpoint's page write")
            gate.release()
            _ = run.wait()
            return nil
        }
        return outcome
    }

    /// Nodes of `state` (in memory, or the first on disk on each path) that name a page file other than number `current`.
    static func referencesToOtherFiles(_ state: StoreState, current: UInt64) -> Int {
        func count(_ node: BTreeNode) -> Int {
            if let page = node.page { return page.file.number == current ? 0 : 1 }
            return node.isLeaf ? 0 : node.children.reduce(0) { $0 + count($1) }
        }
        return state.tables.reduce(0) { total, table in
            ([table.primary] + table.indexes).reduce(total) { $0 + ($1.root.map(count) ?? 0) }
        }
    }

    static func newestOrder(_ store: Store) throws -> Int64? {
        try store.snapshot.scan("orders", direction: .backward, limit: 1).first?[0].intValue
    }

    @Test func commitsProceedWhileACheckpointWritesItsPages() throws {
        let disk = PowerLossFileSystem()
        let store = try Store.open(at: Self.path, schema: Self.schema, options: Self.options(disk))
        for n in Int64(1)...300 { try PowerLossTests.commit(store, n) }
        let residentBefore = Self.residentNodes(store.snapshot.state)

        let gate = CheckpointGate(on: disk)
        let checkpoint = BackgroundRun { try store.checkpoint() }
        guard gate.waitUntilReached() else {
            gate.release()
            Issue.record("the checkpoint never appended to its page file: \(String(describing: checkpoint.wait()))")
            return
        }
        // Acknowledged and visible to readers while the checkpoint is still held.
        let newest = try #require(Self.whileHeld(gate) { () throws -> Int64? in
            for n in Int64(301)...320 { try PowerLossTests.commit(store, n) }
            return try Self.newestOrder(store)
        }).get()
        #expect(newest == 320)
        try #require(checkpoint.wait()).get()

        // Every node the checkpoint wrote and no writer copied is now read by page: what stays in
        // memory is what the 21 commits since the checkpoint's state copied (their paths).
        try PowerLossTests.commit(store, 321)
        let residentAfter = Self.residentNodes(store.snapshot.state)
        #expect(residentBefore > 40)
        #expect(residentAfter <= 15, "resident nodes \(residentBefore) before the checkpoint, \(residentAfter) after")
        // Those stay for the next checkpoint, which writes exactly them.
        try store.checkpoint()
        #expect(store.pages?.lastCheckpointNodes == residentAfter)
        #expect(Self.residentNodes(store.snapshot.state) == 0)
        for n in Int64(322)...325 { try PowerLossTests.commit(store, n) }
        store.close()

        let logs = try disk.listDirectory(Self.path).filter { FileFormat.Directory.generation(ofLogName: $0) != nil }
        #expect(logs.count == 1, "older logs are retired: \(logs.sorted())")
        let report = try Store.verify(at: Self.path, schema: Self.schema, fileSystem: disk)
        let reopened = try Store.open(at: Self.path, schema: Self.schema, options: Self.options(disk))
        defer { reopened.close() }
        #expect(reopened.recoveryReport.replayedTransactions == 4)
        #expect(report.rowCounts["orders"] == PowerLossTests.expectedOrders(325).count)
        #expect(try reopened.snapshot.scan("orders").map { $0[0].intValue! } == PowerLossTests.expectedOrders(325))
    }

    /// The meta of a checkpoint names the log begun at its start, so a reopen right after it
    /// replays exactly the commits made while it wrote.
    @Test func theCheckpointsLogHoldsTheCommitsMadeDuringIt() throws {
        let disk = PowerLossFileSystem()
        let store = try Store.open(at: Self.path, schema: Self.schema, options: Self.options(disk))
        for n in Int64(1)...100 { try PowerLossTests.commit(store, n) }
        let gate = CheckpointGate(on: disk)
        let checkpoint = BackgroundRun { try store.checkpoint() }
        #expect(gate.waitUntilReached())
        try #require(Self.whileHeld(gate) { for n in Int64(101)...117 { try PowerLossTests.commit(store, n) } }).get()
        try #require(checkpoint.wait()).get()
        store.close()
        let reopened = try Store.open(at: Self.path, schema: Self.schema, options: Self.options(disk))
        defer { reopened.close() }
        #expect(reopened.recoveryReport.replayedTransactions == 17)
        #expect(try reopened.snapshot.scan("orders").map { $0[0].intValue! } == PowerLossTests.expectedOrders(117))
        let items = try reopened.snapshot.scan("items", index: "byOrder", prefix: [.int(117)])
        #expect(items.map { $0[0].intValue! } == [234, 235])
    }

    /// A compaction (every live node written into a new page file) with commits made meanwhile:
    /// the nodes writers did not copy are swapped for records of the new file, and the store
    /// reopens from it with every commit.
    @Test func commitsProceedWhileACompactionWritesANewFile() throws {
        let disk = PowerLossFileSystem()
        let store = try Store.open(at: Self.path, schema: Self.schema, options: Self.options(disk))
        for n in Int64(1)...300 { try PowerLossTests.commit(store, n) }
        try store.checkpoint()
        let gate = CheckpointGate(on: disk)
        let compaction = BackgroundRun { try store.compact() }
        #expect(gate.waitUntilReached())
        try #require(Self.whileHeld(gate) { for n in Int64(301)...320 { try PowerLossTests.commit(store, n) } }).get()
        try #require(compaction.wait()).get()
        try PowerLossTests.commit(store, 321)
        let resident = Self.residentNodes(store.snapshot.state)
        #expect(resident <= 15, "resident nodes after the compaction: \(resident)")
        // Nothing the writers kept names the removed file (only their copies' unwritten paths are in memory).
        #expect(Self.referencesToOtherFiles(store.snapshot.state, current: 2) == 0)
        let files = try disk.listDirectory(Self.path).filter { FileFormat.Pages.number(ofFileName: $0) != nil }
        #expect(files == [FileFormat.Pages.fileName(2)])
        store.close()
        let reopened = try Store.open(at: Self.path, schema: Self.schema, options: Self.options(disk))
        defer { reopened.close() }
        #expect(reopened.recoveryReport.replayedTransactions == 21)
        #expect(try reopened.snapshot.scan("orders").map { $0[0].intValue! } == PowerLossTests.expectedOrders(321))
    }

    /// Four threads committing with automatic checkpoints every 2 KiB of log (so checkpoints
    /// and swaps interleave with commits on every thread), and a reader checking each snapshot's
    /// structure: every commit is kept, by the running store and after a reopen.
    @Test func concurrentCommitsWithAutomaticCheckpointsKeepEveryCommit() throws {
        let directory = TemporaryDirectory()
        var options = StoreOptions(durability: .unsynced, checkpointLogBytes: 2048)
        options.usesPageFile = true
        let store = try Store.open(at: directory.store(), schema: Self.schema, options: options)
        let threads = 4, perThread: Int64 = 150
        let writers = (0..<threads).map { thread in
            BackgroundRun {
                for i in Int64(0)..<perThread {
                    let n = Int64(thread) * 1_000 + i + 1
                    try store.write { tx in
                        try tx.insert([.int(n), .string("order \(n)")], into: "orders")
                        try tx.insert([.int(2 * n), .int(n), .int(1)], into: "items")
                        if i % 5 == 4 { try tx.delete(primaryKey: [.int(n - 2)], from: "orders") }
                    }
                }
            }
        }
        let reader = BackgroundRun { () throws -> Int in
            var checked = 0
            while checked < 50 {
                try store.snapshot.checkInvariants()
                checked += 1
            }
            return checked
        }
        for writer in writers { try #require(writer.wait()).get() }
        #expect(try #require(reader.wait()).get() == 50)
        // Each thread's order i + 2 deleted order i, for i % 5 == 2.
        var expected: [Int64] = []
        for thread in 0..<threads {
            for i in Int64(0)..<perThread where !(i % 5 == 2 && i + 2 < perThread) { expected.append(Int64(thread) * 1_000 + i + 1) }
        }
        #expect(try store.snapshot.scan("orders").map { $0[0].intValue! } == expected)
        try store.snapshot.checkInvariants()
        store.close()
        let generations = try FileManager.default.contentsOfDirectory(atPath: directory.store()).compactMap(FileFormat.Directory.generation(ofLogName:))
        #expect(generations.count == 1 && generations[0] >= 4, "the commits ran across several checkpoints: \(generations)")
        _ = try Store.verify(at: directory.store(), schema: Self.schema)
        let reopened = try Store.open(at: directory.store(), schema: Self.schema, options: options)
        defer { reopened.close() }
        #expect(try reopened.snapshot.scan("orders").map { $0[0].intValue! } == expected)
        // A deleted order's item goes with it (cascade).
        #expect(try reopened.snapshot.count("items") == expected.count)
    }

    /// A page write that fails (full disk) after commits went on during it: the store stays
    /// usable, the next checkpoint writes a new file whole, and nothing acknowledged is lost.
    @Test func aFailedPageWriteKeepsTheCommitsMadeDuringIt() throws {
        let disk = PowerLossFileSystem()
        let store = try Store.open(at: Self.path, schema: Self.schema, options: Self.options(disk))
        for n in Int64(1)...100 { try PowerLossTests.commit(store, n) }
        let gate = CheckpointGate(on: disk, failing: true)
        let checkpoint = BackgroundRun { try store.checkpoint() }
        #expect(gate.waitUntilReached())
        try #require(Self.whileHeld(gate) { for n in Int64(101)...110 { try PowerLossTests.commit(store, n) } }).get()
        #expect(throws: StoreError.io(operation: "write", path: Self.path + "/" + FileFormat.Pages.fileName(1), errno: ENOSPC)) {
            try #require(checkpoint.wait()).get()
        }
        for n in Int64(111)...115 { try PowerLossTests.commit(store, n) }
        #expect(try Self.newestOrder(store) == 115)
        try store.checkpoint()
        #expect(store.pages?.lastCheckpointNodes == -1, "the next checkpoint writes a new file whole")
        store.close()
        let reopened = try Store.open(at: Self.path, schema: Self.schema, options: Self.options(disk))
        defer { reopened.close() }
        #expect(reopened.recoveryReport.replayedTransactions == 0)
        #expect(try reopened.snapshot.scan("orders").map { $0[0].intValue! } == PowerLossTests.expectedOrders(115))
    }

    /// The power fails at every operation from the first commit made during the checkpoint on:
    /// during those commits, the page append and fsync, the meta's write, fsync and rename, the
    /// directory fsync, the swap, the retiring of the old log, and the commits after. Each disk
    /// that can survive (the worst case and random ones) recovers every acknowledged commit and
    /// no half transaction.
    @Test func powerLossAtEveryStepOfACheckpointWithWritersKeepsAcknowledgedCommits() {
        var problems: [String] = []
        for step in 1...70 {
            var rng = SeededRandom(seed: UInt64(step))
            let disk = PowerLossFileSystem()
            var acknowledged: Int64 = 0
            let context = "power lost at operation \(step) after the checkpoint was held"
            do {
                let store = try Store.open(at: Self.path, schema: Self.schema, options: Self.options(disk))
                defer { store.close() }
                for n in Int64(1)...40 {
                    try PowerLossTests.commit(store, n)
                    acknowledged = n
                }
                let gate = CheckpointGate(on: disk)
                let checkpoint = BackgroundRun { try store.checkpoint() }
                guard gate.waitUntilReached() else {
                    gate.release()
                    problems.append("\(context): the checkpoint never appended to its page file")
                    continue
                }
                disk.failsAtOperation = disk.operationCount + step
                // The last commit acknowledged while the checkpoint was held.
                let during = Self.whileHeld(gate) { () throws -> Int64 in
                    var last: Int64 = 40
                    do {
                        for n in Int64(41)...60 {
                            try PowerLossTests.commit(store, n)
                            last = n
                        }
                    } catch let error as StoreError where PowerLossTests.isPowerLoss(error) {}
                    return last
                }
                guard let during else { break }
                acknowledged = try during.get()
                var n = acknowledged
                switch checkpoint.wait() {
                case .success?: break
                case .failure(let error as StoreError)? where PowerLossTests.isPowerLoss(error): break
                case let outcome: problems.append("\(context): checkpoint ended with \(String(describing: outcome))")
                }
                while true {
                    n += 1
                    try PowerLossTests.commit(store, n)
                    acknowledged = n
                }
            } catch let error as StoreError where PowerLossTests.isPowerLoss(error) {
            } catch {
                problems.append("\(context): \(error)")
            }
            for variant in 0..<3 {
                problems += PowerLossTests.check(disk.afterPowerLoss(&rng, worstCase: variant == 0), acknowledged: acknowledged,
                                                 context: "\(context), disk \(variant)")
            }
        }
        let problemCount = problems.count
        #expect(problemCount == 0, "\(problems.prefix(3))")
    }
}
