/// A schema `pattern` means one thing everywhere: the whole value matches it. Each engine's
/// regular expressions find a match anywhere, so the pattern is wrapped in a group (which keeps
/// an alternation `a|b` inside the anchors) between anchors that mean "start" and "very end" in
/// that engine. `$` alone is not enough: PCRE (MariaDB, MongoDB) and ICU (MySQL, Swift's
/// `NSRegularExpression`) also match it before a final newline.
///
/// SQLite has no regular-expression function by default and checks no pattern.
public enum WholeMatchPattern {
    /// PostgreSQL (ARE): `^` and `$` match only at the ends unless newline-sensitive mode is asked.
    public static func postgres(_ pattern: String) -> String { "^(?:" + pattern + ")$" }

    /// MySQL (ICU) and MariaDB (PCRE2): `\A` and `\z` are the absolute ends in both.
    public static func mysql(_ pattern: String) -> String { "\\A(?:" + pattern + ")\\z" }

    /// MongoDB `$jsonSchema` (PCRE), written so JavaScript reads it the same (it has no `\z`):
    /// the end is where no character follows.
    public static func mongo(_ pattern: String) -> String { "^(?:" + pattern + ")(?![\\s\\S])" }
}
