import Foundation
import SchemaLanguage

/// `schemagen fmt [--check] [FILES]`: rewrite files in the canonical layout.
enum FormatCommand {
    static let command = Command(name: name, summary: summary, help: help, flags: ["--check"], valuedOptions: [],
                                 run: { options, console in run(options, console: console) })

    static let name = "fmt"
    static let summary = "Format schema files canonically (comments kept)"
    static let help = """
    USAGE: schemagen fmt [--check] [files...]

    Rewrites the schema files (default: schema/*.schema) in the canonical layout, keeping every
    comment. Files with syntax errors are reported and left untouched; formatting is idempotent.

    OPTIONS:
      --check        Write nothing; list files that are not formatted and exit 1 if any.
    """

    static func run(_ options: Options, console: Console) -> ExitStatus {
        guard let inputs = SchemaInputs.load(options.files, console: console) else { return .usage }
        var failed = false
        var changed: [String] = []
        for input in inputs.inputs {
            let result = SchemaFormatter.format(path: input.path, text: input.text)
            guard let formatted = result.formatted else {
                for diagnostic in result.diagnostics { console.error(diagnostic.rendered(colored: console.colored)) }
                console.error("\(input.path): not formatted: fix the errors above first")
                failed = true
                continue
            }
            guard formatted != input.text else { continue }
            changed.append(input.path)
            if options.flags.contains("--check") { continue }
            do {
                try Data(formatted.utf8).write(to: URL(fileURLWithPath: input.path), options: .atomic)
            } catch {
                console.error("error: cannot write '\(input.path)': \(error.localizedDescription)")
                failed = true
            }
        }
        if options.flags.contains("--check") {
            for path in changed { console.error("\(path): not formatted") }
            if !changed.isEmpty {
                console.error("hint: run 'swift run schemagen fmt' and commit the result")
                return .failure
            }
        } else if !changed.isEmpty {
            console.out("formatted \(changed.joined(separator: ", "))")
        }
        return failed ? .failure : .success
    }
}
