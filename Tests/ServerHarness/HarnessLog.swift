import Foundation

/// One-line progress notes on stderr, so CI logs show how long each server took to start.
public enum HarnessLog {
    /// Notes that a server is ready, with its port, start-up time and directory.
    public static func serverStarted(_ name: String, port: Int, seconds: Double, directory: URL) {
        let duration = String(format: "%.2f", seconds)
        note("\(name) ready on 127.0.0.1:\(port) after \(duration) s (\(directory.path))")
    }

    /// Writes one line to stderr.
    public static func note(_ message: String) {
        FileHandle.standardError.write(Data("[schemagen tests] \(message)\n".utf8))
    }
}
