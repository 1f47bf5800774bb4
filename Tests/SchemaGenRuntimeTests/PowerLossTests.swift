import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// Crash tests on ``PowerLossFileSystem``: unlike SIGKILL, which leaves the page cache to the
/// kernel, a power loss keeps only what was fsynced, so these fail if the store acknowledges a
/// commit before its fsync, renames a snapshot before syncing it, or forgets a directory fsync.
/// The rounds run on both checkpoint formats (``StoreFormat``).
@Suite struct PowerLossTests {
    static let schema = CrashWorker.schema
    static let path = "/store"

    /// Commit `n` of the crash workload: order n with items 2n and 2n+1; every seventh commit
    /// also deletes order n-10, whose items go with it by cascade.
    static func commit(_ store: Store, _ n: Int64) throws {
        try store.write { tx in
            try tx.insert([.int(n), .string("order \(n)")], into: "orders")
            try tx.insert([.int(2 * n), .int(n), .int(1)], into: "items")
            try tx.insert([.int(2 * n + 1), .int(n), .int(2)], into: "items")
            if n % 7 == 0, n > 10 { try tx.delete(primaryKey: [.int(n - 10)], from: "orders") }
        }
    }

    /// The orders present after commits 1...committed.
    static func expectedOrders(_ committed: Int64) -> [Int64] {
        committed < 1 ? [] : (1...committed).filter { !(($0 + 10) % 7 == 0 && $0 + 10 <= committed) }
    }

    /// Runs `rounds` rounds of several lives each: open the store (the power may fail during
    /// recovery too), commit until the power fails at a random operation, then check the disk
    /// that survives. Returns every problem found (empty when the store kept its promises).
    static func run(rounds: Int, seed: UInt64, sabotage: (PowerLossFileSystem) -> Void = { _ in }) -> [String] {
        var rng = SeededRandom(seed: seed)
        var problems: [String] = []
        for round in 0..<rounds {
            var disk = PowerLossFileSystem()
            var acknowledged: Int64 = 0
            for life in 0..<3 {
                let context = "seed \(seed) round \(round) life \(life)"
                disk.failsAtOperation = Int.random(in: 1...300, using: &rng)
                sabotage(disk)
                let options = StoreFormat.options(StoreOptions(durability: .synchronous, fileSystem: disk, checkpointLogBytes: 1500))
                // Errors from the lost power end a life; any other error is a problem.
                do {
                    let store = try Store.open(at: path, schema: schema, options: options)
                    defer { store.close() }
                    var n = try store.snapshot.scan("orders", direction: .backward, limit: 1).first?[0].intValue ?? 0
                    while true {
                        n += 1
                        try commit(store, n)
                        acknowledged = max(acknowledged, n)
                        if Int.random(in: 0..<20, using: &rng) == 0 { try store.checkpoint() }
                    }
                } catch let error as StoreError where isPowerLoss(error) {
                } catch {
                    problems.append("\(context): \(error)")
                }
                disk = disk.afterPowerLoss(&rng)
                problems += check(disk, acknowledged: acknowledged, context: context)
                if !problems.isEmpty { return problems }
            }
        }
        return problems
    }

    /// Whether `error` is the lost power itself, or the store refusing to go on after it.
    static func isPowerLoss(_ error: StoreError) -> Bool {
        switch error {
        case .io(operation: "power lost", _, EIO): return true
        case .unusable(let reason): return reason.contains("power lost")
        default: return false
        }
    }

    /// Opens the surviving disk and checks every acknowledged commit is there and none is half there.
    static func check(_ disk: PowerLossFileSystem, acknowledged: Int64, context: String) -> [String] {
        do {
            // A store whose creation never finished has nothing to verify; opening creates it anew.
            let created = disk.fileExists(path + "/" + FileFormat.Directory.snapshot) || disk.fileExists(path + "/" + FileFormat.Pages.meta)
            let report = created ? try Store.verify(at: path, schema: schema, fileSystem: disk) : nil
            let store = try Store.open(at: path, schema: schema, options: StoreFormat.options(StoreOptions(durability: .synchronous, fileSystem: disk)))
            if (store.pages != nil) != StoreFormat.pages { return ["\(context): the store changed its checkpoint format"] }
            defer { store.close() }
            var problems: [String] = []
            let orders = try store.snapshot.scan("orders").map { $0[0].intValue! }
            let items = try store.snapshot.scan("items")
            let committed = max(orders.max() ?? 0, acknowledged)
            if (orders.max() ?? 0) < acknowledged { problems.append("\(context): acknowledged commit \(acknowledged) lost") }
            if orders != expectedOrders(committed) { problems.append("\(context): orders \(orders) after \(committed) commits") }
            if items.count != 2 * orders.count || Set(items.map { $0[1].intValue! }) != Set(orders) {
                problems.append("\(context): half-applied transaction")
            }
            if let report, store.recoveryReport != (report.replayedTransactions, report.hasTornTail) || report.rowCounts["orders"] != orders.count {
                problems.append("\(context): recovery report \(store.recoveryReport) disagrees with verify \(report)")
            }
            if report == nil, acknowledged > 0 { problems.append("\(context): snapshot lost after \(acknowledged) commits") }
            return problems
        } catch {
            if ProcessInfo.processInfo.environment["POWER_DEBUG"] != nil {
                for name in ((try? disk.listDirectory(path)) ?? []).sorted() {
                    let b = (try? disk.readFile(path + "/" + name)) ?? []
                    print(name, b.count, b.map { String($0, radix: 16) }.joined(separator: " ").suffix(3000))
                }
            }
            return ["\(context): recovery failed: \(error)"]
        }
    }

