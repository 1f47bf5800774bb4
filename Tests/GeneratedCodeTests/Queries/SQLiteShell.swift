import Foundation

/// The `sqlite3` command-line shell run on a script: the reference the query differential
/// tests compare with. Output is read in `-ascii` mode (unit and record separators), NULL as `NULL`.
enum SQLiteShell {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The rows `script` prints, each a list of column texts.
    static func rows(_ script: String) throws -> [[String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-bail", "-batch", "-noheader", "-ascii", "-nullvalue", "NULL", ":memory:"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Write on another thread so a large result cannot fill the pipe and block both sides.
        let data = Data(script.utf8)
        let writer = Thread { input.fileHandleForWriting.write(data); try? input.fileHandleForWriting.close() }
        writer.start()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let failed = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, failed.isEmpty else {
            throw Failure(description: "sqlite3 failed (\(process.terminationStatus)): \(String(decoding: failed, as: UTF8.self))")
        }
        let text = String(decoding: printed, as: UTF8.self)
        return text.split(separator: "\u{1E}", omittingEmptySubsequences: false).dropLast().map { row in
            row.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// `text` as a SQL string literal.
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
