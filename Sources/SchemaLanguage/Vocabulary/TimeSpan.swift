/// A span of time written like `30m`, `1h`, `90d` (retention ages, TTLs).
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Length in seconds.
    public let seconds: Int64
    /// The source spelling, kept so output reads like the schema (`90d`, not `7776000`).
    public let text: String

    /// Creates a span from its source spelling, or nil when it is not `<integer><unit>`.
    public init?(_ text: String) {
        guard let unit = text.utf8.last, let perUnit = TimeSpan.unitSeconds(unit),
              let count = Int64(text.dropLast()), count >= 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: perUnit)
        guard !overflow else { return nil }
        self.seconds = product
        self.text = text
    }

    /// Seconds per unit letter: `s`, `m`, `h`, `d`, `w`, `y` (365 days).
    public static func unitSeconds(_ unit: UInt8) -> Int64? {
        switch unit {
        case UInt8(ascii: "s"): 1
        case UInt8(ascii: "m"): 60
        case UInt8(ascii: "h"): 3_600
        case UInt8(ascii: "d"): 86_400
        case UInt8(ascii: "w"): 604_800
        case UInt8(ascii: "y"): 31_536_000
        default: nil
        }
    }

    /// Whole days when the span is a whole number of days, for SQL interval arithmetic.
    public var wholeDays: Int64? { seconds % 86_400 == 0 ? seconds / 86_400 : nil }

    /// The source spelling.
    public var description: String { text }

    /// Orders spans by length.
    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }
}
