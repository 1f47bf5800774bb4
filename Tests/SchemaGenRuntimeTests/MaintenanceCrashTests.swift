import Foundation
import Testing
@testable import SchemaGenRuntime
import SeededRandomness

/// SIGKILLs `StoreCrashWorker maintain` (commits while checkpointing, compacting and backing up
/// often, see Sources/StoreCrashWorker/MaintenanceWorker.swift) on both checkpoint formats, most
/// rounds right after it announced a checkpoint, a compaction or a backup.
///
/// After every kill: the store opens; every acknowledged commit is present and the rows are
/// exactly those of a gap-free prefix of commits (nothing unacknowledged is half applied or
/// misread); `verify` passes and agrees with the open; every backup directory is either
/// complete (restores, and holds exactly the commits before its sequence number, at least
/// those acknowledged before it began) or refused by restore as incomplete. A backup the
/// worker reported finished must be complete.
///
/// CI: 30 rounds per format. `SCHEMAGEN_HEAVY=1 swift test -c release --filter MaintenanceCrashTests`
/// runs 1,000 per format and requires kills inside each kind of maintenance; `SCHEMAGEN_CRASH_WORKER`
/// points the rounds at another build of the worker (a release one, see CrashWorker.executable).
@Suite struct MaintenanceCrashTests {
    /// The orders present after commits 1...n (MaintenanceWorker's deletion rule: commit n
    /// deletes order n - 20 unless it is a multiple of 64).
    static func expectedOrders(after n: Int64) -> [Int64] {
        n < 1 ? [] : (1...n).filter { m in m + 20 > n || m % 64 == 0 }
    }

    /// What the parent learnt from one round's output.
    struct RoundOutput {
        var acknowledged: Int64 = 0
        var errors: [String] = []
        /// Per backup directory: the commit acknowledged before it began, and whether it ended.
        var backups: [String: (acknowledgedBefore: Int64, ended: Bool)] = [:]
        /// The maintenance begun and not ended when the output stopped.
        var open: Set<String> = []

        init(_ lines: [String], acknowledgedBefore previous: Int64) {
            acknowledged = previous
            for line in lines {
                if let n = Int64(line) {
                    acknowledged = max(acknowledged, n)
                } else if line.hasPrefix("error") {
                    errors.append(line)
                } else if line.hasPrefix("begin backup ") {
                    backups[String(line.dropFirst("begin backup ".count))] = (acknowledged, false)
                    open.insert("backup")
                } else if line.hasPrefix("end backup ") {
                    backups[String(line.dropFirst("end backup ".count))]?.ended = true
                    open.remove("backup")
                } else if line.hasPrefix("begin ") {
                    open.insert(String(line.dropFirst("begin ".count)))
                } else if line.hasPrefix("end ") {
                    open.remove(String(line.dropFirst("end ".count)))
                }
            }
        }
    }

