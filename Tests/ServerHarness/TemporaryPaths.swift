import Foundation

/// Temporary directories and files for the harness.
///
/// Everything lives under `/tmp` (not `$TMPDIR`, which is long on macOS): server sockets are created
/// in their data directories, and Unix socket paths are limited to about 100 bytes.
public enum TemporaryPaths {
    /// `/tmp`.
    public static let systemTemporaryDirectory = URL(fileURLWithPath: "/tmp", isDirectory: true)

    /// Creates a fresh, private (0700) directory such as `/tmp/schemagen-pg.Ab12Cd`.
    public static func makeDirectory(prefix: String) throws -> URL {
        var template = Array("\(systemTemporaryDirectory.path)/\(prefix).XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        guard created else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    /// A new, empty file in this test process's scratch directory, e.g. for a command's output.
    public static func scratchFile(suffix: String = "") throws -> URL {
        let url = try scratch.get().appendingPathComponent(UUID().uuidString + suffix)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        return url
    }

    /// Removes the scratch directory (called at exit).
    public static func removeScratch() {
        if let directory = scratch.existingValue {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// `/tmp/schemagen-tests.<pid>.XXXXXX`, removed at exit. A test process that was killed cannot
    /// remove its own, so creating one first removes those left behind by processes that are gone.
    private static let scratch = LazyShared {
        ServerCleanup.installExitHook()
        removeScratchOfDeadProcesses()
        return try makeDirectory(prefix: "\(scratchPrefix).\(getpid())")
    }

    private static let scratchPrefix = "schemagen-tests"

    private static func removeScratchOfDeadProcesses() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: systemTemporaryDirectory.path)) ?? []
        for entry in entries where entry.hasPrefix(scratchPrefix + ".") {
            let parts = entry.split(separator: ".")
            guard parts.count == 3, let pid = pid_t(parts[1]) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: systemTemporaryDirectory.appendingPathComponent(entry))
            }
        }
    }
}
