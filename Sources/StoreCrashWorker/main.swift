// A child process for the store's crash tests.
//
//   StoreCrashWorker commit <dir>   commit transactions as fast as possible until killed; after
//                                   each commit returns, print its number on stdout and flush
//   StoreCrashWorker probe <dir>    try to open the store and print "opened" or "alreadyOpen"
//   StoreCrashWorker maintain <dir> <backups> pages|snapshot
//                                   commit while checkpointing, compacting and backing up often
//                                   (see MaintenanceWorker)
//   StoreCrashWorker migrate <dir>  open a store of `CrashSchema.schema` with `CrashSchema.evolution`,
//                                   migrating it to version 2; print "converted" when every row is
//                                   converted (then the snapshot is written) and "migrated" at the end
//
// Each transaction n writes one `orders` row (id n) and two `items` rows (ids 2n, 2n+1) that
// reference it, so a half-applied transaction is visible as an order without both items.
import Foundation
import SchemaGenRuntime

/// The schema shared with the crash tests.
enum CrashSchema {
    static let schema = StoreSchema(tables: [
        TableDefinition("orders", columns: [.init("id", .int), .init("note", .string)], primaryKey: ["id"]),
        TableDefinition("items", columns: [.init("id", .int), .init("order", .int), .init("qty", .int)], primaryKey: ["id"],
                        indexes: [IndexDefinition("byOrder", on: ["order"])],
                        foreignKeys: [ForeignKeyDefinition("order", columns: ["order"], references: "orders", ["id"], onDelete: .cascade)]),
    ])

    /// Version 2 touches every row: `orders.note` renamed to `title`, a `status` enum added,
    /// `items.qty` narrowed to 32 bits (checked row by row) and indexed.
    static let evolution = StoreEvolution(versions: [
        StoreVersion(number: 1, name: "initial", schema: schema),
        StoreVersion(number: 2, name: "current", schema: StoreSchema(tables: [
            TableDefinition("orders", columns: [.init("id", .int), .init("title", .string),
                                                .init("status", .string, shape: .enumeration("Status", cases: ["open", "done"]))],
                            primaryKey: ["id"]),
            TableDefinition("items", columns: [.init("id", .int), .init("order", .int), .init("qty", .int, shape: .integer(bits: 32))],
                            primaryKey: ["id"],
                            indexes: [IndexDefinition("byOrder", on: ["order"]), IndexDefinition("byQty", on: ["qty"])],
                            foreignKeys: [ForeignKeyDefinition("order", columns: ["order"], references: "orders", ["id"], onDelete: .cascade)]),
        ])),
    ], steps: [
        StoreVersionStep(tableSources: ["orders": "orders", "items": "items"],
                         columnSources: ["orders": ["title": .column("note", whenNull: nil), "status": .fill(.string("open"))]],
                         changes: [StoreChange(code: "SG204", classes: [], table: "orders", column: "title", summary: "rename field 'orders.note' to 'title'")]),
    ])
}

/// Writes a line straight to file descriptor 1: unbuffered, so the parent sees a commit's
/// number as soon as it is acknowledged, and nothing is lost to a buffer when killed.
func report(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments
guard arguments.count == 3 || (arguments.count == 5 && arguments[1] == "maintain") else {
    FileHandle.standardError.write(Data("usage: StoreCrashWorker commit|probe|migrate <dir> | maintain <dir> <backups> pages|snapshot\n".utf8))
    exit(2)
}
let directory = arguments[2]
switch arguments[1] {
case "probe":
    do {
        let store = try Store.open(at: directory, schema: CrashSchema.schema)
        report("opened")
        store.close()
    } catch StoreError.alreadyOpen {
        report("alreadyOpen")
    } catch {
        report("error \(error)")
    }
case "migrate":
    do {
        // "converted" once the last table's rows are converted: what remains is writing them.
        let store = try Store.open(at: directory, evolution: CrashSchema.evolution, progress: { progress in
            if progress.table == "items", progress.rowsDone == progress.rowsTotal { report("converted") }
        })
        store.close()
        report("migrated")
    } catch {
        report("error \(error)")
        exit(1)
    }
case "commit":
    do {
        let store = try Store.open(at: directory, schema: CrashSchema.schema,
                                   options: StoreOptions(durability: .synchronous, checkpointLogBytes: 128 << 10))
        var next = try OrderRows.next(in: store)
        report("ready")
        while true {
            let n = next
            try store.write { tx in
                try OrderRows.insert(n, in: tx)
                // Now and then delete an old order, whose items go with it by cascade.
                if n % 7 == 0, n > 10 { try tx.delete(primaryKey: [.int(n - 10)], from: "orders") }
            }
            report(String(n))
            next += 1
        }
    } catch {
        report("error \(error)")
        exit(1)
    }
case "maintain":
    do {
        try MaintenanceWorker.run(directory: directory, backups: arguments[3], pages: arguments[4] == "pages")
    } catch {
        report("error \(error)")
        exit(1)
    }
default:
    exit(2)
}
