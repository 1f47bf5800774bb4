/// A schema file's text with a line table, so byte offsets can be turned into line and column.
/// Two files are equal when path and text are.
public struct SourceFile: Sendable, Hashable {
    /// The path as given on the command line (used verbatim in diagnostics).
    public let path: String
    /// The file's text.
    public let text: String
    /// The file's UTF-8 bytes; offsets in ``SourceRange`` index into these.
    public let bytes: [UInt8]
    private let lineStarts: [Int]

    /// Creates a source file from its path and text.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    /// Files are equal when path and text are (bytes and line table follow from the text).
    public static func == (left: SourceFile, right: SourceFile) -> Bool {
        left.path == right.path && left.text == right.text
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(text)
    }

    /// The 1-based line and column (in characters) of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let lineStart = lineStarts[low]
        let prefix = bytes[lineStart..<clamped]
        // Count characters, not bytes: continuation bytes (10xxxxxx) do not start a character.
        let column = prefix.reduce(0) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) } + 1
        return SourceLocation(path: path, line: low + 1, column: column)
    }

    /// The text of a byte range.
    public func text(of range: SourceRange) -> String {
        let lower = max(0, min(range.start, bytes.count))
        let upper = max(lower, min(range.end, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}

/// A half-open range of byte offsets into a ``SourceFile``.
public struct SourceRange: Sendable, Hashable {
    /// Offset of the first byte.
    public var start: Int
    /// Offset one past the last byte.
    public var end: Int

    /// Creates a range from its bounds.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// The smallest range covering both ranges.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }
}

/// A position a person can find in an editor: file, 1-based line and column.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path.
    public let path: String
    /// 1-based line.
    public let line: Int
    /// 1-based column, counted in characters.
    public let column: Int

    /// Creates a location.
    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:col`, the form editors and CI logs link to.
    public var description: String { "\(path):\(line):\(column)" }
}
