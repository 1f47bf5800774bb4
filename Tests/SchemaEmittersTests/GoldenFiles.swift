import Foundation
import Testing

/// Golden files: the expected emitter output. For the seed schemas it is the checked-in
/// `generated/<schema>/…` itself (what `schemagen build` writes and CI keeps current); test-only
/// schemas keep theirs under `Tests/SchemaEmittersTests/Golden/<schema>/…`.
/// `SCHEMAGEN_UPDATE_GOLDEN=1` rewrites them instead of comparing.
enum GoldenFiles {
    static let updating = ProcessInfo.processInfo.environment["SCHEMAGEN_UPDATE_GOLDEN"] == "1"

    /// Where the golden copy of `path` (relative to the schema's output folder) lives.
    static func url(schema: String, path: String) -> URL {
        let base = SeedSchemas.names.contains(schema) ? "generated/\(schema)" : "Tests/SchemaEmittersTests/Golden/\(schema)"
        return SeedSchemas.packageRoot.appendingPathComponent("\(base)/\(path)")
    }

    /// Compares emitted text with its golden file, reporting the first differing line.
    static func expectMatches(_ contents: String, schema: String, path: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = url(schema: schema, path: path)
        if updating {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
            let hint = "run `swift run schemagen build` (seeds) or SCHEMAGEN_UPDATE_GOLDEN=1 (test schemas)"
            Issue.record("missing golden file \(url.path); \(hint)", sourceLocation: sourceLocation)
            return
        }
        guard golden != contents else { return }
        let expected = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let actual = contents.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(expected, actual).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expected.count, actual.count)
        let want = line < expected.count ? String(expected[line]) : "<end of file>"
        let got = line < actual.count ? String(actual[line]) : "<end of file>"
        Issue.record("""
            \(schema)/\(path) differs from its golden file at line \(line + 1):
              golden:  \(want)
              emitted: \(got)
            (run `swift run schemagen build` or SCHEMAGEN_UPDATE_GOLDEN=1 to accept the new output)
            """, sourceLocation: sourceLocation)
    }
}
