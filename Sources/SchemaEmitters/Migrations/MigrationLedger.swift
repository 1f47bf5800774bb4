import SchemaLanguage

/// The migrations of one schema as a chain of checksums, like a `go.sum` whose every line also
/// covers the line before it: editing, inserting, removing or reordering any old migration
/// changes every later sum, so `migrate check` names the first migration that differs.
///
/// A migration's files are hashed normalised: line endings as `\n`, trailing spaces dropped,
/// comment lines (`--`, `//`) and blank lines left out. Reformatting a comment is not a change;
/// changing a statement is.
public struct MigrationLedger: Sendable, Hashable {
    /// One migration: its folder name (`0002_add_bio`) and its files (name → text).
    public struct Entry: Sendable, Hashable {
        /// The folder name.
        public var name: String
        /// File name → contents.
        public var files: [String: String]
        /// Creates an entry.
        public init(name: String, files: [String: String]) {
            self.name = name
            self.files = files
        }
    }

    /// The migrations in order.
    public var entries: [Entry]

    /// Creates a ledger.
    public init(entries: [Entry]) { self.entries = entries }

    /// The chained sum after each migration, in order.
    public var sums: [String] {
        var previous = ""
        return entries.map { entry in
            var text = previous + "\n" + entry.name + "\n"
            for name in entry.files.keys.sorted() {
                text += name + "\n" + Self.normalised(entry.files[name]!) + "\n"
            }
            previous = SHA256.hex(text)
            return previous
        }
    }

    /// The sum file: a header comment, then `<name> <sum>` per migration.
    public var sumFile: String {
        var lines = ["# schemagen migration sums: each line is SHA-256 over the line before it and the",
                     "# migration's files (normalised). Written by 'schemagen migrate new'; do not edit."]
        for (entry, sum) in zip(entries, sums) { lines.append("\(entry.name) \(sum)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What differs between the migrations on disk and a sum file, in order; empty when they agree.
    public func problems(against sumFile: String) -> [String] {
        let recorded = sumFile.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return (name: parts[0], sum: parts.count > 1 ? parts[1] : "")
        }
        let sums = sums
        var problems: [String] = []
        for (position, entry) in entries.enumerated() {
            guard position < recorded.count else {
                problems.append("migration \(entry.name) is not in the sum file (added by hand, or 'migrate new' was interrupted)")
                continue
            }
            let expected = recorded[position]
            if expected.name != entry.name {
                let inSums = recorded.contains { $0.name == entry.name }
                problems.append(inSums
                    ? "migration \(expected.name) was removed or the order changed: \(entry.name) is at position \(position + 1)"
                    : "migration \(entry.name) was inserted before \(expected.name)")
                return problems
            }
            if expected.sum != sums[position] {
                problems.append("migration \(entry.name) was edited after it was written (its sum no longer matches)")
                return problems
            }
        }
        for missing in recorded.dropFirst(entries.count) {
            problems.append("migration \(missing.name) is in the sum file but its folder is missing")
        }
        return problems
    }

    /// Text as hashed: `\n` line ends, no trailing spaces, no comment or blank lines.
    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: true)
            .map { line -> Substring in
                var end = line.endIndex
                while end > line.startIndex, line[line.index(before: end)] == " " || line[line.index(before: end)] == "\t" {
                    end = line.index(before: end)
                }
                return line[..<end]
            }
            .filter { line in
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                return !trimmed.isEmpty && !trimmed.hasPrefix("--") && !trimmed.hasPrefix("//") && !trimmed.hasPrefix("#")
            }
            .joined(separator: "\n")
    }
}
