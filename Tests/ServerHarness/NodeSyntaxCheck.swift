import Foundation

/// Checks that a JavaScript file (such as a generated MongoDB `setup.js`) parses, using
/// `node --check`. Nothing is executed.
public enum NodeSyntaxCheck {
    /// Throws `JavaScriptSyntaxError` with node's message if `javascript` does not parse.
    public static func check(javascript: String) throws {
        let node = try ToolLocator.find("node", "nodejs")
        let file = try TemporaryPaths.scratchFile(suffix: ".js")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(javascript.utf8).write(to: file)
        let output = try ProcessRunner.run(node, ["--check", file.path], timeout: 60)
        guard output.status == 0 else {
            throw JavaScriptSyntaxError(message: output.stderr)
        }
    }
}
