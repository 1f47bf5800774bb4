import Foundation
import SchemaGenRuntime
import SchemaLanguage

/// `schemagen store inspect|verify|backup|restore|dump|load|export`: operations on an embedded
/// store directory, using the catalog stored in it (no generated code needed).
enum StoreCommand {
    static let command = Command(name: "store", summary: "Inspect, verify, back up, restore, dump, load or export a store",
                                 help: help, flags: ["--replace", "--jsonl"],
                                 valuedOptions: ["--logs", "--until", "--out", "--after", "--archive", "--schema", "--dialect"],
                                 run: { options, console in run(options, console: console) })

    static let help = """
    USAGE: schemagen store inspect <store>
           schemagen store verify <store>
           schemagen store backup <store> <backup> [--after <previous backup or increment>] [--archive <dir>]
           schemagen store restore <backup> <store> [--replace] [--logs <dir>[:<dir>...]] [--until <time>]
           schemagen store dump <store> <table> [--out <file>] [--archive <dir>]
           schemagen store load <store> <table> <file> [--archive <dir>]
           schemagen store export <store> --schema <file.schema> [--dialect postgresql] [--out <file>] [--archive <dir>]
           schemagen store export <dump dir> --jsonl --schema <file.schema> [--dialect postgresql] [--out <file>]

    Every action reads the schema the store was written with from its snapshot. The store must
    not be open in another process (its lock is taken). Give a store that archives its logs
    its --archive directory: opening it may retire logs, and an increment reads the archive.

    inspect  Tables with row counts, columns and indexes; the snapshot and log files.
    verify   Checks every checksum, tree, index and foreign key; prints the row counts.
    backup   Writes a consistent copy into <backup> (missing or empty), manifest last. With
             --after, only the commits since that backup or increment (an increment; it needs
             the logs since then, so a store with a log archive, given with --archive);
             restore the full backup with --logs naming the increments.
    restore  Checks the backup in full, then writes it as <store>. A <store> holding files is
             replaced only with --replace. With --logs (log archive directories, e.g. the
             store's logArchiveDirectory and the old store directory), replays the archived
             commits after the backup up to --until: an ISO 8601 time (2026-01-31T12:00:00Z)
             or microseconds since 1970; without --until, every archived commit.
    dump     Writes the rows of <table> as JSON Lines to standard output or --out.
    load     Inserts the JSON Lines of <file> into <table>: every row or, on any bad line, none.
    export   Writes the rows of every table of the schema as one PostgreSQL script (to standard
             output or --out): BEGIN, INSERTs with parents before children, identity sequences
             moved past the store's largest ids, COMMIT. Load it into a database created from
             the schema's generated sql/postgres.sql: psql -v ON_ERROR_STOP=1 -f <file>.
             The store must hold exactly the schema's tables (the same version). With --jsonl,
             <dump dir> holds `store dump` files named <table>.jsonl instead of a store.

    Exit status: 0 ok, 1 the operation failed (damage, refusal, bad line), 2 usage.
    """

    private struct Usage: Error { let message: String }

    static func run(_ options: Options, console: Console) -> ExitStatus {
        let actions: [String: (Int, (Options, [String], Console) throws -> Void)] = [
            "inspect": (1, inspect), "verify": (1, verify), "backup": (2, backup), "restore": (2, restore),
            "dump": (2, dump), "load": (3, load), "export": (1, export),
        ]
        guard let name = options.files.first, let (arity, action) = actions[name] else {
            console.error("error: store needs one of inspect, verify, backup, restore, dump, load, export\nhint: see schemagen store --help")
            return .usage
        }
        let arguments = Array(options.files.dropFirst())
        guard arguments.count == arity else {
            console.error("error: store \(name) takes \(arity) argument\(arity == 1 ? "" : "s"), got \(arguments.count)\nhint: see schemagen store --help")
            return .usage
        }
        do {
            try action(options, arguments, console)
            return .success
        } catch let usage as Usage {
            console.error("error: \(usage.message)\nhint: see schemagen store --help")
            return .usage
        } catch {
            console.error("error: \(error)")
            return .failure
        }
    }

    private static func inspect(_ options: Options, _ arguments: [String], _ console: Console) throws {
        console.out(StoreInspectionText.render(try Store.inspect(at: arguments[0]), path: arguments[0]))
    }

    private static func verify(_ options: Options, _ arguments: [String], _ console: Console) throws {
        let report = try Store.verify(storedAt: arguments[0])
        let rows = report.rowCounts.values.reduce(0, +)
        console.out("ok: \(arguments[0]): \(rows) rows in \(report.rowCounts.count) tables"
                    + ", \(report.replayedTransactions) logged transactions" + (report.hasTornTail ? ", a torn final log record an open would discard" : ""))
    }

    private static func backup(_ options: Options, _ arguments: [String], _ console: Console) throws {
        let store = try Store.open(storedAt: arguments[0], options: openOptions(options))
        defer { store.close() }
        if let after = options.values["--after"] {
            let manifest = try store.backupIncrement(to: arguments[1], after: try BackupManifest.read(at: after))
            console.out("wrote the commits of \(arguments[0]) from sequence \(manifest.incrementAfter ?? 0) to \(manifest.nextSequence - 1)"
                        + " to \(arguments[1])")
            return
        }
        let manifest = try store.backup(to: arguments[1])
        console.out("backed up \(manifest.rowCounts.values.reduce(0, +)) rows of \(arguments[0]) to \(arguments[1])"
                    + " (next sequence \(manifest.nextSequence))")
    }

