import SchemaLanguage

/// A SQL database the emitter writes DDL for. Everything that differs between the three engines
/// (quoting, literals, time arithmetic) is answered here, so statement builders stay dialect-neutral.
public enum SQLDialect: String, Sendable, Hashable, CaseIterable {
    /// SQLite 3.25 or later (window functions for `keep newest`).
    case sqlite
    /// PostgreSQL 15 or later.
    case postgres
    /// MySQL 8.0.16+ or MariaDB 10.5+: one script serves both.
    case mysql

    /// The dialect for a schema target, or nil for MongoDB.
    public init?(target: Target) {
        switch target {
        case .sqlite: self = .sqlite
        case .postgres: self = .postgres
        case .mysql: self = .mysql
        case .mongo: return nil
        }
    }

    /// The engine's name in generated comments.
    public var displayName: String {
        switch self {
        case .sqlite: "SQLite"
        case .postgres: "PostgreSQL"
        case .mysql: "MySQL/MariaDB"
        }
    }

    /// A quoted identifier. Every name is quoted, so reserved words (`type`, `order`, `groups`)
    /// and mixed case need no special treatment.
    public func quote(_ identifier: String) -> String {
        switch self {
        case .sqlite, .postgres: "\"" + Self.doubling("\"", in: identifier) + "\""
        case .mysql: "`" + Self.doubling("`", in: identifier) + "`"
        }
    }

