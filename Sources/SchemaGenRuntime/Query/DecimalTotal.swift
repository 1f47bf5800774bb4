import Foundation

/// A running sum of a decimal column's non-null values, the way SQL's `SUM` and `AVG` over
/// `numeric` count them: exactly. The store keeps a decimal as an integer scaled by 10^scale,
/// so the sum is a sum of those integers, kept in 128 bits (64-bit values cannot overflow it
/// before 2^64 rows), and nothing passes through `Double`.
struct DecimalTotal: Sendable {
    /// The sum of the scaled integers.
    private(set) var scaledSum: Int128 = 0
    /// How many non-null values were added.
    private(set) var count: Int64 = 0

    /// Adds one stored value; nulls are skipped.
    @inline(__always)
    mutating func add(_ value: StoreValue) {
        guard case .int(let scaled) = value else { return }
        scaledSum += Int128(scaled)
        count += 1
    }

    /// The sum as a decimal with `scale` fraction digits, nil when no value was added.
    func sum(scale: Int) -> Decimal? {
        count == 0 ? nil : Decimal.exact(scaledSum, fractionDigits: scale)
    }

    /// The mean as a decimal, nil when no value was added: the exact quotient rounded half away
    /// from zero to ``averageFractionDigits(scale:)`` fraction digits (integer arithmetic only).
    func average(scale: Int) -> Decimal? {
        guard count > 0 else { return nil }
        let extra = Self.averageFractionDigits(scale: scale) - scale
        let n = Int128(count)
        // S / n = q + r / n; the fraction r / n is expanded to `extra` more digits and rounded.
        let (quotient, remainder) = scaledSum.quotientAndRemainder(dividingBy: n)
        let (digits, rest) = (remainder * Self.power(extra)).quotientAndRemainder(dividingBy: n)
        var mantissa = quotient * Self.power(extra) + digits
        if rest.magnitude * 2 >= n.magnitude { mantissa += scaledSum < 0 ? -1 : 1 }
        return Decimal.exact(mantissa, fractionDigits: scale + extra)
    }

    /// The fraction digits of a decimal average: 16, or the column's scale when it is larger
    /// (as PostgreSQL's `avg(numeric)` keeps at least 16).
    static func averageFractionDigits(scale: Int) -> Int { Swift.max(16, scale) }

    static func power(_ exponent: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}

extension Decimal {
    /// `mantissa` × 10^-`fractionDigits`, exactly (a decimal holds 38 significant digits; the
    /// mantissas here have at most 35: a 64-bit scaled value and 16 more digits).
    static func exact(_ mantissa: Int128, fractionDigits: Int) -> Decimal {
        let significand = Decimal(string: String(mantissa.magnitude), locale: Locale(identifier: "en_US_POSIX"))!
        return Decimal(sign: mantissa < 0 ? .minus : .plus, exponent: -fractionDigits, significand: significand)
    }
}
