/// `schemagen check [FILES]`: parse and check, printing every problem.
enum CheckCommand {
    static let command = Command(name: name, summary: summary, help: help, flags: [], valuedOptions: [],
                                 run: { options, console in run(options, console: console) })

    static let name = "check"
    static let summary = "Check schema files and report every problem"
    static let help = """
    USAGE: schemagen check [files...]

    Parses and checks the schema files (default: schema/*.schema) and prints every problem as
    file:line:col: error: message, with a hint. Exit status: 0 when there are no errors
    (warnings allowed), 1 on schema errors, 2 on usage errors.
    """

    static func run(_ options: Options, console: Console) -> ExitStatus {
        guard let inputs = SchemaInputs.load(options.files, console: console) else { return .usage }
        if inputs.report(to: console) { return .failure }
        console.out("checked \(inputs.inputs.count) schema file\(inputs.inputs.count == 1 ? "" : "s"): ok")
        return .success
    }
}