    @Test(arguments: [false, true])
    func killedDuringCheckpointCompactionAndBackup(pages: Bool) throws {
        let seed = testSeed()
        var rng = SeededRandom(seed: seed)
        let dir = TemporaryDirectory()
        let backups = dir.path + "/backups"
        let format = pages ? "pages" : "snapshot"
        var acknowledged: Int64 = 0
        var killedInside: [String: Int] = [:]
        var backupsChecked = 0
        let rounds = heavyTests ? 1000 : 30
        let targets = ["commit", "checkpoint", "compact", "backup"]
        for round in 0..<rounds {
            let context = "seed \(seed) \(format) round \(round)"
            let (child, output) = try CrashWorker.start("maintain", dir.store(), backups, format)
            let deadline = Date().addingTimeInterval(20)
            while !output.lines().contains("ready"), !output.isEnded, Date() < deadline { usleep(1000) }
            let target = targets[round % targets.count]
            if target == "commit" {
                usleep(UInt32.random(in: 5_000...120_000, using: &rng))
            } else {
                // Kill at a random moment shortly after the maintenance began (some rounds
                // after it ended: the commits right after a checkpoint matter too).
                while !output.lines().contains(where: { $0.hasPrefix("begin \(target)") }), !output.isEnded, Date() < deadline {
                    usleep(200)
                }
                usleep(UInt32.random(in: 0...(target == "backup" ? 30_000 : 4_000), using: &rng))
            }
            child.kill()
            child.wait()
            while !output.isEnded { usleep(1000) }
            let parsed = RoundOutput(output.lines(), acknowledgedBefore: acknowledged)
            #expect(parsed.errors.isEmpty, "\(context): \(parsed.errors)")
            #expect(output.lines().contains("ready"), "\(context): the worker did not start")
            acknowledged = parsed.acknowledged
            for kind in parsed.open { killedInside[kind, default: 0] += 1 }

            let found = try Store.verify(at: dir.store(), schema: CrashWorker.schema)
            let store = try Store.open(at: dir.store(), schema: CrashWorker.schema, options: pagesOptions(pages))
            #expect(store.recoveryReport == (found.replayedTransactions, found.hasTornTail), "\(context)")
            #expect((store.pages != nil) == pages, "\(context): the store changed format")
            let committed = try checkPrefix(store.snapshot, atLeast: acknowledged, context)
            #expect(found.rowCounts == ["orders": Self.expectedOrders(after: committed).count,
                                        "items": 2 * Self.expectedOrders(after: committed).count], "\(context)")
            try store.snapshot.checkInvariants()
            store.close()
            backupsChecked += try checkBackups(parsed.backups, in: backups, upTo: committed, scratch: dir.path + "/restored", context)
        }
        #expect(acknowledged > 0)
        #expect(backupsChecked > 0, "seed \(seed) \(format): no backup was checked")
        print("MaintenanceCrashTests \(format): \(rounds) rounds, \(acknowledged) commits, kills inside maintenance: \(killedInside.sorted { $0.key < $1.key })")
        if heavyTests {
            for kind in ["checkpoint", "compact", "backup"] {
                #expect(killedInside[kind, default: 0] >= 10, "seed \(seed) \(format): only \(killedInside[kind, default: 0]) kills inside a \(kind)")
            }
        }
    }

    private func pagesOptions(_ pages: Bool) -> StoreOptions {
        StoreFormat.$pages.withValue(pages) { StoreFormat.options(StoreOptions(durability: .synchronous, checkpointLogBytes: 0)) }
    }

    /// Checks that `snapshot` holds exactly the rows of commits 1...k for some k ≥ `acknowledged`,
    /// with both items of every order; returns k.
    @discardableResult
    private func checkPrefix(_ snapshot: Snapshot, atLeast acknowledged: Int64, _ context: String) throws -> Int64 {
        let orders = try snapshot.scan("orders").map { $0[0].intValue! }
        let items = try snapshot.scan("items")
        let committed = orders.max() ?? 0
        #expect(committed >= acknowledged, "\(context): acknowledged commit \(acknowledged) lost (newest \(committed))")
        #expect(orders == Self.expectedOrders(after: committed), "\(context): rows of no prefix of commits")
        let orderSet = Set(orders)
        #expect(items.count == 2 * orders.count && items.allSatisfy { orderSet.contains($0[1].intValue!) },
                "\(context): half-applied transaction")
        return committed
    }

    /// Every backup directory restores to a prefix of the store's commits, or is refused as
    /// incomplete when its writing was killed; then it is removed. Every backup the worker
    /// reported finished must be there. Returns how many backups were checked.
    private func checkBackups(_ reported: [String: (acknowledgedBefore: Int64, ended: Bool)], in backups: String,
                              upTo committed: Int64, scratch: String, _ context: String) throws -> Int {
        // The worker creates the directory before it reports ready.
        let names = try FileManager.default.contentsOfDirectory(atPath: backups)
        for (path, info) in reported where info.ended {
            #expect(names.contains { backups + "/" + $0 == path }, "\(context): finished backup \(path) is missing")
        }
        for name in names {
            let path = backups + "/" + name
            let info = reported[path]
            try? FileManager.default.removeItem(atPath: scratch)
            do {
                try Store.restore(backup: path, to: scratch)
                let manifest = try BackupManifest.read(at: path)
                let restored = try Store.open(at: scratch, schema: CrashWorker.schema, options: fastOptions)
                let k = try checkPrefix(restored.snapshot, atLeast: info?.acknowledgedBefore ?? 0, "\(context) backup \(name)")
                #expect(UInt64(k) + 1 == manifest.nextSequence, "\(context) backup \(name): \(k) commits, next sequence \(manifest.nextSequence)")
                #expect(k <= committed, "\(context) backup \(name) holds commit \(k), the store only \(committed)")
                restored.close()
            } catch StoreOperationError.incompleteBackup(let incomplete) {
                #expect(incomplete == path, "\(context)")
                #expect(info?.ended != true, "\(context): backup \(name) reported finished but is incomplete")
            }
            try FileManager.default.removeItem(atPath: path)
        }
        try? FileManager.default.removeItem(atPath: scratch)
        return names.count
    }
}
