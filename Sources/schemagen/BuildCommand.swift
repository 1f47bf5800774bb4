import Foundation
import SchemaEmitters
import SchemaLanguage

/// `schemagen build [--check] [--out DIR] [--also-target TARGETS] [FILES]`: emit every target into `generated/`.
enum BuildCommand {
    static let command = Command(name: name, summary: summary, help: help, flags: ["--check"], valuedOptions: ["--out", "--also-target"],
                                 run: { options, console in run(options, console: console) })

    static let name = "build"
    static let summary = "Generate SQL, MongoDB setup, docs and Swift into generated/"
    static let help = """
    USAGE: schemagen build [--check] [--out <dir>] [--also-target <targets>] [files...]

    Checks the schema files (default: schema/*.schema) and writes, for each schema, into
    <dir>/<schema>/ (default dir: generated): sql/<dialect>.sql and sql/<dialect>.retention.sql
    for its SQL targets, mongo/setup.js and mongo/retention.js for MongoDB, docs/<schema>.md and
    Swift/*.swift. Swift/<Schema>+StoreEvolution.swift lists every version in
    <schema folder>/migrations/<schema>/ (and the schema itself when it has no migration yet) with
    the steps the embedded store migrates through on open. Only files whose bytes change are
    rewritten; files no longer generated are removed.
    Each <schema>/ folder keeps .schemagen-manifest, the list of files the build wrote there: a
    file not listed that would be replaced or removed was not written by schemagen, so the build
    names it and stops without changing anything (move it out of the folder, or delete it).

    OPTIONS:
      --check        Write nothing; list the files that would change and exit 1 if any would.
      --out <dir>    The output directory (default: generated).
      --also-target <targets>
                     Build as if each schema's `targets` line also listed these (comma-separated:
                     sqlite, postgres, mysql, mongo), for this build only: the same checks as
                     editing the line, the files unchanged. Writes only the files the added
                     targets add or change (a plain build writes the rest). A target a schema
                     lists already is not repeated. E.g. a MySQL seed's PostgreSQL DDL and facade
                     for tests: --also-target postgres --out Tests/Fixtures/setai_postgres schema/setai_bot.schema
    """

    /// The command that rewrites what `--check` found stale: the same output folder and files.
    static func rebuildCommand(_ options: Options) -> String {
        let arguments = (options.values["--out"].map { ["--out", $0] } ?? [])
            + (options.values["--also-target"].map { ["--also-target", $0] } ?? []) + options.files
        return (["swift", "run", "schemagen", "build"] + arguments.map(shellWord)).joined(separator: " ")
    }

    /// `word` as one POSIX shell word: unchanged when it needs no quoting, else single-quoted.
    static func shellWord(_ word: String) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=+,:@%")
        if !word.isEmpty && word.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The targets `--also-target` names, in the order given; nil (error printed) when one is unknown.
    static func addedTargets(_ options: Options, console: Console) -> [Target]? {
        guard let list = options.values["--also-target"] else { return [] }
        var targets: [Target] = []
        for name in list.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let target = Target(rawValue: name) else {
                console.error("error: --also-target: unknown target '\(name)'\nhint: targets are "
                              + Target.allCases.map(\.rawValue).joined(separator: ", ") + " (comma-separated)")
                return nil
            }
            if !targets.contains(target) { targets.append(target) }
        }
        return targets
    }

    /// Every file the emitters write for the schemas of `inputs`; nil (reported) when a store
    /// version history does not load.
    static func emittedFiles(_ inputs: SchemaInputs, console: Console) -> [EmittedFile]? {
        var files: [EmittedFile] = []
        for input in inputs.inputs {
            guard let schema = input.schema else { continue }
            guard let versions = SchemaInputs.storeVersions(of: input, console: console) else { return nil }
            files += EmitterRegistry.files(for: schema, versions: versions)
        }
        return files
    }

    static func run(_ options: Options, console: Console) -> ExitStatus {
        guard let addedTargets = addedTargets(options, console: console),
              let inputs = SchemaInputs.load(options.files, addingTargets: addedTargets, console: console) else { return .usage }
        if inputs.report(to: console) { return .failure }
        let schemas = inputs.inputs.compactMap(\.schema)
        guard var files = emittedFiles(inputs, console: console) else { return .failure }
        if !addedTargets.isEmpty {
            // Only what the added targets add or change: the rest is what a plain build of the
            // same files writes (into generated/), so an output folder never holds a second copy.
            // (Checking with fewer targets finds no error the build's own check did not.)
            guard let plainInputs = SchemaInputs.load(options.files, console: console),
                  let plain = emittedFiles(plainInputs, console: console) else { return .failure }
            let unchanged = Set(plain)
            files.removeAll { unchanged.contains($0) }
        }
        let root = URL(fileURLWithPath: options.values["--out"] ?? "generated")
        let tree = GeneratedTree(root: root, files: files, ownedFolders: Set(schemas.map(\.name)))
        if options.flags.contains("--check") {
            let differences = tree.differences()
            guard differences.isEmpty else {
                console.error("error: \(differences.count) generated file\(differences.count == 1 ? " is" : "s are") stale:")
                for difference in differences { console.error("  \(root.path)/\(difference)") }
                console.error("hint: rebuild, then commit the result: \(rebuildCommand(options))")
                return .failure
            }
            console.out("generated files are up to date (\(tree.files.count) files)")
            return .success
        }
        do {
            let differences = try tree.write()
            let removed = differences.filter { if case .extra = $0 { true } else { false } }.count
            let written = differences.count - removed
            console.out("wrote \(written) of \(tree.files.count) files into \(root.path)"
                        + (removed > 0 ? ", removed \(removed) no longer generated" : "")
                        + (differences.isEmpty ? " (all up to date)" : ""))
            return .success
        } catch let unowned as GeneratedTree.UnownedFiles {
            console.error("error: not building: \(unowned.paths.count) file\(unowned.paths.count == 1 ? "" : "s") in \(root.path) "
                          + "\(unowned.paths.count == 1 ? "was" : "were") not written by schemagen and would be replaced or removed:")
            for path in unowned.paths { console.error("  \(root.path)/\(path)") }
            console.error("hint: move \(unowned.paths.count == 1 ? "it" : "them") out of the output folder (or delete "
                          + "\(unowned.paths.count == 1 ? "it" : "them")), then build again; nothing was changed")
            return .failure
        } catch {
            console.error("error: writing \(root.path) failed: \(error.localizedDescription)")
            return .failure
        }
    }
}
