import Foundation

/// One reason a migration cannot run: a row whose value does not fit the new shape, a
/// duplicate in a new unique index, an orphan of a new foreign key, or a rule that has
/// nothing to convert with. Listed in ``StoreError/migrationFailed(version:failures:omitted:)``.
public struct MigrationFailure: Sendable, Hashable, CustomStringConvertible {
    /// The table (its name in the version migrated to).
    public var table: String
    /// The column (for a nested value, its path: `settings.quietHours.start`), an index or a
    /// foreign key's columns; `nil` when the failure concerns the whole table.
    public var column: String?
    /// The offending row's primary key as text (`42`, `"ada", 7`); `nil` when no single row is at fault.
    public var primaryKey: String?
    /// What is wrong, in one sentence.
    public var reason: String

    /// A failure of `table`.
    public init(table: String, column: String? = nil, primaryKey: String? = nil, reason: String) {
        self.table = table
        self.column = column
        self.primaryKey = primaryKey
        self.reason = reason
    }

    /// `table 'users' row 42 column 'age': value 300 does not fit in 8 bits`.
    public var description: String {
        var text = "table '\(table)'"
        if let primaryKey { text += " row \(primaryKey)" }
        if let column { text += " column '\(column)'" }
        return text + ": " + reason
    }
}

/// Collects failures, keeping the first few of each table and counting the rest, so one
/// error can name every kind of problem without listing a million rows.
struct MigrationFailures {
    static let perTable = 20
    private(set) var listed: [MigrationFailure] = []
    private(set) var omitted: [String: Int] = [:]
    private var counts: [String: Int] = [:]

    var isEmpty: Bool { listed.isEmpty }

    func count(in table: String) -> Int { counts[table, default: 0] }

    mutating func add(_ failure: MigrationFailure) {
        counts[failure.table, default: 0] += 1
        if counts[failure.table]! <= Self.perTable { listed.append(failure) } else { omitted[failure.table, default: 0] += 1 }
    }

    func error(version: Int) -> StoreError {
        .migrationFailed(version: version, failures: listed, omitted: omitted)
    }
}

extension StoreValue {
    /// The value as a migration error shows it: numbers plain, strings quoted.
    var migrationText: String {
        switch self {
        case .null: return "null"
        case .int(let v), .timestamp(let v): return String(v)
        case .double(let v): return String(v)
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return String(b)
        case .uuid(let u): return u.uuidString
        case .bytes(let b): return "0x" + b.map { String(format: "%02x", $0) }.joined()
        }
    }

    /// Primary-key values as text, comma-separated.
    static func keyText(_ values: [StoreValue]) -> String {
        values.map(\.migrationText).joined(separator: ", ")
    }
}
