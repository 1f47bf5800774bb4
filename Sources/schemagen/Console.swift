import Foundation

/// Where the CLI writes: standard output for results, standard error for diagnostics, with
/// colour only when standard error is a terminal (never in CI logs or pipes).
struct Console: Sendable {
    let writeOut: @Sendable (String) -> Void
    let writeError: @Sendable (String) -> Void
    let colored: Bool

    static let standard = Console(
        writeOut: { print($0) },
        writeError: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) },
        colored: isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    )

    func out(_ text: String) { writeOut(text) }
    func error(_ text: String) { writeError(text) }
}
