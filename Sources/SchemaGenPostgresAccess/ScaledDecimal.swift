import SchemaGenPostgres

/// A store decimal (an integer scaled by 10^scale, ``SchemaGenRuntime/DecimalColumn``) and the
/// server's exact `numeric`, converted by moving the point in the digits: never through a
/// `Double` or a `Decimal`, so every digit and the order survive.
enum ScaledDecimal {
    /// `scaled` / 10^`scale` as a numeric with exactly `scale` fraction digits (`-12.340`).
    static func numeric(_ scaled: Int64, scale: Int) -> PostgresNumeric {
        let digits = String(scaled.magnitude)
        let sign = scaled < 0 ? "-" : ""
        // Text of digits is always a valid numeric (schema decimals have a scale of 0 or more).
        guard scale > 0 else { return PostgresNumeric(sign + digits)! }
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let point = padded.index(padded.endIndex, offsetBy: -scale)
        return PostgresNumeric(sign + padded[..<point] + "." + padded[point...])!
    }

    /// Whether `scaled` has at most `precision` digits: a `numeric(precision, scale)` holds it.
    static func fits(_ scaled: Int64, precision: Int) -> Bool {
        String(scaled.magnitude).count <= precision
    }

    /// The integer `value` × 10^`scale` (`scale` ≥ 0), or nil when `value` has non-zero digits beyond `scale`
    /// fraction digits, is NaN or infinite, or the integer does not fit 64 bits.
    static func scaled(_ value: PostgresNumeric, scale: Int) -> Int64? {
        var text = Substring(value.text)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy { ("0"..."9").contains($0) } }) else { return nil }
        var integer = String(parts[0])
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        if fraction.count > scale {
            guard fraction.dropFirst(max(0, scale)).allSatisfy({ $0 == "0" }) else { return nil }
            fraction = String(fraction.prefix(max(0, scale)))
        }
        integer += fraction + String(repeating: "0", count: max(0, scale - fraction.count))
        let magnitude = integer.drop { $0 == "0" }
        guard let unsigned = UInt64(magnitude.isEmpty ? "0" : String(magnitude)) else { return nil }
        if negative { return unsigned <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- unsigned) : nil }
        return Int64(exactly: unsigned)
    }
}
