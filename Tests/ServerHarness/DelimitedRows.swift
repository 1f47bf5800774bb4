/// Splits a client's machine-readable output into rows of fields.
///
/// The harness asks `psql` and `sqlite3` to separate fields with U+001F (unit separator) and rows
/// with U+001E (record separator), characters that never occur in test data, so values containing
/// tabs or newlines come back intact. SQL NULL is printed as the text `NULL` by every client.
public enum DelimitedRows {
    /// The separator between fields (U+001F).
    public static let fieldSeparator: Character = "\u{1F}"
    /// The separator between rows (U+001E).
    public static let recordSeparator: Character = "\u{1E}"

    /// Rows of fields from `psql`/`sqlite3` output written with these separators.
    public static func parse(_ text: String) -> [[String]] {
        var body = Substring(text)
        if body.hasSuffix("\n") { body = body.dropLast() }  // psql ends its output with a newline
        if body.hasSuffix(String(recordSeparator)) { body = body.dropLast() }  // sqlite3 ends every row with one
        if body.isEmpty { return [] }
        return body
            .split(separator: recordSeparator, omittingEmptySubsequences: false)
            .map { row in row.split(separator: fieldSeparator, omittingEmptySubsequences: false).map(String.init) }
    }

    /// Parses `mariadb --batch --skip-column-names` output: rows on lines, fields separated by tabs,
    /// and `\\`, `\t`, `\n`, `\0` escaped inside values.
    public static func parseMariaDBBatch(_ text: String) -> [[String]] {
        var body = Substring(text)
        if body.hasSuffix("\n") { body = body.dropLast() }
        if body.isEmpty { return [] }
        return body
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.split(separator: "\t", omittingEmptySubsequences: false).map(unescape) }
    }

    private static func unescape(_ field: Substring) -> String {
        var result = ""
        var iterator = field.makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let escaped = iterator.next() else {
                result.append(character)
                continue
            }
            switch escaped {
            case "t": result.append("\t")
            case "n": result.append("\n")
            case "0": result.append("\0")
            default: result.append(escaped)
            }
        }
        return result
    }
}
