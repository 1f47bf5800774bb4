import Foundation

/// Finds the command-line tools the harness drives.
///
/// PostgreSQL's versioned directory (`/usr/lib/postgresql/<newest>/bin`) is searched first: Debian's
/// `/usr/bin/psql` is a Perl wrapper that costs tens of milliseconds per call. The `sbin` directories
/// are searched too, because `mariadbd` lives in `/usr/sbin`, which is often not on a user's PATH.
public enum ToolLocator {
    /// Returns the path of the first candidate found, or throws `HarnessError.missingTool`,
    /// whose message tells the reader how to install the test dependencies.
    public static func find(_ candidates: String...) throws -> String {
        try find(candidates)
    }

    /// The path of the first of `candidates` found on `searchPath`.
    public static func find(_ candidates: [String]) throws -> String {
        for name in candidates {
            for directory in searchPath {
                let path = directory + "/" + name
                if FileManager.default.isExecutableFile(atPath: path) {
                    return path
                }
            }
        }
        throw HarnessError.missingTool(candidates: candidates, searched: searchPath)
    }

    /// Where tools are looked for, in order.
    public static let searchPath: [String] = {
        let fromEnvironment = (ProcessInfo.processInfo.environment["PATH"] ?? "")
            .split(separator: ":").map(String.init)
        let fixed = [
            "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin",
            "/opt/homebrew/bin",
        ]
        var seen = Set<String>()
        return (postgresBinaryDirectories + fromEnvironment + fixed).filter { seen.insert($0).inserted }
    }()

    /// `/usr/lib/postgresql/*/bin`, newest major version first.
    private static var postgresBinaryDirectories: [String] {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions
            .compactMap { Int($0) }
            .sorted(by: >)
            .map { "\(root)/\($0)/bin" }
    }
}
