import Foundation

/// Loaded engines kept between runs (`--loaded DIR`): loading 10M rows takes minutes on a
/// shared machine, and the load is deterministic, so the first run keeps a closed copy of each
/// engine's files in `DIR` and later runs copy it instead of loading again. The copy is fsynced
/// before it is used, so no writeback of it overlaps the timed commits.
struct LoadedCopies {
    let directory: String

    /// The kept copy of an engine's files named `name` for `rows` rows.
    func path(_ name: String, rows: Int) -> String { "\(directory)/\(name)-\(rows)" }

    /// Whether a complete copy is kept (its marker is written last).
    func has(_ name: String, rows: Int) -> Bool {
        FileManager.default.fileExists(atPath: path(name, rows: rows) + ".complete")
    }

    /// Copies the kept `name` to `destination` (a file or a directory), fsynced.
    func restore(_ name: String, rows: Int, to destination: String) throws {
        try Self.copy(path(name, rows: rows), to: destination)
    }

    /// Keeps a copy of the closed engine files at `source` as `name`.
    func keep(_ name: String, rows: Int, from source: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let kept = path(name, rows: rows)
        try? FileManager.default.removeItem(atPath: kept)
        try Self.copy(source, to: kept)
        guard FileManager.default.createFile(atPath: kept + ".complete", contents: Data()) else {
            throw NSError(domain: "LoadedCopies", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot mark \(kept) complete"])
        }
    }

    private static func copy(_ source: String, to destination: String) throws {
        try run("/usr/bin/cp", ["-a", source, destination])
        // sync(1) with file arguments fsyncs them.
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: destination))?.map { destination + "/" + $0 } ?? [destination]
        try run("/usr/bin/sync", files.isEmpty ? [destination] : files)
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "LoadedCopies", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(tool) \(arguments.joined(separator: " ")) failed"])
        }
    }
}