    /// The text with every occurrence of a quoting scalar doubled. It works on Unicode scalars, not
    /// characters: a quote followed by a combining mark is one `Character` but still ends a quoted
    /// name for the server's parser, so it must be doubled too.
    static func doubling(_ mark: Unicode.Scalar, in text: String) -> String {
        guard text.unicodeScalars.contains(mark) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(scalar)
            if scalar == mark { result.append(scalar) }
        }
        return String(result)
    }

    /// A string literal. MySQL treats backslash as an escape character inside literals (unless
    /// `NO_BACKSLASH_ESCAPES`), so it is doubled there; SQLite only doubles quotes. A PostgreSQL
    /// string holding a backslash is written `E'…'` with it doubled: a plain `'…\'` would end
    /// early on a server running with `standard_conforming_strings = off`.
    public func string(_ text: String) -> String {
        let escapesBackslash = self == .mysql || (self == .postgres && text.unicodeScalars.contains("\\"))
        var escaped = Self.doubling("'", in: text)
        if escapesBackslash { escaped = Self.doubling("\\", in: escaped) }
        return (self == .postgres && escapesBackslash ? "E'" : "'") + escaped + "'"
    }

    /// A `-- ` line comment (the same in every dialect): the text stays on the comment's line
    /// whatever it holds (see ``CommentText``).
    public static func comment(_ text: String) -> String {
        ("-- " + CommentText.oneLine(text)).trimmingTrailingSpaces()
    }

    /// A PostgreSQL dollar-quoted body, `$$…$$`, or `$schemagen$…$schemagen$` (then
    /// `$schemagen1$`, …) when the body holds `$$`: the closing tag must not occur in the body,
    /// nor start inside it (a body ending in `$`), or schema text could close it early.
    public static func dollarQuoted(_ body: String) -> String {
        var tag = "$$"
        var counter = 0
        while firstOccurrence(of: Array(tag.utf8), in: Array((body + tag).utf8)) != body.utf8.count {
            tag = "$schemagen" + (counter == 0 ? "" : String(counter)) + "$"
            counter += 1
        }
        return tag + body + tag
    }

    private static func firstOccurrence(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// A boolean literal: SQLite has no boolean type and stores 0 and 1.
    public func bool(_ value: Bool) -> String {
        switch self {
        case .sqlite: value ? "1" : "0"
        case .postgres: value ? "true" : "false"
        case .mysql: value ? "TRUE" : "FALSE"
        }
    }

    /// The current instant, in the form the dialect stores timestamps.
    public var currentTimestamp: String {
        switch self {
        case .sqlite, .postgres: "CURRENT_TIMESTAMP"
        case .mysql: "CURRENT_TIMESTAMP(6)"
        }
    }

    /// The current instant as the field stores it: a naive (`timestamp`) PostgreSQL column holds
    /// UTC wall-clock time, so the session's zone must not shift it.
    public func currentTimestamp(for field: Field) -> String {
        self == .postgres && field.storage.timestamp == .naive ? Self.utcWallClock : currentTimestamp
    }

    /// `CURRENT_TIMESTAMP` as UTC without an offset (PostgreSQL).
    static let utcWallClock = "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')"

    /// The current instant minus a fixed span, comparable with the field's stored timestamps:
    /// whole days when the span is, else seconds.
    public func now(minus span: TimeSpan, for field: Field?) -> String {
        let days = span.wholeDays
        return now(minus: .literal(days ?? span.seconds), days == nil ? .seconds : .days, for: field)
    }

    /// ``now`` comparable with the field's storage.
    public func now(for field: Field?) -> String {
        self == .postgres && field?.storage.timestamp == .naive ? "(\(now) AT TIME ZONE 'UTC')" : now
    }

    /// The custom setting PostgreSQL retention jobs read as their current instant when a client
    /// set it (`SET LOCAL schemagen.now = '…'`): an application's sweep runs the jobs as of its
    /// own clock, so a bot's tests and its scheduled jobs agree on what is due.
    public static let postgresNowSetting = "schemagen.now"

    /// An amount of time in a script: a number, or an expression a client sets per run (a retention
    /// period's parameter).
    public enum Amount: Sendable, Hashable {
        /// A fixed number of units.
        case literal(Int64)
        /// An SQL expression giving the number of units when the script runs.
        case expression(String)

        /// The number, or the expression, as written in SQL.
        var sql: String {
            switch self {
            case .literal(let count): "\(count)"
            case .expression(let expression): expression
            }
        }
    }

    /// The current instant minus `amount` `unit`s, comparable with the field's stored timestamps:
    /// the one rendering of an age, for fixed ages and named periods alike. SQLite compares the
    /// text `YYYY-MM-DD HH:MM:SS` that `CURRENT_TIMESTAMP` writes, so `datetime()` produces the same form.
    public func now(minus amount: Amount, _ unit: SQLPeriodUnit, for field: Field?) -> String {
        switch (self, amount) {
        case (.sqlite, .literal(let count)):
            return "datetime('now', '-\(count) \(unit.rawValue)')"
        case (.sqlite, .expression(let count)):
            return "datetime('now', '-' || \(count) || ' \(unit.rawValue)')"
        case (.postgres, .literal(let count)):
            return now(for: field) + " - INTERVAL '\(count) \(unit.rawValue)'"
        case (.postgres, .expression(let count)):
            return now(for: field) + " - " + (unit == .days ? "make_interval(days => \(count)::integer)" : "make_interval(secs => \(count))")
        case (.mysql, _):
            // INTERVAL takes a number or any expression alike.
            return "\(now) - INTERVAL \(amount.sql) \(unit == .days ? "DAY" : "SECOND")"
        }
    }

    /// The current instant for `<=` comparisons with stored timestamps (`delete at expires_at`).
    /// On PostgreSQL, ``postgresNowSetting`` when set, else the transaction's start.
    public var now: String {
        switch self {
        case .sqlite: "datetime('now')"
        case .postgres: "COALESCE(NULLIF(current_setting('\(Self.postgresNowSetting)', true), '')::timestamptz, CURRENT_TIMESTAMP)"
        case .mysql: "CURRENT_TIMESTAMP(6)"
        }
    }

    /// `a IS DISTINCT FROM b`: null-safe inequality (MySQL spells it with `<=>`).
    public func isDistinct(_ left: String, from right: String) -> String {
        switch self {
        case .sqlite: "\(left) IS NOT \(right)"
        case .postgres: "\(left) IS DISTINCT FROM \(right)"
        case .mysql: "NOT (\(left) <=> \(right))"
        }
    }

    /// The longest identifier the engine accepts (PostgreSQL truncates silently at 63 bytes,
    /// MySQL rejects names over 64).
    public var maxIdentifierLength: Int {
        switch self {
        case .sqlite: 128
        case .postgres: 63
        case .mysql: 64
        }
    }

    /// The output file of the DDL.
    public var ddlFileName: String { "sql/\(rawValue).sql" }
    /// The output file of the retention job.
    public var retentionFileName: String { "sql/\(rawValue).retention.sql" }
}
