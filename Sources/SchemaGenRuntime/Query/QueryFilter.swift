import Foundation

/// A column a filter reads: its row position and store name.
public struct QueryColumn: Sendable, Hashable {
    /// The row position.
    public let position: Int
    /// The store column name.
    public let name: String
    /// For a decimal column (stored as an integer scaled by 10^scale): its scale, so plans
    /// print the decimal values rather than the stored integers.
    public let decimalScale: Int?

    init(_ position: Int, _ name: String, decimalScale: Int? = nil) {
        self.position = position
        self.name = name
        self.decimalScale = decimalScale
    }

    /// A stored value of this column as a plan prints it.
    func literal(_ value: StoreValue) -> String {
        guard let decimalScale, case .int(let scaled) = value else { return Self.literal(value) }
        return "\(Decimal(scaled) / pow(Decimal(10), decimalScale))"
    }

    /// A value as the plan prints it: numbers and booleans bare, strings quoted SQL-style,
    /// timestamps as ISO 8601 UTC.
    static func literal(_ value: StoreValue) -> String {
        switch value {
        case .null: return "null"
        case .int(let v): return "\(v)"
        case .double(let v): return "\(v)"
        case .bool(let v): return "\(v)"
        case .string(let v): return "'" + v.replacingOccurrences(of: "'", with: "''") + "'"
        case .timestamp: return value.dateValue.map { ISO8601DateFormatter().string(from: $0) } ?? "?"
        case .uuid(let v): return v.uuidString
        case .bytes(let v): return "x'" + v.map { String(format: "%02X", $0) }.joined() + "'"
        }
    }
}

/// A condition on the rows of `Record`, with SQL's rules for nulls: a comparison with a null
/// is unknown, `not` of unknown is unknown, and only rows where the whole condition is true
/// match. Built from generated ``QueryField``s with `==`, `<`, `isIn`, `isNull`, `hasPrefix`,
/// `&&`, `||` and `!`.
public indirect enum QueryFilter<Record: StoredRecord>: Sendable, Hashable {
    /// Every row.
    case all
    /// The column compared with a (non-null) value.
    case compare(QueryColumn, ComparisonOperator, StoreValue)
    /// The column equals one of the values.
    case oneOf(QueryColumn, [StoreValue])
    /// The column is null.
    case null(QueryColumn)
    /// The column is a string starting with the prefix.
    case prefix(QueryColumn, String)
    /// The column is bytes starting with the prefix.
    case bytesPrefix(QueryColumn, [UInt8])
    /// The column is an encoded array (``BinaryCodable``) with no elements.
    case emptyArray(QueryColumn)
    /// The column is an encoded array holding an element.
    case arrayContains(QueryColumn, ArrayElementTest)
    /// A value computed from a column (a nested document's member, an array's count, a JSON
    /// value's canonical text) meets the inner condition, which reads it at position 0.
    case derived(DerivedColumn, QueryFilter)
    /// Both hold.
    case and(QueryFilter, QueryFilter)
    /// Either holds.
    case or(QueryFilter, QueryFilter)
    /// The condition is false (unknown stays unknown).
    case not(QueryFilter)

    /// Whether `row` matches (the condition is true, not false or unknown).
    public func matches(_ row: Row) -> Bool { evaluate(row) == true }

    /// Three-valued evaluation: nil is SQL's unknown.
    func evaluate(_ row: Row) -> Bool? {
        switch self {
        case .all: return true
        case .compare(let column, let comparison, let value):
            let stored = row[column.position]
            if stored.isNull { return nil }
            let order = StoreValue.compare(stored, value)
            return comparison.holds(forOrder: order)
        case .oneOf(let column, let values):
            let stored = row[column.position]
            if stored.isNull { return nil }
            return values.contains { StoreValue.compare(stored, $0) == 0 }
        case .null(let column):
            return row[column.position].isNull
        case .prefix(let column, let prefix):
            guard case .string(let stored) = row[column.position] else { return nil }
            return stored.utf8.starts(with: prefix.utf8)
        case .bytesPrefix(let column, let prefix):
            guard case .bytes(let stored) = row[column.position] else { return nil }
            return stored.starts(with: prefix)
        case .emptyArray(let column):
            guard case .bytes(let stored) = row[column.position] else { return nil }
            // An encoded array starts with its element count.
            var reader = BinaryReader(stored)
            return (try? reader.readUnsigned()).map { $0 == 0 }
        case .arrayContains(let column, let test):
            guard case .bytes(let stored) = row[column.position] else { return nil }
            return test.holds(stored)
        case .derived(let derived, let inner):
            guard let value = derived.derive(row[derived.column.position]) else { return nil }
            return inner.evaluate([value])
        case .and(let left, let right):
            let a = left.evaluate(row)
            if a == false { return false }
            let b = right.evaluate(row)
            if b == false { return false }
            return a == true && b == true ? true : nil
        case .or(let left, let right):
            let a = left.evaluate(row)
            if a == true { return true }
            let b = right.evaluate(row)
            if b == true { return true }
            return a == false && b == false ? false : nil
        case .not(let inner):
            return inner.evaluate(row).map { !$0 }
        }
    }

    /// The conditions that must all hold: the operands of top-level `and`s.
    var conjuncts: [QueryFilter] {
        var terms: [QueryFilter] = []
        collectConjuncts(into: &terms)
        return terms
    }

    /// Appends the conjuncts to `terms` (one array for the whole tree: planning runs per query).
    private func collectConjuncts(into terms: inout [QueryFilter]) {
        switch self {
        case .and(let left, let right):
            left.collectConjuncts(into: &terms)
            right.collectConjuncts(into: &terms)
        case .all: return
        default: terms.append(self)
        }
    }

    /// The filter with values left out (`user_id = ?`): what a page token is bound to, so a
    /// token only resumes a query of the same shape.
    public var shape: String { render { _, _ in "?" } }

    /// The filter with its values, for ``QueryPlan``.
    public var text: String { render { $1.literal($0) } }

    private func render(_ value: (StoreValue, QueryColumn) -> String) -> String {
        switch self {
        case .all: return "true"
        case .compare(let column, let comparison, let v): return "\(column.name) \(comparison.sqlSymbol) \(value(v, column))"
        case .oneOf(let column, let values): return "\(column.name) in (\(values.map { value($0, column) }.joined(separator: ", ")))"
        case .null(let column): return "\(column.name) is null"
        case .prefix(let column, let prefix): return "\(column.name) starts with \(value(.string(prefix), column))"
        case .bytesPrefix(let column, let prefix): return "\(column.name) starts with \(value(.bytes(prefix), column))"
        case .emptyArray(let column): return "\(column.name) is empty"
        case .arrayContains(let column, let test): return "\(column.name) contains \(value(test.element, column))"
        case .derived(_, let inner): return inner.render(value)
        case .and(let left, let right): return "(\(left.render(value)) and \(right.render(value)))"
        case .or(let left, let right): return "(\(left.render(value)) or \(right.render(value)))"
        case .not(let inner): return "not \(inner.render(value))"
        }
    }
}

