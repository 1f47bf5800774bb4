/// Microseconds since 1970 as UTC calendar text and back, in the proleptic Gregorian calendar,
/// computed with integers so no `Date` or `Double` rounds a microsecond away: the timestamps and
/// dates inside the JSON form of documents (``PortableValue/jsonText()``) and PostgreSQL's
/// literals in `schemagen store export`.
public enum CivilInstant {
    private static let microsPerDay: Int64 = 86_400_000_000

    /// `YYYY-MM-DDTHH:MM:SS.ffffffZ` (ISO 8601; astronomical years, `-` before negative ones).
    public static func isoTimestamp(_ micros: Int64) -> String {
        let (days, rest) = split(micros)
        return isoDate(civil(days)) + "T" + clock(rest) + "Z"
    }

    /// `YYYY-MM-DD` of the UTC day holding the instant, PostgreSQL's spelling: years before 1 as
    /// `… BC` (astronomical year 0 is 1 BC), as `schemagen store export` writes them.
    public static func date(_ micros: Int64) -> String {
        let day = civil(split(micros).days)
        return postgresDate(day) + (day.year <= 0 ? " BC" : "")
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff+00` for a PostgreSQL `timestamptz` (or naive `timestamp`, which
    /// ignores the offset and so holds the UTC wall-clock time); years before 1 as `… BC`.
    public static func postgresTimestamp(_ micros: Int64) -> String {
        let (days, rest) = split(micros)
        let day = civil(days)
        return postgresDate(day) + " " + clock(rest) + "+00" + (day.year <= 0 ? " BC" : "")
    }

    /// The instant `text` spells: `YYYY-MM-DDTHH:MM:SS[.f…]Z` (or `+00:00`), at most six fraction digits.
    public static func micros(isoTimestamp text: String) -> Int64? {
        var body = Substring(text)
        if body.hasSuffix("Z") { body = body.dropLast() } else if body.hasSuffix("+00:00") { body = body.dropLast(6) } else { return nil }
        let halves = body.split(separator: "T", omittingEmptySubsequences: false)
        guard halves.count == 2, let days = days(isoDate: halves[0]) else { return nil }
        let clock = halves[1].split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(clock.count) else { return nil }
        let fields = clock[0].split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, fields.allSatisfy({ $0.count == 2 }), let h = number(fields[0]), let m = number(fields[1]),
              let s = number(fields[2]), h < 24, m < 60, s < 60 else { return nil }
        var fraction: Int64 = 0
        if clock.count == 2 {
            guard (1...6).contains(clock[1].count), let f = number(clock[1]) else { return nil }
            fraction = f * [1, 100_000, 10_000, 1_000, 100, 10, 1][clock[1].count]
        }
        let (dayMicros, overflow) = days.multipliedReportingOverflow(by: microsPerDay)
        guard !overflow else { return nil }
        let (total, overflow2) = dayMicros.addingReportingOverflow((h * 3_600 + m * 60 + s) * 1_000_000 + fraction)
        return overflow2 ? nil : total
    }

    /// The midnight UTC of the day `text` spells: `YYYY-MM-DD`, `YYYY-MM-DD BC` or `-YYYY-MM-DD`.
    public static func micros(date text: String) -> Int64? {
        let days: Int64?
        if text.hasSuffix(" BC") {
            // `Y BC` is astronomical year 1 - Y.
            let parts = text.dropLast(3).split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count >= 4, parts[1].count == 2, parts[2].count == 2, let year = number(parts[0]),
                  year >= 1, let month = number(parts[1]), let day = number(parts[2]) else { return nil }
            days = Self.days(year: 1 - year, month: month, day: day)
        } else {
            days = Self.days(isoDate: Substring(text))
        }
        guard let days else { return nil }
        let (micros, overflow) = days.multipliedReportingOverflow(by: microsPerDay)
        return overflow ? nil : micros
    }

    // MARK: Calendar

    private struct Day { var year: Int64, month: Int64, day: Int64 }

    private static func split(_ micros: Int64) -> (days: Int64, rest: Int64) {
        // Floor division, so instants before 1970 fall on the day before rather than after.
        var days = micros / microsPerDay
        var rest = micros % microsPerDay
        if rest < 0 {
            days -= 1
            rest += microsPerDay
        }
        return (days, rest)
    }

    /// Days since 1970 of `[-]YYYY-MM-DD` (at least four year digits).
    private static func days(isoDate text: Substring) -> Int64? {
        let negative = text.hasPrefix("-")
        let parts = (negative ? text.dropFirst() : text).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count >= 4, parts[1].count == 2, parts[2].count == 2, let year = number(parts[0]),
              let month = number(parts[1]), let day = number(parts[2]) else { return nil }
        return days(year: negative ? -year : year, month: month, day: day)
    }

    /// Days since 1970 of a valid proleptic Gregorian date (era-based, exact for every year).
    private static func days(year: Int64, month: Int64, day: Int64) -> Int64? {
        guard (1...12).contains(month), day >= 1, abs(year) < 300_000 else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let length: Int64 = switch month {
        case 2: leap ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
        guard day <= length else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(_ days: Int64) -> Day {
        let shifted = days + 719_468  // days from 0000-03-01 to 1970-01-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return Day(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    private static func isoDate(_ day: Day) -> String {
        (day.year < 0 ? "-" : "") + padded(abs(day.year), 4) + "-" + padded(day.month, 2) + "-" + padded(day.day, 2)
    }

    /// PostgreSQL has no year 0: astronomical year 0 is 1 BC (the caller appends ` BC`).
    private static func postgresDate(_ day: Day) -> String {
        let year = day.year <= 0 ? 1 - day.year : day.year
        return padded(year, 4) + "-" + padded(day.month, 2) + "-" + padded(day.day, 2)
    }

    /// `HH:MM:SS.ffffff` of the microseconds into a day.
    private static func clock(_ microsOfDay: Int64) -> String {
        let seconds = microsOfDay / 1_000_000
        return padded(seconds / 3_600, 2) + ":" + padded(seconds / 60 % 60, 2) + ":" + padded(seconds % 60, 2)
            + "." + padded(microsOfDay % 1_000_000, 6)
    }

    /// Decimal digits only (no sign), as a number.
    private static func number(_ text: Substring) -> Int64? {
        guard !text.isEmpty, text.count <= 12, text.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return Int64(text)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