    private static func restore(_ options: Options, _ arguments: [String], _ console: Console) throws {
        let replacing = options.flags.contains("--replace")
        guard let logs = options.values["--logs"] else {
            if options.values["--until"] != nil { throw Usage(message: "--until needs --logs (the archived logs to replay)") }
            try Store.restore(backup: arguments[0], to: arguments[1], replacing: replacing)
            console.out("restored \(arguments[0]) to \(arguments[1])")
            return
        }
        let until = try options.values["--until"].map(time) ?? .distantFuture
        let report = try Store.restore(backup: arguments[0], logs: logs.split(separator: ":").map(String.init), until: until,
                                       to: arguments[1], replacing: replacing)
        let last = report.lastCommitTime.map { " (last commit at \(ISO8601DateFormatter.withFractions.string(from: $0)))" } ?? ""
        console.out("restored \(arguments[0]) to \(arguments[1]) with \(report.appliedTransactions) archived commits\(last)")
    }

    /// How the store is opened: with its log archive when `--archive` names one.
    private static func openOptions(_ options: Options) -> StoreOptions {
        var storeOptions = StoreOptions()
        storeOptions.logArchiveDirectory = options.values["--archive"]
        return storeOptions
    }

    /// `--until`: ISO 8601, with or without fractional seconds, or integer microseconds since 1970.
    private static func time(_ text: String) throws -> Date {
        if let micros = Int64(text) { return Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
        if let date = ISO8601DateFormatter.withFractions.date(from: text) ?? ISO8601DateFormatter().date(from: text) { return date }
        throw Usage(message: "--until '\(text)' is neither an ISO 8601 time (2026-01-31T12:00:00Z) nor microseconds since 1970")
    }

    /// Opens the store `arguments[0]` and checks it has the table `arguments[1]` (dump and load).
    private static func openNamingTable(_ options: Options, _ arguments: [String]) throws -> Store {
        let store = try Store.open(storedAt: arguments[0], options: openOptions(options))
        guard store.storeSchema.tables.contains(where: { $0.name == arguments[1] }) else {
            let tables = store.storeSchema.tables.map(\.name).joined(separator: ", ")
            store.close()
            throw Usage(message: "no table '\(arguments[1])' in \(arguments[0]); tables: " + tables)
        }
        return store
    }

    private static func dump(_ options: Options, _ arguments: [String], _ console: Console) throws {
        let store = try openNamingTable(options, arguments)
        defer { store.close() }
        if let out = options.values["--out"] {
            let count = try store.exportJSONLines(table: arguments[1], to: out)
            console.error("wrote \(count) rows to \(out)")
        } else {
            try store.exportJSONLines(table: arguments[1]) { console.out($0) }
        }
    }

    private static func load(_ options: Options, _ arguments: [String], _ console: Console) throws {
        let store = try openNamingTable(options, arguments)
        defer { store.close() }
        let count = try store.importJSONLines(table: arguments[1], from: arguments[2])
        console.out("loaded \(count) rows into \(arguments[1])")
    }

    private static func export(_ options: Options, _ arguments: [String], _ console: Console) throws {
        guard let schemaPath = options.values["--schema"] else {
            throw Usage(message: "store export needs --schema <file.schema>: the schema whose PostgreSQL DDL the rows are loaded into")
        }
        if let dialect = options.values["--dialect"], !["postgresql", "postgres"].contains(dialect) {
            throw Usage(message: "--dialect '\(dialect)': store export writes PostgreSQL scripts only (--dialect postgresql)")
        }
        guard let inputs = SchemaInputs.load([schemaPath], console: console) else { throw Usage(message: "cannot read --schema") }
        // Only errors are reported: warnings about the schema's design are `check`'s business.
        guard let schema = inputs.inputs.first?.schema,
              inputs.inputs.allSatisfy({ !$0.diagnostics.contains { $0.severity == .error } }) else {
            _ = inputs.report(to: console)
            throw StoreExport.Refusal(description: "\(schemaPath) has errors (listed above)")
        }
        let export = try StoreExport(schema: schema)
        let produce: ((String) throws -> Void) throws -> Void = { write in
            if options.flags.contains("--jsonl") {
                try export.script(ofDumpsIn: arguments[0], write: write)
            } else {
                try export.script(ofStoreAt: arguments[0], options: openOptions(options), write: write)
            }
        }
        guard let out = options.values["--out"] else {
            try produce { console.out(String($0.dropLast($0.hasSuffix("\n") ? 1 : 0))) }
            return
        }
        // Written beside the target and renamed over it, so the file appears whole or not at all.
        let partial = out + ".partial-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: partial, contents: nil), let file = FileHandle(forWritingAtPath: partial) else {
            throw StoreExport.Refusal(description: "cannot write \(out)")
        }
        do {
            try produce { try file.write(contentsOf: Data($0.utf8)) }
            try file.close()
            if FileManager.default.fileExists(atPath: out) { try FileManager.default.removeItem(atPath: out) }
            try FileManager.default.moveItem(atPath: partial, toPath: out)
        } catch {
            try? file.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        console.error("wrote \(out)")
    }
}

extension ISO8601DateFormatter {
    /// ISO 8601 with fractional seconds, UTC.
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
