import Foundation

/// A Swift type a typed query field can hold: a ``ColumnValue`` whose comparisons are made
/// with its ``QueryOperand`` (the type itself, or the wrapped type of an optional field), so
/// `$0.userID == 7` compiles for an `Int64?` field and `$0.userID == "7"` does not.
public protocol QueryValue: ColumnValue {
    /// The type compared against: `Self` without optionality.
    associatedtype QueryOperand: ColumnValue
}

extension Int32: QueryValue { public typealias QueryOperand = Int32 }
extension Int64: QueryValue { public typealias QueryOperand = Int64 }
extension Double: QueryValue { public typealias QueryOperand = Double }
extension Bool: QueryValue { public typealias QueryOperand = Bool }
extension String: QueryValue { public typealias QueryOperand = String }
extension Date: QueryValue { public typealias QueryOperand = Date }
extension UUID: QueryValue { public typealias QueryOperand = UUID }
extension ObjectID: QueryValue { public typealias QueryOperand = ObjectID }
/// Bytes compare by their bytes (SQL's blob order): equality, ranges, `isIn` and `hasPrefix`.
extension Data: QueryValue { public typealias QueryOperand = Data }
extension Optional: QueryValue where Wrapped: QueryValue {
    /// An optional field compares with values of its wrapped type; nulls only match null checks.
    public typealias QueryOperand = Wrapped.QueryOperand
}

/// A field whose values can be summed and averaged: its sum keeps SQL's type (an integer
/// field sums to `Int64`, a double field to `Double`).
public protocol SummableQueryValue: ColumnValue {
    /// The type of a sum.
    associatedtype QuerySum: ColumnValue & Sendable & Hashable
    /// The sum of a total as a stored value of type ``QuerySum``.
    static func storedSum(_ total: NumericTotal) -> StoreValue
}

extension Int32: SummableQueryValue {
    /// Integer sums are exact 64-bit integers.
    public typealias QuerySum = Int64
    /// The exact integer sum.
    public static func storedSum(_ total: NumericTotal) -> StoreValue { .int(total.integer) }
}
extension Int64: SummableQueryValue {
    /// Integer sums are exact 64-bit integers.
    public typealias QuerySum = Int64
    /// The exact integer sum.
    public static func storedSum(_ total: NumericTotal) -> StoreValue { .int(total.integer) }
}
extension Double: SummableQueryValue {
    /// Double sums are compensated (Neumaier) sums.
    public typealias QuerySum = Double
    /// The compensated sum.
    public static func storedSum(_ total: NumericTotal) -> StoreValue { .double(total.real) }
}
