import Foundation

/// One retention rule of an entity as PostgreSQL runs it: the job the SQL emitter writes into
/// `postgres.retention.sql` for the rule, embedded in the generated facade (never rendered a
/// second time), paired by position with the entity's `RetentionAction`s.
public struct PostgresRetentionJob: Sendable, Hashable {
    /// The job's SQL (one or more statements), or nil for a rule with no SQL job: a `handled
    /// delete` (the application's sweep runs it) or a rule only the store runs.
    public let sql: String?
    /// The custom setting of the rule's named retention period (`<schema>.<period>_days`), which
    /// the SQL reads for the period's length, or nil when the rule's age is fixed.
    public let periodSetting: String?
    /// Seconds in one unit of ``periodSetting`` (86 400 for days, 1 for seconds).
    public let secondsPerPeriodUnit: Double
    /// A query of one count the sweep runs after ``sql``, in the same transaction: the due rows
    /// the job left (rows another row references with `restrict`, rows whose key the archive
    /// already holds), reported as `SweepReport.heldBack`; nil when the rule leaves none.
    public let heldBack: String?

    /// A job running `sql`, whose named period (if any) is read from `periodSetting` in units of
    /// `secondsPerPeriodUnit` seconds, and whose held-back rows `heldBack` counts.
    public init(sql: String?, periodSetting: String? = nil, secondsPerPeriodUnit: Double = 1, heldBack: String? = nil) {
        self.sql = sql
        self.periodSetting = periodSetting
        self.secondsPerPeriodUnit = secondsPerPeriodUnit
        self.heldBack = heldBack
    }
}
