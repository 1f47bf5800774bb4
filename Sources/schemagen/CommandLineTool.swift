import Foundation

/// Process exit statuses, as documented in `--help`.
enum ExitStatus: Int32 {
    case success = 0
    /// Schema errors, or (`--check`) files that need changes.
    case failure = 1
    /// The command line itself was wrong.
    case usage = 2
    /// `diff`: changes drop data and were not acknowledged.
    case needsAcknowledgement = 3
    /// `diff --exit-code`: the schemas differ.
    case changed = 4
}

/// A subcommand: its name, help text, the options it takes and what it does.
struct Command: Sendable {
    let name: String
    let summary: String
    let help: String
    /// Flags without a value, e.g. `--check`.
    let flags: Set<String>
    /// Options taking a value, e.g. `--out`.
    let valuedOptions: Set<String>
    let run: @Sendable (Options, Console) -> ExitStatus
}

/// Dispatches `schemagen <command> [options] [files]`.
enum CommandLineTool {
    static let version = "0.1.0"
    static let commands: [Command] = [CheckCommand.command, FormatCommand.command, BuildCommand.command, DiffCommand.command,
                                      MigrateCommand.command, EmitSwiftCommand.command, StoreCommand.command]

    static var help: String {
        var text = """
        schemagen \(version): declarative bot-data schemas → SQL, MongoDB setup, docs and Swift.

        USAGE: schemagen <command> [options] [files...]

        COMMANDS:

        """
        for command in commands {
            text += "  \(command.name.padding(toLength: 12, withPad: " ", startingAt: 0))\(command.summary)\n"
        }
        text += """

        OPTIONS:
          -h, --help     Show help (also: schemagen <command> --help)
          --version      Show the version

        Files default to schema/*.schema. Exit status: 0 ok, 1 schema errors or stale output, 2 usage.
        """
        return text
    }

    static func run(_ arguments: [String], console: Console = .standard) -> ExitStatus {
        guard let first = arguments.first else {
            console.error(help)
            return .usage
        }
        if first == "--help" || first == "-h" || first == "help" {
            console.out(help)
            return .success
        }
        if first == "--version" {
            console.out("schemagen \(version)")
            return .success
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            console.error("error: unknown command '\(first)'\nhint: commands are "
                          + commands.map(\.name).joined(separator: ", ") + "; see schemagen --help")
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            console.out(command.help)
            return .success
        }
        do {
            let options = try Options.parse(rest, allowedFlags: command.flags, valued: command.valuedOptions)
            return command.run(options, console)
        } catch {
            console.error("error: \(error)\nhint: see schemagen \(command.name) --help")
            return .usage
        }
    }
}

/// Parsed command-line options: flags, valued options and file arguments.
struct Options {
    var flags: Set<String> = []
    var values: [String: String] = [:]
    var files: [String] = []

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ arguments: [String], allowedFlags: Set<String>, valued: Set<String>) throws -> Options {
        var options = Options()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument.hasPrefix("-") && argument != "-" {
                let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
                if valued.contains(parts[0]) {
                    if parts.count == 2 { options.values[parts[0]] = parts[1] } else {
                        index += 1
                        guard index < arguments.count else { throw UsageError(description: "\(parts[0]) needs a value") }
                        options.values[parts[0]] = arguments[index]
                    }
                } else if allowedFlags.contains(argument) {
                    options.flags.insert(argument)
                } else {
                    throw UsageError(description: "unknown option '\(argument)'")
                }
            } else {
                options.files.append(argument)
            }
            index += 1
        }
        return options
    }
}
