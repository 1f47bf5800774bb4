import Foundation
import SchemaGenRuntime
import Testing

/// `schemagen store inspect|verify|backup|restore|dump|load`, run as a user would.
@Suite struct StoreCommandTests {
    static let schema = StoreSchema(tables: [
        TableDefinition("notes", columns: [.init("id", .int), .init("text", .string), .init("at", .timestamp)],
                        primaryKey: ["id"], autoIncrement: true, indexes: [IndexDefinition("byText", on: ["text"], unique: true)]),
    ])

    /// A workspace with a store `store` holding `count` notes, written at 1 s intervals from
    /// 2023-11-14T22:13:20Z; with `archive`, a backup `base` taken first and a log archive `archive`.
    static func workspace(notes count: Int, archive: Bool = false) throws -> URL {
        let directory = try CLIRunner.workspace([:])
        let clock = NoteClock()
        var options = StoreOptions(durability: .unsynced, clock: { clock.tick() })
        if archive { options.logArchiveDirectory = directory.appendingPathComponent("archive").path }
        let store = try Store.open(at: directory.appendingPathComponent("store").path, schema: schema, options: options)
        defer { store.close() }
        if archive { try store.backup(to: directory.appendingPathComponent("base").path) }
        for n in 0..<count {
            try store.write { tx in _ = try tx.insert([.null, .string("note \(n) ✓ \"quoted\""), .timestamp(tx.startTime)], into: "notes") }
            if archive && n == count / 2 { try store.checkpoint() }
        }
        return directory
    }

    @Test func inspectAndVerify() throws {
        let directory = try Self.workspace(notes: 3)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inspect = try CLIRunner.run(["store", "inspect", "store"], in: directory)
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("  notes: 3 rows; columns id int, text string, at timestamp; primary key (id); indexes byText\n"))
        #expect(inspect.stdout.contains("  wal-0000000000000001.log: "))
        // A page file written whole when the store was made: nothing free yet.
        #expect(inspect.stdout.contains("\n    free page runs: 0 bytes in 0 runs, 0 of them freed by the last checkpoint\n"))
        #expect(inspect.stdout.contains("3 transactions from sequence 1\nnext sequence 4\n"))
        let verify = try CLIRunner.run(["store", "verify", "store"], in: directory)
        #expect(verify.status == 0)
        #expect(verify.stdout == "ok: store: 3 rows in 1 tables, 3 logged transactions\n")

