import Foundation

/// An instant as PostgreSQL's binary `timestamp`/`timestamptz` holds it: whole microseconds since
/// 2000-01-01 00:00 UTC, exact over the server's whole range (4713 BC to 294276 AD), where a
/// `Date` (a `Double` of seconds since 2001) is exact to the microsecond only within ~285 years.
public struct PostgresTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 2000-01-01 00:00 UTC; `Int64.max` is `infinity`, `Int64.min` `-infinity`
    /// (the server's own encoding of them).
    public var microsecondsSince2000: Int64

    /// The instant `microsecondsSince2000` microseconds after 2000-01-01 00:00 UTC.
    public init(microsecondsSince2000: Int64) {
        self.microsecondsSince2000 = microsecondsSince2000
    }

    /// `infinity`: later than every instant.
    public static let infinity = PostgresTimestamp(microsecondsSince2000: .max)
    /// `-infinity`: earlier than every instant.
    public static let negativeInfinity = PostgresTimestamp(microsecondsSince2000: .min)

    /// The first instant the server holds: 4714-11-24 BC 00:00 UTC (its `MIN_TIMESTAMP`).
    public static let earliestFinite = PostgresTimestamp(microsecondsSince2000: -211_813_488_000_000_000)
    /// The last instant the server holds: 294276-12-31 23:59:59.999999 UTC (before its `END_TIMESTAMP`).
    public static let latestFinite = PostgresTimestamp(microsecondsSince2000: 9_223_371_331_200_000_000 - 1)

    /// Microseconds from 1970-01-01 (the Unix epoch) to 2000-01-01.
    public static let microsecondsFrom1970To2000: Int64 = 946_684_800_000_000

    /// The instant `microseconds` after 1970-01-01 00:00 UTC, or nil when the server cannot hold it
    /// (outside ``earliestFinite`` … ``latestFinite``). Never an infinity.
    public init?(microsecondsSince1970 microseconds: Int64) {
        guard case (let since2000, false) = microseconds.subtractingReportingOverflow(Self.microsecondsFrom1970To2000),
              Self.earliestFinite.microsecondsSince2000...Self.latestFinite.microsecondsSince2000 ~= since2000 else { return nil }
        microsecondsSince2000 = since2000
    }

    /// Microseconds since 1970-01-01 00:00 UTC, or nil for an infinity or an instant past `Int64`'s range.
    public var microsecondsSince1970: Int64? {
        guard isFinite, case (let sum, false) = microsecondsSince2000.addingReportingOverflow(Self.microsecondsFrom1970To2000)
        else { return nil }
        return sum
    }

    /// `date` rounded to the nearest microsecond; `distantFuture`/`distantPast` are `infinity`/`-infinity`.
    /// Throws `invalidParameter` for a date outside `Int64` microseconds.
    public init(_ date: Date) throws {
        if date == .distantFuture { self = .infinity; return }
        if date == .distantPast { self = .negativeInfinity; return }
        let microseconds = (date.timeIntervalSinceReferenceDate * 1_000_000).rounded()
        guard microseconds.isFinite, let whole = Int64(exactly: microseconds),
              case (let sum, false) = whole.addingReportingOverflow(Self.microsecondsFrom2000To2001) else {
            throw PostgresError(kind: .invalidParameter, message: "date \(date) is outside PostgreSQL's timestamp range")
        }
        microsecondsSince2000 = sum
    }

    /// As a `Date` (exact to the microsecond within ~285 years of 2001); `infinity`/`-infinity`
    /// are `distantFuture`/`distantPast`.
    public var date: Date {
        if self == .infinity { return .distantFuture }
        if self == .negativeInfinity { return .distantPast }
        // Whole seconds and the microsecond remainder are exact in Double; one division rounds once.
        let (sinceReference, overflow) = microsecondsSince2000.subtractingReportingOverflow(Self.microsecondsFrom2000To2001)
        return Date(timeIntervalSinceReferenceDate: overflow ? -.greatestFiniteMagnitude : Double(sinceReference) / 1_000_000)
    }

    /// Whether this is an instant rather than `infinity`/`-infinity`.
    public var isFinite: Bool { self != .infinity && self != .negativeInfinity }

    /// Earlier instants sort first; `-infinity` before all, `infinity` after all.
    public static func < (lhs: PostgresTimestamp, rhs: PostgresTimestamp) -> Bool {
        lhs.microsecondsSince2000 < rhs.microsecondsSince2000
    }

    /// `infinity`, `-infinity`, or the microseconds since 2000 with a `µs@2000` mark.
    public var description: String {
        switch self {
        case .infinity: "infinity"
        case .negativeInfinity: "-infinity"
        default: "\(microsecondsSince2000)µs@2000"
        }
    }

    /// Microseconds from 2000-01-01 (PostgreSQL's epoch) to 2001-01-01 (Foundation's reference date).
    static let microsecondsFrom2000To2001: Int64 = 31_622_400_000_000
}
