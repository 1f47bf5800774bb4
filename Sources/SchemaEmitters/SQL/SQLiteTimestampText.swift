/// SQLite keeps timestamps as text and compares them as text, so retention jobs are right only
/// when every value has CURRENT_TIMESTAMP's form: `YYYY-MM-DD HH:MM:SS`, optionally with
/// fractional seconds. `2024-01-01T10:00:00Z` or a Unix time would sort wrongly and expire rows
/// early or never; the column's CHECK refuses them.
enum SQLiteTimestampText {
    /// The condition on one column: `strftime` rewrites the first 19 characters only if they are
    /// a valid date and time in that form, and anything after them must be `.digits`. `IS` keeps
    /// the result 0 or 1 (a NULL would pass a CHECK).
    static func check(_ column: String) -> String {
        "strftime('%Y-%m-%d %H:%M:%S', \(column)) IS substr(\(column), 1, 19) AND (length(\(column)) = 19 OR "
            + "(substr(\(column), 20, 1) = '.' AND length(\(column)) > 20 AND substr(\(column), 21) NOT GLOB '*[^0-9]*'))"
    }
}