/// Both conditions hold.
public func && <Record>(left: QueryFilter<Record>, right: QueryFilter<Record>) -> QueryFilter<Record> { .and(left, right) }
/// Either condition holds.
public func || <Record>(left: QueryFilter<Record>, right: QueryFilter<Record>) -> QueryFilter<Record> { .or(left, right) }
/// The condition is false (rows where it is unknown, through a null, match neither it nor this).
public prefix func ! <Record>(filter: QueryFilter<Record>) -> QueryFilter<Record> { .not(filter) }

extension QueryFilter {
    /// The row positions the condition reads.
    var columnPositions: Set<Int> {
        switch self {
        case .all: return []
        case .compare(let column, _, _), .oneOf(let column, _), .null(let column), .prefix(let column, _), .bytesPrefix(let column, _),
             .emptyArray(let column), .arrayContains(let column, _): return [column.position]
        case .and(let left, let right), .or(let left, let right): return left.columnPositions.union(right.columnPositions)
        case .not(let inner): return inner.columnPositions
        case .derived(let derived, _): return [derived.column.position]
        }
    }

    /// Calls `body` with each row position the condition reads (``columnPositions`` without
    /// building a set; a position read twice is passed twice).
    func forEachColumn(_ body: (Int) -> Void) {
        switch self {
        case .all: return
        case .compare(let column, _, _), .oneOf(let column, _), .null(let column), .prefix(let column, _), .bytesPrefix(let column, _),
             .emptyArray(let column), .arrayContains(let column, _): body(column.position)
        case .and(let left, let right), .or(let left, let right):
            left.forEachColumn(body)
            right.forEachColumn(body)
        case .not(let inner): inner.forEachColumn(body)
        case .derived(let derived, _): body(derived.column.position)
        }
    }
}
