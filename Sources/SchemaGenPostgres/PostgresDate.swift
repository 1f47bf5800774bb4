/// A calendar day (proleptic Gregorian, as PostgreSQL counts), without a time of day or zone.
///
/// Stored as days since 2000-01-01, PostgreSQL's own epoch for `date`, so conversions are exact.
public struct PostgresDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 2000-01-01 (negative before it).
    public var daysSince2000: Int32

    /// The day `daysSince2000` days after 2000-01-01.
    public init(daysSince2000: Int32) {
        self.daysSince2000 = daysSince2000
    }

    /// The day with these components, or nil if it does not exist (e.g. February 30).
    /// Year 0 is 1 BC, year -1 is 2 BC (astronomical numbering).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysInMonth(year: year, month: month) else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day) - Self.daysFromCivil(year: 2000, month: 1, day: 1)
        guard let narrow = Int32(exactly: days) else { return nil }
        daysSince2000 = narrow
    }

    /// Year (astronomical: 0 is 1 BC), month 1…12, day 1…31.
    public var components: (year: Int, month: Int, day: Int) {
        Self.civilFromDays(Int(daysSince2000) + Self.daysFromCivil(year: 2000, month: 1, day: 1))
    }

    /// `YYYY-MM-DD` (astronomical year, at least four digits, `-` before negative years).
    public var description: String {
        let (year, month, day) = components
        let digits = String(abs(year))
        let paddedYear = (year < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        return paddedYear + "-" + Self.twoDigits(month) + "-" + Self.twoDigits(day)
    }

    /// Earlier days sort first.
    public static func < (lhs: PostgresDate, rhs: PostgresDate) -> Bool {
        lhs.daysSince2000 < rhs.daysSince2000
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Days since 1970-01-01 of a proleptic Gregorian date, and back: the era-based algorithms
    // of H. Hinnant's "chrono-compatible low-level date algorithms" (exact for every year).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
