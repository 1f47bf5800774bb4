import Foundation
import SchemaEmitters
import SchemaLanguage

/// `schemagen migrate new NAME` and `schemagen migrate check`: the migrations directory, one
/// folder per schema version, chained by checksums.
enum MigrateCommand {
    static let command = Command(name: name, summary: summary, help: help, flags: ["--allow-destructive"],
                                 valuedOptions: ["--dir"],
                                 run: { options, console in run(options, console: console) })

    static let name = "migrate"
    static let summary = "Write the next migration, or check the migrations directory"
    static let help = """
    USAGE: schemagen migrate new <name> [files...] [--dir <dir>] [--allow-destructive]
           schemagen migrate check [files...] [--dir <dir>]

    Migrations live in <dir>/<schema>/ (default dir: schema/migrations), one numbered folder per
    version (0001_initial, 0002_<name>, ...) holding the new version's source (schema.schema), per
    SQL target <dialect>.up.sql and <dialect>.down.sql, and for MongoDB mongo.up.js and
    mongo.down.js; migrations.sum chains a SHA-256 over every folder in order.

    new     Diffs the newest folder's schema.schema with the schema file (default files:
            schema/*.schema) and writes the next folder and the sum file. Writes nothing when
            nothing changed. Changes that drop data need --allow-destructive (exit 3 otherwise).
    check   Fails (exit 1) when a folder was edited, inserted, removed or reordered since the sum
            file was written, or when the newest folder's schema is not the schema file's (a
            change without its migration). CI runs it.
    """

    static func run(_ options: Options, console: Console) -> ExitStatus {
        guard let action = options.files.first, ["new", "check"].contains(action) else {
            console.error("error: migrate needs 'new <name>' or 'check'\nhint: see schemagen migrate --help")
            return .usage
        }
        var files = Array(options.files.dropFirst())
        var migrationName: String?
        if action == "new" {
            guard let name = files.first, name.range(of: #"^[a-z0-9_]+$"#, options: .regularExpression) != nil else {
                console.error("error: migrate new needs a name of lowercase letters, digits and underscores\nhint: schemagen migrate new add_user_bio")
                return .usage
            }
            migrationName = name
            files.removeFirst()
        }
        guard let inputs = SchemaInputs.load(files, console: console) else { return .usage }
        if inputs.report(to: console) { return .failure }
        let root = URL(fileURLWithPath: options.values["--dir"] ?? "schema/migrations")
        var status = ExitStatus.success
        for input in inputs.inputs {
            guard let schema = input.schema else { continue }
            let folder = MigrationsFolder(url: root.appendingPathComponent(schema.name))
            let result: ExitStatus
            if let migrationName {
                result = writeNext(migrationName, schema: schema, text: input.text, folder: folder,
                                   allowDestructive: options.flags.contains("--allow-destructive"), console: console)
            } else {
                result = check(schema: schema, folder: folder, console: console)
            }
            if result != .success { status = result }
        }
        return status
    }

    private static func writeNext(_ name: String, schema: Schema, text: String, folder: MigrationsFolder,
                                  allowDestructive: Bool, console: Console) -> ExitStatus {
        let ledger: MigrationLedger
        do { ledger = try folder.ledger() } catch {
            console.error("error: \(error)")
            return .failure
        }
        let problems = ledger.problems(against: folder.sumFile() ?? "")
        guard problems.isEmpty else {
            for problem in problems { console.error("\(folder.url.path): error: \(problem)") }
            console.error("hint: restore the migrations from version control before adding one")
            return .failure
        }
        let previous = ledger.entries.last.flatMap { $0.files["schema.schema"] }
        let old: Schema
        if let previous {
            let compiled = TargetChecks.compile(path: schema.sourcePath, text: previous)
            guard let oldSchema = compiled.schema else {
                console.error("\(folder.url.path): error: the newest migration's schema.schema does not compile")
                return .failure
            }
            old = oldSchema
        } else {
            old = Schema.empty(like: schema)
        }
        let result = SchemaDiff.compare(old, schema)
        for diagnostic in result.diagnostics { console.error(diagnostic.rendered(colored: console.colored)) }
        guard let diff = result.diff else { return .failure }
        // Documented queries store nothing: a change of only those needs no migration (SG106).
        if diff.changesNeedingMigration.isEmpty {
            console.out("\(schema.name): no changes since \(ledger.entries.last?.name ?? "the start"); nothing written")
            return .success
        }
        let destructive = diff.needingAcknowledgement
        if !destructive.isEmpty && !allowDestructive {
            for change in destructive { console.error("error: \(change.code.rawValue) \(change.summary)") }
            console.error("hint: these drop data; acknowledge with --allow-destructive")
            return .needsAcknowledgement
        }
        let version = ledger.entries.count + 1
        let folderName = String(format: "%04d_%@", version, name)
        let files = MigrationFiles.files(diff: diff, version: version, name: folderName, schemaText: text)
        let next = MigrationLedger(entries: ledger.entries + [MigrationLedger.Entry(name: folderName, files: files)])
        do {
            try folder.write(folderName, files: files, sumFile: next.sumFile)
        } catch {
            console.error("error: writing \(folder.url.path) failed: \(error.localizedDescription)")
            return .failure
        }
        console.out("\(schema.name): wrote \(folder.url.path)/\(folderName) (\(diff.changes.count) change\(diff.changes.count == 1 ? "" : "s"))")
        return .success
    }

