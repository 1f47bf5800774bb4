/// How a column is compared with a constant in a ``RowCondition``.
public enum ComparisonOperator: String, Codable, Sendable, Hashable {
    /// `==`
    case equal
    /// `!=`
    case notEqual
    /// `<`
    case less
    /// `<=`
    case lessOrEqual
    /// `>`
    case greater
    /// `>=`
    case greaterOrEqual

    /// Whether the comparison holds for two values whose ``StoreValue/compare(_:_:)`` is `order`.
    @inline(__always)
    func holds(forOrder order: Int) -> Bool {
        switch self {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }

    /// The SQL spelling (`=`, `<>`, `<`, `<=`, `>`, `>=`), for `explain()` and descriptions.
    public var sqlSymbol: String {
        switch self {
        case .equal: "="
        case .notEqual: "<>"
        case .less: "<"
        case .lessOrEqual: "<="
        case .greater: ">"
        case .greaterOrEqual: ">="
        }
    }
}

/// A condition on one row, used by partial indexes and by expiry filters.
///
/// Comparisons follow index order (see ``StoreValue/compare(_:_:)``), and a comparison
/// with a `null` column value is false, as in SQL's `WHERE`.
public indirect enum RowCondition: Codable, Sendable, Hashable {
    /// `column op value`.
    case compare(String, ComparisonOperator, StoreValue)
    /// The column is null.
    case isNull(String)
    /// The column is not null.
    case isNotNull(String)
    /// All of the conditions hold (true when empty).
    case and([RowCondition])
    /// Any of the conditions holds (false when empty).
    case or([RowCondition])
    /// The condition does not hold.
    case not(RowCondition)

    /// `column == value`.
    public static func equals(_ column: String, _ value: StoreValue) -> RowCondition { .compare(column, .equal, value) }

    /// Every column the condition reads.
    var columnNames: [String] {
        switch self {
        case .compare(let c, _, _), .isNull(let c), .isNotNull(let c): return [c]
        case .and(let cs), .or(let cs): return cs.flatMap(\.columnNames)
        case .not(let c): return c.columnNames
        }
    }
}

extension RowCondition {
    /// Whether a row satisfies the condition, evaluated exactly as the store evaluates partial
    /// indexes and expiry filters (a comparison with null is false; an unknown column fails).
    public func isSatisfied(by row: Row, columns: [String: Int]) -> Bool {
        (try? ResolvedCondition(self, columns: columns))?.evaluate(row) ?? false
    }
}

/// A ``RowCondition`` with column names resolved to row positions, ready to evaluate.
indirect enum ResolvedCondition: Sendable {
    case compare(Int, ComparisonOperator, StoreValue)
    case isNull(Int)
    case isNotNull(Int)
    case and([ResolvedCondition])
    case or([ResolvedCondition])
    case not(ResolvedCondition)

    init(_ condition: RowCondition, columns: [String: Int]) throws {
        func col(_ name: String) throws -> Int {
            guard let i = columns[name] else { throw StoreError.invalidSchema("condition names unknown column '\(name)'") }
            return i
        }
        switch condition {
        case .compare(let c, let op, let v): self = .compare(try col(c), op, v)
        case .isNull(let c): self = .isNull(try col(c))
        case .isNotNull(let c): self = .isNotNull(try col(c))
        case .and(let cs): self = .and(try cs.map { try ResolvedCondition($0, columns: columns) })
        case .or(let cs): self = .or(try cs.map { try ResolvedCondition($0, columns: columns) })
        case .not(let c): self = .not(try ResolvedCondition(c, columns: columns))
        }
    }

    /// The row positions the condition reads.
    var columns: Set<Int> {
        switch self {
        case .compare(let i, _, _), .isNull(let i), .isNotNull(let i): return [i]
        case .and(let cs), .or(let cs): return cs.reduce(into: []) { $0.formUnion($1.columns) }
        case .not(let c): return c.columns
        }
    }

    func evaluate(_ row: Row) -> Bool {
        switch self {
        case .compare(let i, let op, let v):
            let value = row[i]
            if value.isNull || v.isNull { return false }
            let c = StoreValue.compare(value, v)
            return op.holds(forOrder: c)
        case .isNull(let i): return row[i].isNull
        case .isNotNull(let i): return !row[i].isNull
        case .and(let cs): return cs.allSatisfy { $0.evaluate(row) }
        case .or(let cs): return cs.contains { $0.evaluate(row) }
        case .not(let c): return !c.evaluate(row)
        }
    }
}
