import Foundation

/// A running sum of a column's non-null values, the way SQL's `SUM` and `AVG` count them:
/// integers exactly (overflow is an error, as in SQLite), doubles with a compensated sum.
public struct NumericTotal: Sendable, Hashable {
    /// The exact integer sum (integer columns).
    public private(set) var integer: Int64 = 0
    /// The double sum (double columns), compensation included.
    public var real: Double { realSum + compensation }
    /// How many non-null values were added.
    public private(set) var count = 0
    private var realSum = 0.0
    private var compensation = 0.0

    /// An empty total.
    public init() {}

    /// Adds one stored value; nulls are skipped.
    ///
    /// - Throws: ``QueryAggregateError/integerOverflow(column:)`` when an integer sum leaves 64 bits.
    mutating func add(_ value: StoreValue, column: String) throws {
        switch value {
        case .null: return
        case .int(let v), .timestamp(let v):
            let (sum, overflow) = integer.addingReportingOverflow(v)
            if overflow { throw QueryAggregateError.integerOverflow(column: column) }
            integer = sum
            addReal(Double(v))
        case .double(let v): addReal(v)
        default: return
        }
        count += 1
    }

    /// Neumaier's compensated addition, so long sums of doubles do not drift.
    private mutating func addReal(_ v: Double) {
        let t = realSum + v
        if abs(realSum) >= abs(v) { compensation += (realSum - t) + v } else { compensation += (v - t) + realSum }
        realSum = t
    }

    /// The mean, or nil when no value was added.
    var average: Double? { count == 0 ? nil : real / Double(count) }
}

/// Why an aggregate failed.
public enum QueryAggregateError: Error, Sendable, Hashable {
    /// An integer sum does not fit in 64 bits (SQLite reports "integer overflow" too).
    case integerOverflow(column: String)
}
