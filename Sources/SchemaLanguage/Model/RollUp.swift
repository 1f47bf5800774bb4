/// What a `delete after` rule adds into a summary entity before the rows go (`roll up into
/// transaction_daily_stats by guild_id, day = day(created_at) add transactions = count,
/// amount = sum(amount)`): the due rows are grouped, and each group's counts and sums are added
/// to the summary row with the group's key (inserted when missing), in the same transaction as
/// the delete, so no row is counted twice or lost uncounted.
public struct RollUp: Sendable, Hashable {
    /// The summary entity.
    public var into: String
    /// The summary's key fields, each taken from a field of the swept row.
    public var groups: [Group]
    /// The summary's fields that accumulate.
    public var aggregates: [Aggregate]

    /// Creates a roll-up.
    public init(into: String, groups: [Group], aggregates: [Aggregate]) {
        self.into = into
        self.groups = groups
        self.aggregates = aggregates
    }

    /// One key field of the summary: `guild_id` (the same-named field of the row) or
    /// `day = day(created_at)` (the calendar day, UTC, of a time field).
    public struct Group: Sendable, Hashable {
        /// The summary entity's field.
        public var field: String
        /// The swept entity's field it comes from.
        public var source: String
        /// Whether the value is the UTC day of the source time (a `date`).
        public var byDay: Bool

        /// Creates a group field.
        public init(field: String, source: String, byDay: Bool) {
            self.field = field
            self.source = source
            self.byDay = byDay
        }

        /// `guild_id` or `day = day(created_at)`, as written.
        public var spelling: String {
            byDay ? "\(field) = day(\(source))" : field == source ? field : "\(field) = \(source)"
        }
    }

    /// One accumulating field of the summary.
    public struct Aggregate: Sendable, Hashable {
        /// The summary entity's field.
        public var field: String
        /// What it adds up.
        public var function: Function

        /// Creates an accumulating field.
        public init(field: String, function: Function) {
            self.field = field
            self.function = function
        }

        /// `transactions = count` or `amount = sum(amount)`.
        public var spelling: String {
            switch function {
            case .count: "\(field) = count"
            case .sum(let source): "\(field) = sum(\(source))"
            }
        }
    }

    /// An aggregate function.
    public enum Function: Sendable, Hashable {
        /// The number of rows rolled up.
        case count
        /// The sum of a numeric field (null values add nothing).
        case sum(String)
    }

    /// `roll up into e by … add …`, as written.
    public var spelling: String {
        "roll up into \(into) by \(groups.map(\.spelling).joined(separator: ", ")) add "
            + aggregates.map(\.spelling).joined(separator: ", ")
    }
}
