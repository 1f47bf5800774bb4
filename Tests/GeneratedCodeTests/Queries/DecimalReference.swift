import Foundation

/// The reference the differential tests hold decimal aggregates to: SQLite's decimal extension
/// prints exact sums (`decimal_sum`), and the mean is that sum divided by the count with
/// Foundation's decimal division, rounded half away from zero (`.plain`) to 16 fraction digits
/// (the field's scale when larger) — another computation than the store's integer one.
enum DecimalReference {
    /// Whether two printed decimals are the same number (`NULL` only equals `NULL`).
    static func same(_ ours: String, _ theirs: String) -> Bool {
        guard ours != "NULL", theirs != "NULL" else { return ours == theirs }
        guard let a = decimal(ours), let b = decimal(theirs) else { return false }
        return a == b
    }

    /// Whether `ours` is the mean SQLite's `sum/count` text stands for (`NULL`: no values).
    static func isAverage(_ ours: String, of sumOverCount: String, scale: Int) -> Bool {
        guard sumOverCount != "NULL" else { return ours == "NULL" }
        let parts = sumOverCount.split(separator: "/")
        guard parts.count == 2, var sum = decimal(String(parts[0])), var count = decimal(String(parts[1])), let mean = decimal(ours) else { return false }
        var quotient = Decimal(), rounded = Decimal()
        guard NSDecimalDivide(&quotient, &sum, &count, .plain) == .noError else { return false }
        NSDecimalRound(&rounded, &quotient, Swift.max(16, scale), .plain)
        return rounded == mean
    }

    static func decimal(_ text: String) -> Decimal? { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) }
}
