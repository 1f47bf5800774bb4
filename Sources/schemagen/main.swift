import Foundation

// Entry point: dispatch to a command; exit 0 ok, 1 schema errors or stale output, 2 usage.
let status = CommandLineTool.run(Array(CommandLine.arguments.dropFirst()))
exit(status.rawValue)