        // Damage: exit 1 and the file and offset named.
        let log = directory.appendingPathComponent("store/wal-0000000000000001.log")
        var bytes = try Data(contentsOf: log)
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: log)
        let damaged = try CLIRunner.run(["store", "verify", "store"], in: directory)
        #expect(damaged.status == 1)
        #expect(damaged.stderr.hasPrefix("error: store/wal-0000000000000001.log is damaged at byte offset "))
    }

    @Test func backupRestoreAndPointInTime() throws {
        let directory = try Self.workspace(notes: 10, archive: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A backup of the closed store (the workspace took one before any note, `base`).
        let backup = try CLIRunner.run(["store", "backup", "store", "backup"], in: directory)
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout == "backed up 10 rows of store to backup (next sequence 11)\n")
        #expect(try CLIRunner.run(["store", "backup", "store", "backup"], in: directory).status == 1)

        let restore = try CLIRunner.run(["store", "restore", "backup", "copy"], in: directory)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(try CLIRunner.run(["store", "dump", "copy", "notes"], in: directory).stdout
                == CLIRunner.run(["store", "dump", "store", "notes"], in: directory).stdout)
        let refused = try CLIRunner.run(["store", "restore", "backup", "copy"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: copy already holds files, and replacing it was not asked for\n")
        #expect(try CLIRunner.run(["store", "restore", "backup", "copy", "--replace"], in: directory).status == 0)

        // Point in time: the backup taken before any note, plus the archive and the store's own log.
        // Taking `base` read the clock once, so note n was written at 1700000001 + n seconds:
        // up to 1700000004.5 keeps notes 0...3.
        let pitr = try CLIRunner.run(["store", "restore", "base", "pitr", "--logs", "archive:store", "--until", "2023-11-14T22:13:24.500Z"],
                                     in: directory)
        #expect(pitr.status == 0, "\(pitr.stderr)")
        #expect(pitr.stdout == "restored base to pitr with 4 archived commits (last commit at 2023-11-14T22:13:24.000Z)\n")
        let dumped = try CLIRunner.run(["store", "dump", "pitr", "notes"], in: directory).stdout
        #expect(dumped.split(separator: "\n").count == 4 && dumped.contains("\"note 3 ✓ \\\"quoted\\\"\""))
        // The archive and the store's log hold every commit since `base`: an increment, restored with it.
        let increment = try CLIRunner.run(["store", "backup", "store", "inc", "--after", "base", "--archive", "archive"], in: directory)
        #expect(increment.stdout == "wrote the commits of store from sequence 1 to 10 to inc\n", "\(increment.stderr)")
        #expect(try CLIRunner.run(["store", "restore", "base", "whole", "--logs", "inc"], in: directory).status == 0)
        #expect(try CLIRunner.run(["store", "dump", "whole", "notes"], in: directory).stdout
                == CLIRunner.run(["store", "dump", "store", "notes"], in: directory).stdout)
        let micros = try CLIRunner.run(["store", "restore", "base", "pitr2", "--logs", "archive:store", "--until", "1700000002000000"],
                                       in: directory)
        #expect(micros.stdout == "restored base to pitr2 with 2 archived commits (last commit at 2023-11-14T22:13:22.000Z)\n")
    }

    @Test func dumpAndLoad() throws {
        let directory = try Self.workspace(notes: 4)
        defer { try? FileManager.default.removeItem(at: directory) }
        let dump = try CLIRunner.run(["store", "dump", "store", "notes", "--out", "notes.jsonl"], in: directory)
        #expect(dump.status == 0 && dump.stderr == "wrote 4 rows to notes.jsonl\n")
        let text = try String(contentsOf: directory.appendingPathComponent("notes.jsonl"), encoding: .utf8)
        #expect(text.hasPrefix("{\"id\":1,\"text\":\"note 0 ✓ \\\"quoted\\\"\",\"at\":1700000000000000}\n"))

        let other = try Store.open(at: directory.appendingPathComponent("other").path, schema: Self.schema,
                                   options: StoreOptions(durability: .unsynced))
        other.close()
        let load = try CLIRunner.run(["store", "load", "other", "notes", "notes.jsonl"], in: directory)
        #expect(load.status == 0 && load.stdout == "loaded 4 rows into notes\n", "\(load.stderr)")
        #expect(try CLIRunner.run(["store", "dump", "other", "notes"], in: directory).stdout == text)
        // Loading again: every id is taken, so line 1 fails and nothing is loaded.
        let again = try CLIRunner.run(["store", "load", "other", "notes", "notes.jsonl"], in: directory)
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("error: line 1: table 'notes' already has a row with primary key"))
        #expect(try CLIRunner.run(["store", "inspect", "other"], in: directory).stdout.contains("notes: 4 rows"))
    }

    @Test func usageErrorsExitTwo() throws {
        let directory = try CLIRunner.workspace([:])
        defer { try? FileManager.default.removeItem(at: directory) }
        let help = try CLIRunner.run(["store", "--help"], in: directory)
        #expect(help.status == 0 && help.stdout.contains("schemagen store restore <backup> <store>"))
        #expect(try CLIRunner.run(["--help"], in: directory).stdout.contains("  store       "))
        for arguments in [["store"], ["store", "explode", "x"], ["store", "inspect"], ["store", "dump", "a"],
                          ["store", "restore", "a", "b", "--until", "now"], ["store", "inspect", "a", "--bogus"]] {
            let result = try CLIRunner.run(arguments, in: directory)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("see schemagen store --help"), "\(arguments)")
        }
        let missing = try CLIRunner.run(["store", "verify", "nowhere"], in: directory)
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: nowhere is damaged at byte offset 0: no checkpoint: neither pages.meta nor snapshot.dat exists\n")
    }
}

/// A clock that moves one second per reading, from 1700000000 (2023-11-14T22:13:20Z).
final class NoteClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds = 1_700_000_000.0
    func tick() -> Date {
        lock.withLock {
            defer { seconds += 1 }
            return Date(timeIntervalSince1970: seconds)
        }
    }
}
