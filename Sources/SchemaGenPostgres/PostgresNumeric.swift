import Foundation

/// An exact `numeric` value, kept as its decimal text (`-12.340`, `NaN`, `Infinity`), so no digit
/// is ever lost to binary floating point: PostgreSQL's `numeric` holds up to 131,072 digits
/// before the point, far beyond `Double` (about 16) or `Decimal` (38).
public struct PostgresNumeric: Sendable, Hashable, CustomStringConvertible {
    /// The value as PostgreSQL writes it: optional `-`, digits, optionally `.` and digits (the
    /// number of fraction digits is the value's scale and is preserved), or `NaN`, `Infinity`,
    /// `-Infinity`.
    public let text: String

    /// The value of `text`, or nil if `text` is not a plain decimal (`1e5`, `+1`, `.5` and
    /// `1,5` are refused; write `100000`, `1`, `0.5`).
    public init?(_ text: String) {
        guard Self.isValid(text) else { return nil }
        self.text = text
    }

    /// The exact value of `decimal` (scale as `Decimal` prints it: `1.50` becomes `1.5`).
    public init(_ decimal: Decimal) {
        // Decimal's description is locale-independent, exact and never uses an exponent.
        text = decimal.isNaN ? "NaN" : decimal.description
    }

    /// The value as a `Decimal`, or nil if it has more than 38 significant digits (which
    /// `Decimal` cannot hold exactly) or is an infinity.
    public var decimal: Decimal? {
        if text == "NaN" { return Decimal.nan }
        if text.hasSuffix("Infinity") { return nil }
        let digits = text.filter(\.isNumber)
        let significant = digits.drop { $0 == "0" }
        let trimmed = text.contains(".") ? String(significant).reversed().drop { $0 == "0" }.count : significant.count
        guard trimmed <= 38 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// `text`.
    public var description: String { text }

    private static func isValid(_ text: String) -> Bool {
        if text == "NaN" || text == "Infinity" || text == "-Infinity" { return true }
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        if parts.count == 2 {
            return !parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && $0.isNumber }
        }
        return true
    }
}
