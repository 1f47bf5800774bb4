import Foundation
import SchemaEmitters
import SchemaLanguage

/// `schemagen emit-swift --out FILE SCHEMA`: one schema's Swift library as one source file,
/// for the SwiftPM build-tool plugin (which must name its outputs before the tool runs).
enum EmitSwiftCommand {
    static let command = Command(name: name, summary: summary, help: help, flags: [], valuedOptions: ["--out"],
                                 run: { options, console in run(options, console: console) })

    static let name = "emit-swift"
    static let summary = "Write one schema's Swift library as a single file (used by the plugin)"
    static let help = """
    USAGE: schemagen emit-swift --out <file.swift> <file.schema>

    Checks one schema file and writes its generated Swift (models, repositories, database facade)
    into one source file. The SchemaGen build-tool plugin runs this for every .schema file of a
    target; run `schemagen build` to write the per-file library and every other target instead.
    The output is rewritten only when its bytes change.
    """

    static func run(_ options: Options, console: Console) -> ExitStatus {
        guard let out = options.values["--out"], options.files.count == 1 else {
            console.error("error: emit-swift takes one schema file and --out <file.swift>\n\(help)")
            return .usage
        }
        guard let inputs = SchemaInputs.load(options.files, console: console) else { return .usage }
        if inputs.report(to: console) { return .failure }
        guard let input = inputs.inputs.first, let schema = input.schema,
              let versions = SchemaInputs.storeVersions(of: input, console: console) else { return .failure }
        let text = SwiftSourceBundle.bundle(SwiftEmitter(versions: versions).emit(schema))
        let url = URL(fileURLWithPath: out)
        if FileManager.default.contents(atPath: url.path) == Data(text.utf8) { return .success }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
            return .success
        } catch {
            console.error("error: writing \(out) failed: \(error.localizedDescription)")
            return .failure
        }
    }
}
