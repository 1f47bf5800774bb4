/// Microseconds since 1970 as UTC calendar text, in the proleptic Gregorian calendar (as
/// PostgreSQL counts), computed with integers so no `Date` or `Double` rounds a microsecond away.
enum CivilTime {
    /// `YYYY-MM-DD HH:MM:SS.ffffff+00` for a `timestamptz` (or naive `timestamp`, which ignores
    /// the offset and so holds the UTC wall-clock time); years before 1 as PostgreSQL's `… BC`.
    static func timestamp(_ micros: Int64) -> String {
        let parts = split(micros)
        return postgresDate(parts.day) + " " + clock(parts.microsOfDay) + "+00" + (parts.day.year <= 0 ? " BC" : "")
    }

    /// `YYYY-MM-DD` of the UTC day holding the instant (a `date` is stored as its midnight UTC).
    static func date(_ micros: Int64) -> String {
        let day = split(micros).day
        return postgresDate(day) + (day.year <= 0 ? " BC" : "")
    }

    private struct Day { var year: Int64, month: Int64, day: Int64 }

    private static let microsPerDay: Int64 = 86_400_000_000

    private static func split(_ micros: Int64) -> (day: Day, microsOfDay: Int64) {
        // Floor division, so instants before 1970 fall on the day before rather than after.
        var days = micros / microsPerDay
        var rest = micros % microsPerDay
        if rest < 0 {
            days -= 1
            rest += microsPerDay
        }
        return (civil(daysSince1970: days), rest)
    }

    /// The Gregorian date `days` days after 1970-01-01: count 400-year eras from 0000-03-01, so
    /// leap days fall at the end of each counted year.
    private static func civil(daysSince1970 days: Int64) -> Day {
        let shifted = days + 719_468  // days from 0000-03-01 to 1970-01-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return Day(year: year, month: month, day: day)
    }

    private static func postgresDate(_ day: Day) -> String {
        // PostgreSQL has no year 0: astronomical year 0 is 1 BC.
        let year = day.year <= 0 ? 1 - day.year : day.year
        return padded(year, 4) + "-" + padded(day.month, 2) + "-" + padded(day.day, 2)
    }

    private static func clock(_ microsOfDay: Int64) -> String {
        let seconds = microsOfDay / 1_000_000
        return padded(seconds / 3_600, 2) + ":" + padded(seconds / 60 % 60, 2) + ":" + padded(seconds % 60, 2)
            + "." + padded(microsOfDay % 1_000_000, 6)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
