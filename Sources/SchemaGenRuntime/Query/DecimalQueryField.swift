import Foundation

/// A decimal field of `Record` as typed queries see it. The store keeps a decimal as an integer
/// scaled by 10^``scale``, which orders exactly as the decimals do (SQL's numeric order), so
/// comparisons are made on the scaled integers and an index on the field bounds the scan. A
/// value with more fraction digits than the scale is compared exactly, not rounded:
/// `rating > 4.555` on a `decimal(3, 2)` is `rating >= 4.56`, and `rating == 4.555` matches no row.
public struct DecimalQueryField<Record: StoredRecord>: Sendable {
    /// The field's position in the stored row.
    public let position: Int
    /// The store column name.
    public let name: String
    /// The number of fraction digits stored.
    public let scale: Int

    /// A decimal field at `position` of the row, stored in column `name` with `scale` fraction digits.
    public init(position: Int, name: String, scale: Int) {
        self.position = position
        self.name = name
        self.scale = scale
    }

    var column: QueryColumn { QueryColumn(position, name, decimalScale: scale) }

    /// Rows whose value is null.
    public var isNull: QueryFilter<Record> { .null(column) }

    /// Rows whose value is not null.
    public var isNotNull: QueryFilter<Record> { .not(.null(column)) }

    /// Rows whose value equals one of `values` (never a null). Values the column cannot hold
    /// exactly (more fraction digits than its scale) match nothing.
    public func isIn(_ values: [Decimal]) -> QueryFilter<Record> { Self.oneOf(column, scale: scale, values) }

    /// The condition `field <op> value` on the scaled integers, exact for any `value`.
    func comparison(_ comparison: ComparisonOperator, _ value: Decimal) -> QueryFilter<Record> {
        Self.comparison(column, scale: scale, comparison, value)
    }

    /// The condition that `column`, holding decimals scaled by 10^`scale`, is one of `values`.
    static func oneOf(_ column: QueryColumn, scale: Int, _ values: [Decimal]) -> QueryFilter<Record> {
        let held = values.compactMap { Self.scaled($0, scale: scale).flatMap { Decimal.exactInteger($0) } }
        guard held.isEmpty, !values.isEmpty else { return .oneOf(column, held.map(StoreValue.int)) }
        return Self.noValue(column)
    }

    /// The condition `column <op> value` on `column`'s decimals scaled by 10^`scale`, exact for any `value`.
    static func comparison(_ column: QueryColumn, scale: Int, _ comparison: ComparisonOperator, _ value: Decimal) -> QueryFilter<Record> {
        guard let scaled = Self.scaled(value, scale: scale) else {
            // NaN compares with nothing: no row matches either way, nulls stay unknown.
            return comparison == .notEqual ? Self.anyValue(column) : Self.noValue(column)
        }
        let floor = scaled.whole(.down), ceiling = scaled.whole(.up)
        switch comparison {
        case .equal:
            guard floor == ceiling, let exact = Decimal.exactInteger(floor) else { return Self.noValue(column) }
            return .compare(column, .equal, .int(exact))
        case .notEqual:
            guard floor == ceiling, let exact = Decimal.exactInteger(floor) else { return Self.anyValue(column) }
            return .compare(column, .notEqual, .int(exact))
        // For an integer n and a real r: n > r ⇔ n ≥ ⌊r⌋ + 1, n ≥ r ⇔ n ≥ ⌈r⌉, n < r ⇔ n ≤ ⌈r⌉ - 1, n ≤ r ⇔ n ≤ ⌊r⌋.
        case .greater: return Self.atLeast(column, floor + 1)
        case .greaterOrEqual: return Self.atLeast(column, ceiling)
        case .less: return Self.atMost(column, ceiling - 1)
        case .lessOrEqual: return Self.atMost(column, floor)
        }
    }

    /// `value` × 10^scale, nil for NaN.
    static func scaled(_ value: Decimal, scale: Int) -> Decimal? {
        value.isNaN ? nil : value * pow(Decimal(10), scale)
    }

    /// Rows whose scaled integer is at least `bound`, for a bound outside 64 bits too.
    static func atLeast(_ column: QueryColumn, _ bound: Decimal) -> QueryFilter<Record> {
        if bound <= Decimal(Int64.min) { return anyValue(column) }
        guard let exact = Decimal.exactInteger(bound) else { return noValue(column) }
        return .compare(column, .greaterOrEqual, .int(exact))
    }

    /// Rows whose scaled integer is at most `bound`, for a bound outside 64 bits too.
    static func atMost(_ column: QueryColumn, _ bound: Decimal) -> QueryFilter<Record> {
        if bound >= Decimal(Int64.max) { return anyValue(column) }
        guard let exact = Decimal.exactInteger(bound) else { return noValue(column) }
        return .compare(column, .lessOrEqual, .int(exact))
    }

    /// True for every stored value, unknown for a null (as SQL's `x <> 4.555` on a whole-cent column).
    static func anyValue(_ column: QueryColumn) -> QueryFilter<Record> { .compare(column, .greaterOrEqual, .int(.min)) }
    /// False for every stored value, unknown for a null (as SQL's `x = 4.555` on a whole-cent column).
    static func noValue(_ column: QueryColumn) -> QueryFilter<Record> { .compare(column, .less, .int(.min)) }
}

extension Decimal {
    /// The value rounded to a whole number (`.down`: floor, `.up`: ceiling).
    func whole(_ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var value = self, result = Decimal()
        NSDecimalRound(&result, &value, 0, mode)
        return result
    }

    /// The integer a whole decimal stands for, nil when it has a fraction or leaves 64 bits.
    static func exactInteger(_ value: Decimal) -> Int64? {
        guard !value.isNaN, value >= Decimal(Int64.min), value <= Decimal(Int64.max), value.whole(.down) == value else { return nil }
        return Int64("\(value)")
    }
}

/// Rows whose decimal equals `value` (exactly: a value with more fraction digits than the column's scale matches nothing).
public func == <Record>(field: DecimalQueryField<Record>, value: Decimal) -> QueryFilter<Record> { field.comparison(.equal, value) }
/// Rows whose decimal is set and differs from `value` (SQL `<>`: nulls do not match).
public func != <Record>(field: DecimalQueryField<Record>, value: Decimal) -> QueryFilter<Record> { field.comparison(.notEqual, value) }
/// Rows whose decimal is less than `value`.
public func < <Record>(field: DecimalQueryField<Record>, value: Decimal) -> QueryFilter<Record> { field.comparison(.less, value) }
/// Rows whose decimal is at most `value`.
public func <= <Record>(field: DecimalQueryField<Record>, value: Decimal) -> QueryFilter<Record> { field.comparison(.lessOrEqual, value) }
/// Rows whose decimal is greater than `value`.
public func > <Record>(field: DecimalQueryField<Record>, value: Decimal) -> QueryFilter<Record> { field.comparison(.greater, value) }
/// Rows whose decimal is at least `value`.
public func >= <Record>(field: DecimalQueryField<Record>, value: Decimal) -> QueryFilter<Record> { field.comparison(.greaterOrEqual, value) }