    private static func check(schema: Schema, folder: MigrationsFolder, console: Console) -> ExitStatus {
        let ledger: MigrationLedger
        do { ledger = try folder.ledger() } catch {
            console.error("error: \(error)")
            return .failure
        }
        guard let last = ledger.entries.last, let previous = last.files["schema.schema"] else {
            console.error("\(folder.url.path): error: schema \(schema.name) has no migrations\nhint: run 'schemagen migrate new initial'")
            return .failure
        }
        var failed = false
        for problem in ledger.problems(against: folder.sumFile() ?? "") {
            console.error("\(folder.url.path): error: \(problem)")
            failed = true
        }
        let compiled = TargetChecks.compile(path: schema.sourcePath, text: previous)
        if let old = compiled.schema, let diff = SchemaDiff.compare(old, schema).diff {
            let pending = diff.changesNeedingMigration
            if !pending.isEmpty {
                console.error("\(schema.sourcePath): error: \(pending.count) change\(pending.count == 1 ? " has" : "s have") no migration since \(last.name):")
                for change in pending { console.error("  \(change.code.rawValue) \(change.summary)") }
                console.error("hint: run 'schemagen migrate new <name>' and commit the folder")
                failed = true
            }
        } else {
            console.error("\(folder.url.path)/\(last.name)/schema.schema: error: does not compile or diff against \(schema.sourcePath)")
            failed = true
        }
        if failed { return .failure }
        console.out("\(schema.name): \(ledger.entries.count) migration\(ledger.entries.count == 1 ? "" : "s"), sums ok, up to date")
        return .success
    }
}

/// A schema's migrations folder on disk.
struct MigrationsFolder {
    let url: URL
    private var fileManager: FileManager { .default }

    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The migration folders in name order, with their files.
    func ledger() throws -> MigrationLedger {
        guard let names = try? fileManager.contentsOfDirectory(atPath: url.path) else { return MigrationLedger(entries: []) }
        var entries: [MigrationLedger.Entry] = []
        for name in names.sorted() where name.range(of: #"^[0-9]{4}_"#, options: .regularExpression) != nil {
            let folder = url.appendingPathComponent(name)
            var files: [String: String] = [:]
            for file in (try? fileManager.contentsOfDirectory(atPath: folder.path)) ?? [] {
                guard let data = fileManager.contents(atPath: folder.appendingPathComponent(file).path) else {
                    throw ReadError(description: "cannot read \(folder.path)/\(file)")
                }
                files[file] = String(decoding: data, as: UTF8.self)
            }
            entries.append(MigrationLedger.Entry(name: name, files: files))
        }
        return MigrationLedger(entries: entries)
    }

    /// The sum file's text, if there is one.
    func sumFile() -> String? {
        fileManager.contents(atPath: url.appendingPathComponent("migrations.sum").path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes a new migration folder and the sum file.
    func write(_ name: String, files: [String: String], sumFile: String) throws {
        let folder = url.appendingPathComponent(name)
        try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        for (file, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent(file), options: .atomic)
        }
        try Data(sumFile.utf8).write(to: url.appendingPathComponent("migrations.sum"), options: .atomic)
    }
}
