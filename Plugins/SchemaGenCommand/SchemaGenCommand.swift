import Foundation
import PackagePlugin

/// `swift package schemagen <command> [arguments]`: runs the `schemagen` tool in the package's
/// directory (`build`, `check`, `fmt`, `diff`, `migrate`, …), so a bot package needs no separate
/// install of the tool. SwiftPM asks before the plugin may write into the package.
@main
struct SchemaGenCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        try run(tool: context.tool(named: "schemagen").url, in: context.package.directoryURL, arguments: arguments)
    }

    func run(tool: URL, in directory: URL, arguments: [String]) throws {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments.isEmpty ? ["--help"] : arguments
        process.currentDirectoryURL = directory
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            Diagnostics.error("schemagen \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
            throw SchemaGenCommandFailure(status: process.terminationStatus)
        }
    }
}

#if canImport(XcodeProjectPlugin)
import XcodeProjectPlugin

extension SchemaGenCommand: XcodeCommandPlugin {
    func performCommand(context: XcodePluginContext, arguments: [String]) throws {
        try run(tool: context.tool(named: "schemagen").url, in: context.xcodeProject.directoryURL, arguments: arguments)
    }
}
#endif

/// The tool's non-zero exit status, so `swift package` fails too.
struct SchemaGenCommandFailure: Error, CustomStringConvertible {
    let status: Int32
    var description: String { "schemagen exited with status \(status)" }
}
