import Foundation
import SchemaGenRuntime

/// Where the store's "disk per row" goes (`--disk`): the full run's writes on the store alone
/// (bulk load, single and 8-thread commits, expire 10%, then the checkpoint and close the full
/// run measures after), printing after each step every file of the store's directory, and at
/// the end what `Store.inspect` finds: the page file's free page runs against its live pages,
/// and the logs. Same options as the full run (`--checkpoint-log-bytes`); with `--no-expire`
/// the expiry is left out, to tell its free pages from the load's. Then (unless `--store-only`)
/// the same on tuned SQLite, with its free list.
enum DiskBreakdown {
    static func run(_ w: Workload, storeOptions: StoreOptions, expire: Bool, withSQLite: Bool, scratch: String) throws {
        print("disk breakdown: rows \(w.rows) + members \(w.members), checkpoint every \(storeOptions.checkpointLogBytes) log bytes, "
              + "expire: \(expire), load average at start: \(loadAverage())")
        let directory = "\(scratch)/disk-store"
        let runner = try StoreRunner(w, directory: directory, options: storeOptions)
        let perRow = { (bytes: Int) in String(format: "%.2f", Double(bytes) / Double(w.rows + w.members)) }
        func list(_ step: String) throws {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            let total = diskBytes(directory)
            print("after \(step): \(total) bytes, \(perRow(total)) per row")
            for name in names { print("  \(name): \(diskBytes(directory + "/" + name))") }
            fflush(nil)
        }
        let load = try measure { try runner.bulkLoad() }
        try list("bulk load (\(String(format: "%.1f", load)) s)")
        var nextID = w.rows
        try runner.singleCommits(ids: nextID..<(nextID + w.singleCommits))
        nextID += w.singleCommits
        try runner.concurrentCommits(ids: nextID..<(nextID + w.concurrentCommits))
        try list("single and 8-thread commits")
        if expire {
            let n = try runner.expireOldest()
            precondition(n == w.rows / 10)
            try list("expire 10%")
        }
        try runner.store.checkpoint()
        runner.store.close()
        try list("checkpoint and close (what the full run counts)")
        let inspection = try Store.inspect(at: directory)
        let pageFile = try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("pages-") }
        let pageBytes = pageFile.map { diskBytes(directory + "/" + $0) } ?? 0
        let free = inspection.freePageBytes ?? 0
        print("page file \(pageBytes) bytes (\(perRow(pageBytes)) per row): free page runs \(free) bytes in \(inspection.freePageRuns ?? 0) runs "
              + "(\(perRow(free)) per row; "
              + "freed by the last checkpoint \(perRow(inspection.freePageBytesFreedByLastCheckpoint ?? 0)) per row), live pages \(pageBytes - free) (\(perRow(pageBytes - free)) per row)")
        for log in inspection.logs { print("log \(log.name): \(log.bytes) bytes, \(log.transactions) transactions") }
        for table in inspection.tables { print("table \(table.name): \(table.rows) rows") }
        // What compaction (`Store.compact()`, or a checkpoint once free runs exceed the live pages) leaves.
        let reopened = try Store.open(at: directory, schema: StoreRunner.schema, options: storeOptions)
        try reopened.compact()
        reopened.close()
        try list("compact()")
        try? FileManager.default.removeItem(atPath: directory)
        if withSQLite { try sqlite(w, scratch: scratch, expire: expire) }
        print("load average at end: \(loadAverage())")
    }

    /// The same writes on tuned SQLite, then its page count and free list: the pages its deletes
    /// left free, which its file keeps as the store's keeps free page runs.
    static func sqlite(_ w: Workload, scratch: String, expire: Bool) throws {
        let path = "\(scratch)/disk-sqlite.db"
        let runner = SQLiteRunner(w, path: path, configuration: .tuned(rows: w.rows))
        try runner.bulkLoad()
        var nextID = w.rows
        try runner.singleCommits(ids: nextID..<(nextID + w.singleCommits))
        nextID += w.singleCommits
        try runner.concurrentCommits(ids: nextID..<(nextID + w.concurrentCommits))
        if expire {
            let n = try runner.expireOldest()
            precondition(n == w.rows / 10)
        }
        runner.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let pageSize = runner.db.prepare("PRAGMA page_size").scalar([])
        let pages = runner.db.prepare("PRAGMA page_count").scalar([])
        let free = runner.db.prepare("PRAGMA freelist_count").scalar([])
        let bytes = diskBytes(path) + diskBytes(path + "-wal")
        let perRow = { (bytes: Int) in String(format: "%.2f", Double(bytes) / Double(w.rows + w.members)) }
        print("SQLite tuned: \(bytes) bytes (\(perRow(bytes)) per row) with its WAL; \(pages) pages of \(pageSize) bytes, "
              + "\(free) on the free list (\(perRow(free * pageSize)) per row), in use \(perRow((pages - free) * pageSize)) per row")
        runner.remove()
    }
}