    @Test(arguments: [false, true])
    func powerLossKeepsEveryAcknowledgedCommit(pages: Bool) {
        let seed = testSeed()
        let problems = StoreFormat.$pages.withValue(pages) { Self.run(rounds: heavyTests ? 3000 : 60, seed: seed) }
        #expect(problems == [], "replay with SCHEMAGEN_SEED=\(seed)")
    }

    /// Background durability: a commit older than the fsync interval survives the worst power
    /// loss (nothing unsynced kept); without fsyncs the same commit is gone, so the check can fail.
    @Test(arguments: [Durability.background(maxDelay: 0.05), .unsynced])
    func backgroundDurabilityKeepsCommitsOlderThanItsInterval(_ durability: Durability) throws {
        var rng = SeededRandom(seed: 1)
        let disk = PowerLossFileSystem()
        let store = try Store.open(at: Self.path, schema: Self.schema, options: StoreOptions(durability: durability, fileSystem: disk))
        try Self.commit(store, 1)
        // Polls what the worst power loss would leave (the power stays on) rather than waiting a
        // fixed time: a loaded machine may schedule the fsync thread late. An unsynced store never
        // fsyncs a commit, however long it is given, so its disk is looked at once.
        let deadline = Date().addingTimeInterval(60)
        while durability != .unsynced, Date() < deadline, try Self.orders(on: disk.durableImage()) != [1] { usleep(10_000) }
        let after = disk.afterPowerLoss(&rng, worstCase: true)
        store.close()
        #expect(try Self.orders(on: after) == (durability == .unsynced ? [] : [1]))
    }

    /// The orders of the store on `disk`.
    static func orders(on disk: PowerLossFileSystem) throws -> [Int64] {
        let store = try Store.open(at: path, schema: schema, options: StoreOptions(fileSystem: disk))
        defer { store.close() }
        return try store.snapshot.scan("orders").map { $0[0].intValue! }
    }

    // The crash test would catch a store that skips or misorders an fsync: each sabotage below
    // makes the file system drop one kind of fsync, and the same rounds must then find damage.
    // These three sabotage the snapshot file's protocol; the page file has its own two below.

    @Test func crashTestCatchesAMissingLogFsync() {
        let seed = testSeed()
        let problems = StoreFormat.$pages.withValue(false) {
            Self.run(rounds: 40, seed: seed) { disk in disk.ignoresFileSync = { $0.hasSuffix(".log") } }
        }
        // Either commits vanish, or an unsynced end record or header is missing and recovery refuses.
        #expect(problems.contains { $0.contains("acknowledged commit") || $0.contains("recovery failed") }, "seed \(seed): \(problems)")
    }

    @Test func crashTestCatchesASnapshotRenamedBeforeItsFsync() {
        let seed = testSeed()
        let problems = StoreFormat.$pages.withValue(false) {
            Self.run(rounds: 40, seed: seed) { disk in disk.ignoresFileSync = { $0.hasSuffix(".tmp") } }
        }
        #expect(problems.contains { $0.contains("snapshot.dat is damaged") }, "seed \(seed): \(problems)")
    }

    @Test func crashTestCatchesAMissingDirectoryFsync() {
        let seed = testSeed()
        let problems = StoreFormat.$pages.withValue(false) {
            Self.run(rounds: 40, seed: seed) { disk in disk.ignoresDirectorySync = true }
        }
        #expect(problems.contains { $0.contains("recovery failed") || $0.contains("lost") }, "seed \(seed): \(problems)")
    }

    @Test func crashTestCatchesAPageFileNotSyncedBeforeItsMeta() {
        let seed = testSeed()
        let problems = StoreFormat.$pages.withValue(true) {
            Self.run(rounds: 40, seed: seed) { disk in disk.ignoresFileSync = { $0.hasSuffix(FileFormat.Pages.fileSuffix) } }
        }
        #expect(problems.contains { $0.contains("recovery failed") || $0.contains("lost") }, "seed \(seed): \(problems)")
    }

    @Test func crashTestCatchesAPageMetaRenamedBeforeItsFsync() {
        let seed = testSeed()
        let problems = StoreFormat.$pages.withValue(true) {
            Self.run(rounds: 40, seed: seed) { disk in disk.ignoresFileSync = { $0.hasSuffix(".tmp") } }
        }
        #expect(problems.contains { $0.contains("recovery failed") || $0.contains("lost") }, "seed \(seed): \(problems)")
    }
}
