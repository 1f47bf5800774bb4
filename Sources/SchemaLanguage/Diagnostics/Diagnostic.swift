/// How serious a diagnostic is: errors fail `check`, warnings flag likely mistakes.
public enum Severity: String, Sendable, Hashable {
    case error
    case warning
}

/// One problem found in a schema file, with where it is and how to fix it. The position stays a
/// byte range; line and column are worked out from the file's line table only when shown.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// Error or warning.
    public let severity: Severity
    /// What is wrong, in one sentence.
    public let message: String
    /// How to fix it, in one line.
    public let hint: String?
    /// The file it points into.
    public let file: SourceFile
    /// Where it is in the file, in bytes.
    public let range: SourceRange

    /// Creates a diagnostic at a byte range of a file.
    public init(_ severity: Severity, _ message: String, hint: String? = nil, in file: SourceFile, at range: SourceRange) {
        self.severity = severity
        self.message = message
        self.hint = hint
        self.file = file
        self.range = range
    }

    /// `path`, 1-based line and column of the range's start, as shown to a person.
    public var location: SourceLocation { file.location(of: range.start) }

    /// Diagnostics are equal when they say the same thing at the same place of the same path.
    public static func == (left: Diagnostic, right: Diagnostic) -> Bool {
        (left.severity, left.message, left.hint, left.file.path, left.range)
            == (right.severity, right.message, right.hint, right.file.path, right.range)
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(severity)
        hasher.combine(message)
        hasher.combine(hint)
        hasher.combine(file.path)
        hasher.combine(range)
    }

    /// `file:line:col: error: message`, then `  hint: ...` on the next line when there is a hint.
    public var description: String { rendered(colored: false) }

    /// The diagnostic as printed by the CLI; ANSI colours only when asked (a terminal).
    public func rendered(colored: Bool) -> String {
        let label: String
        if colored {
            let colour = severity == .error ? "\u{1B}[1;31m" : "\u{1B}[1;33m"
            label = "\(colour)\(severity.rawValue):\u{1B}[0m"
        } else {
            label = "\(severity.rawValue):"
        }
        var line = "\(location): \(label) \(message)"
        if let hint {
            line += colored ? "\n  \u{1B}[36mhint:\u{1B}[0m \(hint)" : "\n  hint: \(hint)"
        }
        return line
    }
}

/// Collects diagnostics for one file; stages append, the driver sorts and prints them.
public struct DiagnosticBag: Sendable {
    /// The file the diagnostics point into.
    public let file: SourceFile
    /// Everything reported so far, in the order found.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates an empty bag for a file.
    public init(file: SourceFile) { self.file = file }

    /// Reports an error at a byte range.
    public mutating func error(_ message: String, hint: String? = nil, at range: SourceRange) {
        diagnostics.append(Diagnostic(.error, message, hint: hint, in: file, at: range))
    }

    /// Reports a warning at a byte range.
    public mutating func warning(_ message: String, hint: String? = nil, at range: SourceRange) {
        diagnostics.append(Diagnostic(.warning, message, hint: hint, in: file, at: range))
    }

    /// Whether any error (not warning) was reported.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
