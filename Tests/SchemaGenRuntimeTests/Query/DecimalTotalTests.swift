import Foundation
@testable import SchemaGenRuntime
import Testing

/// Decimal sums and means are exact: integer arithmetic on the stored scaled values, the mean
/// rounded half away from zero to 16 fraction digits (the scale when larger).
@Suite struct DecimalTotalTests {
    static func total(_ scaled: [Int64?]) -> DecimalTotal {
        var total = DecimalTotal()
        for value in scaled { total.add(value.map(StoreValue.int) ?? .null) }
        return total
    }

    static func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

    @Test func noValuesHaveNoSumOrMean() {
        #expect(Self.total([]).sum(scale: 2) == nil)
        #expect(Self.total([nil, nil]).average(scale: 2) == nil)
    }

    @Test func sumsKeepTheScaleAndSkipNulls() {
        #expect(Self.total([455, nil, -1]).sum(scale: 2) == Self.decimal("4.54"))
        #expect(Self.total([1, 2]).sum(scale: 3) == Self.decimal("0.003"))
    }

    /// 64-bit values whose sum leaves 64 bits are still summed exactly.
    @Test func sumsBeyondSixtyFourBits() {
        #expect(Self.total([Int64.max, Int64.max, 2]).sum(scale: 0) == Self.decimal("18446744073709551616"))
        #expect(Self.total([Int64.min, Int64.min]).sum(scale: 1) == Self.decimal("-1844674407370955161.6"))
    }

    @Test func meansRoundHalfAwayFromZeroAtSixteenDigits() {
        // 2/3 of a cent: 0.006666666666666666|67 → …67.
        #expect(Self.total([1, 1, 0]).average(scale: 2) == Self.decimal("0.0066666666666667"))
        #expect(Self.total([-1, -1, 0]).average(scale: 2) == Self.decimal("-0.0066666666666667"))
        // 1/3: rounds down.
        #expect(Self.total([1, 0, 0]).average(scale: 0) == Self.decimal("0.3333333333333333"))
        // An exact half at the 17th digit rounds away from zero: 1e-16 / 2 … scale 16 + 1 = 17 digits.
        #expect(Self.total([1, 0]).average(scale: 16) == Self.decimal("0.0000000000000001"))
        #expect(Self.total([-1, 0]).average(scale: 16) == Self.decimal("-0.0000000000000001"))
        #expect(Self.total([455, 456]).average(scale: 2) == Self.decimal("4.555"))
    }

    /// A scale above 16 keeps its own digits.
    @Test func meansKeepALargerScale() {
        #expect(DecimalTotal.averageFractionDigits(scale: 18) == 18)
        #expect(Self.total([1, 2]).average(scale: 18) == Self.decimal("0.000000000000000002"))
    }

    /// The largest stored values: the mean's 35 digits fit a `Decimal` exactly.
    @Test func meansOfExtremeValues() {
        #expect(Self.total([Int64.max, Int64.max - 1]).average(scale: 0) == Self.decimal("9223372036854775806.5"))
        #expect(Self.total([Int64.min, Int64.min]).average(scale: 0) == Self.decimal("-9223372036854775808"))
        #expect(Self.total([Int64.max, Int64.max, Int64.max - 1]).average(scale: 0) == Self.decimal("9223372036854775806.6666666666666667"))
    }
}
