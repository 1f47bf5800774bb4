import Foundation
import SchemaEmitters
import SchemaLanguage

/// `schemagen diff OLD NEW` or `schemagen diff --from REV [FILES]`: what changes between two
/// versions of a schema, for review (Markdown) or to apply (SQL, MongoDB).
enum DiffCommand {
    static let command = Command(name: name, summary: summary, help: help,
                                 flags: ["--exit-code", "--allow-destructive"],
                                 valuedOptions: ["--from", "--format", "--dialect"],
                                 run: { options, console in run(options, console: console) })

    static let name = "diff"
    static let summary = "Review what changes between two versions of a schema"
    static let help = """
    USAGE: schemagen diff <old.schema> <new.schema> [options]
           schemagen diff --from <git revision> [files...] [options]

    Compares two versions of a schema (the second form: each file as checked in at the revision
    against the working tree, default files schema/*.schema) and prints a review report in
    Markdown: every change with its code and classes (destructive, data-dependent, incompatible,
    locking, irreversible), what the embedded store does on open, and the migration SQL of each
    target dialect. Renames come only from 'was' hints; a dropped and an added field or entity of
    the same shape without a hint is an error, never a silent drop. Codes and classes: docs/migrations.md.

    OPTIONS:
      --from <rev>           Compare with the files at this git revision (e.g. origin/main).
      --format <f>           markdown (default), sql (needs --dialect), mongo, or store (what the
                             embedded store does on open, per change).
      --dialect <d>          sqlite, postgres or mysql (with --format sql).
      --allow-destructive    Acknowledge changes that drop data (exit 0 instead of 3).
      --exit-code            Exit 4 when there is any change, like git diff --exit-code.

    EXIT STATUS: 0 report written and nothing needs acknowledgement; 1 schema errors (including a
    drop and add that needs 'was'); 2 usage; 3 changes drop data and --allow-destructive was not
    given; 4 (with --exit-code) the schemas differ.
    """

    static func run(_ options: Options, console: Console) -> ExitStatus {
        let format = options.values["--format"] ?? "markdown"
        guard ["markdown", "sql", "mongo", "store"].contains(format) else {
            console.error("error: unknown format '\(format)'\nhint: use markdown, sql, mongo or store")
            return .usage
        }
        var dialect: SQLDialect?
        if format == "sql" {
            guard let name = options.values["--dialect"], let chosen = SQLDialect(rawValue: name) else {
                console.error("error: --format sql needs --dialect sqlite, postgres or mysql")
                return .usage
            }
            dialect = chosen
        }
        let pairs: [(old: SchemaSource, new: SchemaSource)]
        if let revision = options.values["--from"] {
            guard let loaded = SchemaSource.atRevision(revision, files: options.files, console: console) else { return .usage }
            pairs = loaded
        } else {
            guard options.files.count == 2 else {
                console.error("error: diff takes two schema files, or --from <revision>\nhint: schemagen diff old.schema new.schema")
                return .usage
            }
            guard let old = SchemaSource.read(options.files[0], console: console),
                  let new = SchemaSource.read(options.files[1], console: console) else { return .usage }
            pairs = [(old, new)]
        }
        var failed = false
        var diffs: [SchemaDiff] = []
        for (old, new) in pairs {
            guard let diff = compare(old, new, console: console) else {
                failed = true
                continue
            }
            diffs.append(diff)
        }
        if failed { return .failure }
        for diff in diffs {
            switch format {
            case "sql": console.out(diff.migration(for: dialect!).render())
            case "mongo": console.out(MongoMigration(diff: diff).render())
            case "store": console.out(StoreStepPlanner(diff: diff).plan().render())
            default: console.out(ReviewReport(diff: diff).render())
            }
        }
        let destructive = diffs.flatMap(\.needingAcknowledgement)
        if !destructive.isEmpty && !options.flags.contains("--allow-destructive") {
            console.error("error: \(destructive.count) change\(destructive.count == 1 ? "" : "s") would drop data:")
            for change in destructive { console.error("  \(change.code.rawValue) \(change.summary)") }
            console.error("hint: if that is intended, acknowledge with --allow-destructive")
            return .needsAcknowledgement
        }
        if options.flags.contains("--exit-code") && diffs.contains(where: { !$0.isEmpty }) {
            return .changed
        }
        return .success
    }

    /// Compiles both versions and diffs them, printing every diagnostic; nil on errors.
    static func compare(_ old: SchemaSource, _ new: SchemaSource, console: Console) -> SchemaDiff? {
        let before = old.compile()
        let after = new.compile()
        for diagnostic in before.diagnostics where diagnostic.severity == .error {
            console.error("\(diagnostic.rendered(colored: console.colored)) (old version)")
        }
        for diagnostic in after.diagnostics where diagnostic.severity == .error {
            console.error(diagnostic.rendered(colored: console.colored))
        }
        guard let newSchema = after.schema else { return nil }
        guard let oldSchema = before.schema ?? (old.text == nil ? Schema.empty(like: newSchema) : nil) else { return nil }
        let result = SchemaDiff.compare(oldSchema, newSchema)
        for diagnostic in result.diagnostics { console.error(diagnostic.rendered(colored: console.colored)) }
        return result.diff
    }
}

/// One version of a schema file: its path and text (nil when the file did not exist then).
struct SchemaSource {
    let path: String
    let text: String?

    func compile() -> (schema: Schema?, diagnostics: [Diagnostic]) {
        guard let text else { return (nil, []) }
        let result = TargetChecks.compile(path: path, text: text)
        return (result.schema, result.diagnostics)
    }

    static func read(_ path: String, console: Console) -> SchemaSource? {
        guard let data = FileManager.default.contents(atPath: path) else {
            console.error("error: cannot read '\(path)'\nhint: check the path")
            return nil
        }
        return SchemaSource(path: path, text: String(decoding: data, as: UTF8.self))
    }

    /// Each file (default `schema/*.schema`) at a git revision and in the working tree.
    static func atRevision(_ revision: String, files: [String], console: Console) -> [(old: SchemaSource, new: SchemaSource)]? {
        var paths = files
        if paths.isEmpty {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "schema")) ?? []
            paths = names.filter { $0.hasSuffix(".schema") }.sorted().map { "schema/\($0)" }
        }
        guard GitRevision.exists(revision) else {
            console.error("error: '\(revision)' is not a git revision here\nhint: run inside the repository; fetch it first (git fetch origin)")
            return nil
        }
        var pairs: [(old: SchemaSource, new: SchemaSource)] = []
        for path in paths {
            guard let new = read(path, console: console) else { return nil }
            pairs.append((SchemaSource(path: path, text: GitRevision.show(revision, path: path)), new))
        }
        return pairs
    }
}

/// Reads files as committed at a git revision.
enum GitRevision {
    static func exists(_ revision: String) -> Bool {
        run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"]) != nil
    }

    /// The file's text at the revision, or nil when it did not exist there.
    static func show(_ revision: String, path: String) -> String? {
        run(["show", "\(revision):./\(path)"])
    }

    private static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
