import Foundation
import SchemaGenRuntime

/// `StoreCrashWorker maintain <dir> <backups> pages|snapshot`: commits as fast as it can while
/// checkpointing, compacting and backing up often, so that kills land inside each of them.
///
/// Commit n writes order n and items 2n, 2n+1 (as `commit` does) and, from n = 21 on, deletes
/// order n - 20 unless that is a multiple of ``keptEvery``: the store grows slowly, so a
/// thousand rounds keep backups and checkpoints small. After commit n returns it prints `n`.
/// Every ``checkpointEvery`` commits the main thread checkpoints, every ``compactEvery``
/// commits it compacts; a second thread backs up into a new directory under `<backups>` every
/// few milliseconds while the commits go on. Each of these prints `begin <what>` before and
/// `end <what>` after (a backup names its directory), so the parent knows where it killed.
enum MaintenanceWorker {
    static let deleteDistance: Int64 = 20
    static let keptEvery: Int64 = 64
    static let checkpointEvery: Int64 = 25
    static let compactEvery: Int64 = 90

    static func run(directory: String, backups: String, pages: Bool) throws -> Never {
        var options = StoreOptions(durability: .synchronous, checkpointLogBytes: 48 << 10)
        options.usesPageFile = pages
        let store = try Store.open(at: directory, schema: CrashSchema.schema, options: options)
        var next = try OrderRows.next(in: store)
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        report("ready")
        let process = ProcessInfo.processInfo.processIdentifier
        Thread.detachNewThread {
            var number = 0
            while true {
                usleep(15_000)
                number += 1
                let target = backups + "/backup-\(process)-\(number)"
                report("begin backup \(target)")
                do {
                    try store.backup(to: target)
                } catch {
                    report("error backup \(error)")
                    exit(1)
                }
                report("end backup \(target)")
            }
        }
        while true {
            let n = next
            try store.write { tx in
                try OrderRows.insert(n, in: tx)
                let old = n - deleteDistance
                if old >= 1, old % keptEvery != 0 { try tx.delete(primaryKey: [.int(old)], from: "orders") }
            }
            report(String(n))
            if n % checkpointEvery == 0 {
                report("begin checkpoint")
                try store.checkpoint()
                report("end checkpoint")
            }
            if n % compactEvery == 0 {
                report("begin compact")
                try store.compact()
                report("end compact")
            }
            next += 1
        }
    }
}
