import Foundation
import SchemaGenPostgres
import SchemaGenRuntime

/// Runs an entity's retention rules on PostgreSQL: the generated retention SQL of each rule
/// (``PostgresRetentionJob``), as of the sweep's `now` (the jobs read the `schemagen.now`
/// setting), counting rows as the store's sweep does; `handled` rules pass each due row to the
/// application's handler and delete it only when the handler returns.
struct PostgresSweep {
    let entity: String
    let table: String
    let primaryKey: [Int]
    let rules: [RetentionAction]
    let jobs: [PostgresRetentionJob]
    let now: Date

    /// The setting the generated retention jobs read as their current instant.
    static let nowSetting = "schemagen.now"

    /// The jobs of `entity` from `registry`, checked against the rules the repository passed:
    /// both come from the same schema, one job per rule. Refuses (``PostgresSweepRefusal``) an
    /// entity `catalog` has no table for, rules no PostgreSQL table has, and jobs of another schema version.
    init(entity: String, table: String, primaryKey: [Int], rules: [RetentionAction], now: Date,
         registry: [String: [PostgresRetentionJob]], catalog: PostgresTableCatalog) throws {
        guard catalog.has(table) else { throw PostgresSweepRefusal(entity: entity, reason: .notATable) }
        for case .expireEntries(let column, _, _) in rules {
            throw PostgresSweepRefusal(entity: entity, reason: .arrayEntries(column: column))
        }
        let jobs = registry[entity] ?? []
        guard jobs.count == rules.count else {
            throw PostgresSweepRefusal(entity: entity, reason: .jobsOutOfDate(rules: rules.count, jobs: jobs.count))
        }
        self.entity = entity
        self.table = table
        self.primaryKey = primaryKey
        self.rules = rules
        self.jobs = jobs
        self.now = now
    }

    /// Runs rule `index` in the open transaction of `session`, adding what it did to `report`.
    func run(rule index: Int, in session: PostgresTableSession, handle: ((Row) throws -> Void)?, into report: inout SweepReport) throws {
        let rule = rules[index], job = jobs[index]
        let connection = session.connection
        // `now` as the server reads a timestamptz: set in binary, read back by the jobs in the same session.
        try connection.queryBlocking("SELECT pg_catalog.set_config($1, ($2::timestamptz)::text, true)",
                                     [.text(Self.nowSetting), .timestamptz(try PostgresTimestamp(now))])
        if let setting = job.periodSetting, let age = rule.age {
            let units = age / job.secondsPerPeriodUnit
            guard units == units.rounded(), units >= 0, units < 1e15 else {
                throw UnsupportedOperation(operation: "sweep",
                                           reason: "the retention period of \(setting) must be whole units of \(job.secondsPerPeriodUnit) s on PostgreSQL, got \(age) s")
            }
            try connection.queryBlocking("SELECT pg_catalog.set_config($1, $2, true)", [.text(setting), .text(String(Int64(units)))])
        }
        switch rule {
        case .handled(let column, let age, let condition):
            guard let handle else { return }
            try handleDueRows(column: column, age: age, condition: condition, in: session, handle: handle, into: &report)
        case .expire, .deactivate, .archive, .cap, .expireByRelated, .archiveByRelated, .rollUp:
            guard let sql = job.sql else {
                throw UnsupportedOperation(operation: "sweep", reason: "\(entity) has a retention rule with no PostgreSQL job")
            }
            // Every job's primary command is its DELETE, UPDATE or INSERT: its row count is the rule's rows.
            var changed = 0
            for statement in SQLScriptStatements.split(sql) {
                changed += try connection.queryBlocking(statement).affectedRowCount
            }
            if let heldBack = job.heldBack {
                let result = try connection.queryBlocking(heldBack)
                guard result.rows.count == 1, result.columns.count == 1, case .int64(let rows) = result.rows[0][0] else {
                    throw UnsupportedOperation(operation: "sweep", reason: "\(entity)'s held-back count returned \(result.rows)")
                }
                report.heldBack += Int(rows)
            }
            switch rule {
            case .expire, .expireByRelated, .rollUp: report.expired += changed
            case .deactivate: report.deactivated += changed
            case .archive, .archiveByRelated: report.archived += changed
            default: report.capped += changed
            }
        case .expireEntries(let column, _, _):
            throw PostgresSweepRefusal(entity: entity, reason: .arrayEntries(column: column))  // refused by init already
        }
    }

    /// The rows of a `handled` rule due at `now` (as the store selects them: a time before
    /// `now - age`, or at or before `now` without an age, and the rule's condition), each passed
    /// to `handle` and deleted when it returns.
    private func handleDueRows(column: String, age: TimeInterval?, condition: RowCondition?, in session: PostgresTableSession,
                               handle: (Row) throws -> Void, into report: inout SweepReport) throws {
        let columns = try session.catalog.table(table).columnIndex
        guard let position = columns[column] else { throw StoreError.unknownColumn(table: table, column: column) }
        let nowMicros = StoreTime.microseconds(now)
        let bound = StoreValue.timestamp(age.map { nowMicros - Int64($0 * 1_000_000) } ?? nowMicros + 1)
        // One statement selects them on the server; a condition it cannot render exactly is
        // checked here, over the whole table, as the store does.
        let due = try session.dueRows(in: table, timeColumn: position, before: bound, meeting: condition)
            ?? scanForDueRows(position: position, bound: bound, condition: condition, columns: columns, in: session)
        try Retention.handOver(due, primaryKey: primaryKey, to: handle, into: &report) {
            try session.delete(primaryKey: $0, from: table)
        }
    }

    /// Every row of the table whose time at `position` is before `bound` and meets `condition`.
    private func scanForDueRows(position: Int, bound: StoreValue, condition: RowCondition?, columns: [String: Int],
                                in session: PostgresTableSession) throws -> [Row] {
        var due: [Row] = []
        try session.forEachRow(table, index: nil, prefix: [], from: nil, to: nil, direction: .forward) { row in
            if !row[position].isNull, StoreValue.compare(row[position], bound) < 0,
               condition.map({ $0.isSatisfied(by: row, columns: columns) }) ?? true {
                due.append(row)
            }
            return true
        }
        return due
    }
}

extension RetentionAction {
    /// The rule's age in seconds, when it has one.
    var age: TimeInterval? {
        switch self {
        case .expire(_, let age, _), .deactivate(_, let age, _, _, _), .handled(_, let age, _): age
        case .archive(_, let age, _, _), .expireEntries(_, let age, _): age
        case .expireByRelated(_, let age, _), .archiveByRelated(_, let age, _, _), .rollUp(_, let age, _, _): age
        case .cap: nil
        }
    }
}

extension PostgresTableSession: RetentionSweeping {
    /// Runs the entity's retention rules inside this open transaction (a sweep through a
    /// transaction or a writer module); ``PostgresAccess`` gives each rule a transaction of its own.
    func sweep(entity: String, table: String, primaryKey: [Int], rules: [RetentionAction], now: Date,
               handle: ((Row) throws -> Void)?) throws -> SweepReport {
        let sweep = try PostgresSweep(entity: entity, table: table, primaryKey: primaryKey, rules: rules, now: now, registry: retention,
                                      catalog: catalog)
        var report = SweepReport(entity: entity)
        for index in rules.indices { try sweep.run(rule: index, in: self, handle: handle, into: &report) }
        return report
    }
}
