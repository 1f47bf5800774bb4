import Foundation

/// One retention rule of an entity, ready to run (see the schema's `retain` blocks). Columns are
/// named, never given by position: the sweep resolves them against the table's definition.
public enum RetentionAction: Sendable {
    /// Delete rows whose `column` is older than `age` seconds (or, when `age` is nil, whose time has come).
    case expire(column: String, age: TimeInterval?, condition: RowCondition?)
    /// Set `target` to `value` on rows whose `column` is older than `age` (or whose time has come).
    case deactivate(column: String, age: TimeInterval?, target: String, value: StoreValue, condition: RowCondition?)
    /// Move rows whose `column` is older than `age` into the table `into`: each archive column takes
    /// the value of the source column with its name, null when the source has none.
    case archive(column: String, age: TimeInterval, into: String, condition: RowCondition?)
    /// Delete rows whose related row's time (see ``RelatedTime``) is older than `age` seconds.
    case expireByRelated(time: RelatedTime, age: TimeInterval, condition: RowCondition?)
    /// Move rows whose related row's time is older than `age` seconds into the table `into`, as
    /// ``archive(column:age:into:condition:)`` does.
    case archiveByRelated(time: RelatedTime, age: TimeInterval, into: String, condition: RowCondition?)
    /// Delete rows whose `column` is older than `age` seconds, as ``expire(column:age:condition:)``,
    /// after adding each into its summary row of `into` (see ``RollUpTarget``); the deleted rows
    /// count as expired.
    case rollUp(column: String, age: TimeInterval, condition: RowCondition?, into: RollUpTarget)
    /// Keep only the newest `count` rows (by the timestamp `order`) per group of `per` values.
    case cap(count: Int, per: [String], order: String)
    /// A `handled delete`: rows whose `column` is older than `age` (or whose time has come) go
    /// to the application's handler one by one and are deleted only when it returns; a sweep
    /// without a handler leaves them.
    case handled(column: String, age: TimeInterval?, condition: RowCondition?)
    /// Remove the entries of the array `column` older than `age` (the row stays): `prune` takes
    /// the stored array and the cut-off and returns the array without them and how many went, or
    /// nil when none did. Generated code supplies it, since only it knows the element type (see
    /// ``Retention/expiringEntries(_:of:before:time:)``).
    case expireEntries(column: String, age: TimeInterval,
                       prune: @Sendable (StoreValue, Date) throws -> (value: StoreValue, removed: Int)?)
}

/// Where a rule by a related time (`by user_id -> users.last_seen`) reads a row's time: the
/// `column` of the row of `table` whose `key` equals the row's `via`. A row whose `via` is null,
/// whose related row is missing, or whose related time is null is never due.
public struct RelatedTime: Sendable, Hashable {
    /// The foreign-key column of the swept table.
    public let via: String
    /// The referenced table.
    public let table: String
    /// The referenced table's column the foreign key matches.
    public let key: String
    /// The referenced table's timestamp column.
    public let column: String

    /// Creates a related time; columns by physical name.
    public init(via: String, table: String, key: String, column: String) {
        self.via = via
        self.table = table
        self.key = key
        self.column = column
    }
}

/// A due row of a handled rule whose handler threw: the row stays for the next sweep.
public struct HandlerFailure: Sendable, Hashable, CustomStringConvertible {
    /// The row's primary-key values.
    public let key: [StoreValue]
    /// What the handler threw, as text.
    public let message: String

    /// Creates a failure record.
    public init(key: [StoreValue], message: String) {
        self.key = key
        self.message = message
    }

    /// `[key…]: message`.
    public var description: String { "\(key): \(message)" }
}

/// What one sweep of one entity did.
public struct SweepReport: Sendable, Hashable, CustomStringConvertible {
    /// The entity swept.
    public let entity: String
    /// Rows deleted by `delete after` / `delete at` rules.
    public var expired = 0
    /// Rows changed by `deactivate` rules.
    public var deactivated = 0
    /// Rows moved into an archive.
    public var archived = 0
    /// Rows removed by `keep newest` rules.
    public var capped = 0
    /// Due rows left in place (not counted in ``total``): rows another row still references with
    /// `on delete restrict` (deleting one would fail the sweep, as long as the reference lasts),
    /// and rows due for an archive that already holds their key. The SQL jobs leave the same rows.
    public var heldBack = 0
    /// Rows of `handled delete` rules deleted after their handler returned.
    public var handled = 0
    /// Rows of `handled delete` rules whose handler threw, left in place (not counted in ``total``).
    public var handlerFailures: [HandlerFailure] = []
    /// Array entries removed by `delete … entries` rules (their rows stay; not counted in ``total``).
    public var expiredEntries = 0

    /// An empty report for `entity`.
    public init(entity: String) { self.entity = entity }

    /// Every row touched.
    public var total: Int { expired + deactivated + archived + capped + handled }

    /// `entity: 3 expired, 1 deactivated, 0 archived, 0 capped` (then `, 1 held back`, `, 2 handled`,
    /// `, 1 handler failed` and `, 4 entries expired` when any).
    public var description: String {
        "\(entity): \(expired) expired, \(deactivated) deactivated, \(archived) archived, \(capped) capped"
            + (heldBack > 0 ? ", \(heldBack) held back" : "")
            + (handled > 0 ? ", \(handled) handled" : "")
            + (handlerFailures.isEmpty ? "" : ", \(handlerFailures.count) handler failed")
            + (expiredEntries > 0 ? ", \(expiredEntries) entries expired" : "")
    }
}

/// What a sweep of the whole database did, entity by entity.
public struct DatabaseSweepReport: Sendable, Hashable {
    /// One report per entity with retention rules, in schema order.
    public let reports: [SweepReport]
    /// Expired cache entries deleted, by cache key space (only spaces the schema declares).
    public let purgedCacheEntries: [String: Int]
    /// Every row touched (cache entries not included).
    public var total: Int { reports.reduce(0) { $0 + $1.total } }
    /// The report of `entity` (its schema name).
    public subscript(entity: String) -> SweepReport? { reports.first { $0.entity == entity } }

    /// Creates a report from the entities' reports and the cache purge.
    public init(reports: [SweepReport], purgedCacheEntries: [String: Int] = [:]) {
        self.reports = reports
        self.purgedCacheEntries = purgedCacheEntries
    }
}

/// Runs retention rules.
public enum Retention {
    /// Applies an entity's retention rules in one transaction and reports what changed. `handled`
    /// rules are left alone: they need the application (see the overload with a handler).
    public static func sweep(entity: String, table: String, primaryKey: [Int], rules: [RetentionAction],
                      in tx: any TableWriter, now: Date) throws -> SweepReport {
        if let sweeping = tx as? any RetentionSweeping {
            return try sweeping.sweep(entity: entity, table: table, primaryKey: primaryKey, rules: rules, now: now, handle: nil)
        }
        let tx = try storeTransaction(tx)
        return try run(entity: entity, table: table, primaryKey: primaryKey, rules: rules, in: tx, now: now, handle: nil)
    }

    /// Applies an entity's retention rules in one transaction, passing each due row of a
    /// `handled` rule to `handle` first: the row is deleted only when `handle` returns; when it
    /// throws the row stays and the report lists it. The handler runs inside the sweep's write
    /// transaction, so it must not write through the same store; a later error of the sweep rolls
    /// the deletes back, and the next sweep calls the handler for those rows again.
    public static func sweep(entity: String, table: String, primaryKey: [Int], rules: [RetentionAction],
                             in tx: any TableWriter, now: Date, handle: (Row) throws -> Void) throws -> SweepReport {
        if let sweeping = tx as? any RetentionSweeping {
            return try withoutActuallyEscaping(handle) { handle in
                try sweeping.sweep(entity: entity, table: table, primaryKey: primaryKey, rules: rules, now: now, handle: handle)
            }
        }
        let tx = try storeTransaction(tx)
        return try withoutActuallyEscaping(handle) { handle in
            try run(entity: entity, table: table, primaryKey: primaryKey, rules: rules, in: tx, now: now, handle: handle)
        }
    }

    /// The store transaction a sweep runs in: sweeps read expiry batches straight from the store.
    /// A backend that sweeps itself (``RetentionSweeping``, e.g. PostgreSQL) never gets here.
    /// A `handled` rule's due rows, each passed to the application's `handle` and deleted (by
    /// `delete`, given the row's key) only when it returns; a failure is reported, the row stays.
    /// Every backend's sweep hands rows over this way.
    public static func handOver(_ rows: [Row], primaryKey: [Int], to handle: (Row) throws -> Void,
                                into report: inout SweepReport, delete: ([StoreValue]) throws -> Bool) throws {
        for row in rows {
            let key = primaryKey.map { row[$0] }
            do {
                try handle(row)
            } catch {
                report.handlerFailures.append(HandlerFailure(key: key, message: String(describing: error)))
                continue
            }
            // A cascade from an earlier row may already have removed it.
            if try delete(key) { report.handled += 1 }
        }
    }

    private static func storeTransaction(_ tx: any TableWriter) throws -> WriteTransaction {
        guard let tx = tx as? WriteTransaction else {
            throw UnsupportedOperation(operation: "sweep", reason: "this backend runs no retention sweeps")
        }
        return tx
    }

    private static func run(entity: String, table: String, primaryKey: [Int], rules: [RetentionAction],
                            in tx: WriteTransaction, now: Date, handle: ((Row) throws -> Void)?) throws -> SweepReport {
        var report = SweepReport(entity: entity)
        let nowMicros = StoreTime.microseconds(now)
        func bound(_ age: TimeInterval?) -> StoreValue {
            guard let age else { return .timestamp(nowMicros + 1) }
            return .timestamp(nowMicros - Int64(age * 1_000_000))
        }
        for rule in rules {
            switch rule {
            case .expire(let column, let age, let condition):
                guard try tx.hasRestrictingReferences(table) else {
                    report.expired += try tx.expire(table, timestampColumn: column, before: bound(age), where: condition, batchSize: .max)
                    continue
                }
                let rows = try dueRows(table, column: column, before: bound(age), where: condition, in: tx)
                let deleted = try delete(rows, of: table, primaryKey: primaryKey, in: tx, heldBack: &report.heldBack)
                report.expired += deleted
            case .deactivate(let column, let age, let target, let value, let condition):
                let notYet = RowCondition.not(.equals(target, value))
                let filter: RowCondition = condition.map { .and([$0, notYet]) } ?? notYet
                report.deactivated += try tx.updateExpired(table, timestampColumn: column, before: bound(age), where: filter,
                                                           set: [target: value], batchSize: .max)
            case .rollUp(let column, let age, let condition, let target):
                let rows = try dueRows(table, column: column, before: bound(age), where: condition, in: tx)
                let unrestricted = try tx.withoutRestricted(rows, of: table, heldBack: &report.heldBack)
                let rolledUp = try rollUp(unrestricted, of: table, into: target, primaryKey: primaryKey, in: tx)
                report.expired += rolledUp
            case .archive(let column, let age, let archive, let condition):
                var heldBack = 0
                report.archived += try Self.archive(table, column: column, before: bound(age), into: archive, where: condition,
                                                    primaryKey: primaryKey, in: tx, heldBack: &heldBack)
                report.heldBack += heldBack
            case .expireByRelated(let time, let age, let condition):
                let rows = try relatedDueRows(table, time: time, before: bound(age), where: condition, in: tx)
                let deleted = try delete(rows, of: table, primaryKey: primaryKey, in: tx, heldBack: &report.heldBack)
                report.expired += deleted
            case .archiveByRelated(let time, let age, let archive, let condition):
                let rows = try relatedDueRows(table, time: time, before: bound(age), where: condition, in: tx)
                var heldBack = 0
                report.archived += try move(rows, of: table, into: archive, primaryKey: primaryKey, in: tx, heldBack: &heldBack)
                report.heldBack += heldBack
            case .handled(let column, let age, let condition):
                guard let handle else { continue }
                let source = try tx.schema.table(table)
                let due = try tx.expiredRows(source, column: column, before: bound(age), where: condition, limit: .max, after: nil)
                try handOver(due.rows.map(\.1), primaryKey: primaryKey, to: handle, into: &report) {
                    try tx.delete(primaryKey: $0, from: table)
                }
            case .expireEntries(let column, let age, let prune):
                let source = try tx.schema.table(table)
                let position = try source.column(named: column)
                let cutoff = now.addingTimeInterval(-age)
                for row in try tx.scan(table) {
                    guard let pruned = try prune(row[position], cutoff) else { continue }
                    try tx.update(table, primaryKey: primaryKey.map { row[$0] }, set: [column: pruned.value])
                    report.expiredEntries += pruned.removed
                }
            case .cap(let count, let per, let order):
                let source = try tx.schema.table(table)
                let groupPositions = try per.map(source.column(named:))
                let orderPosition = try source.column(named: order)
                var groups: [[StoreValue]: [Row]] = [:]
                var groupOrder: [[StoreValue]] = []
                for row in try tx.scan(table) {
                    let group = groupPositions.map { row[$0] }
                    if groups[group] == nil { groupOrder.append(group) }
                    groups[group, default: []].append(row)
                }
                // Rows past the count that a `restrict` reference holds stay, counted in `heldBack`,
                // as the SQL job leaves them (the newer rows are not deleted in their place).
                for group in groupOrder {
                    let surplus = surplus(groups[group]!, keeping: count, orderPosition: orderPosition, primaryKey: primaryKey)
                    report.capped += try delete(surplus, of: table, primaryKey: primaryKey, in: tx, heldBack: &report.heldBack)
                }
            }
        }
        return report
    }

    /// Moves the rows of `table` whose `column` is before `limit` (and that match `condition`) into
    /// `archive`, column by name; returns how many moved. Rows whose key the archive already holds
    /// stay where they are, counted in `heldBack`: overwriting the archived copy would lose it, and
    /// the SQL jobs keep such rows too.
    static func archive(_ table: String, column: String, before limit: StoreValue, into archive: String, where condition: RowCondition?,
                        primaryKey: [Int], in tx: WriteTransaction, heldBack: inout Int) throws -> Int {
        let rows = try dueRows(table, column: column, before: limit, where: condition, in: tx)
        return try move(rows, of: table, into: archive, primaryKey: primaryKey, in: tx, heldBack: &heldBack)
    }

    /// Rows of `table` whose `column` is before `limit` (and that match `condition`).
    static func dueRows(_ table: String, column: String, before limit: StoreValue, where condition: RowCondition?,
                        in tx: WriteTransaction) throws -> [Row] {
        let source = try tx.schema.table(table)
        let position = try source.column(named: column)
        return try tx.scan(table).filter { row in
            !row[position].isNull && StoreValue.compare(row[position], limit) < 0
                && (condition.map { $0.isSatisfied(by: row, columns: source.columnIndex) } ?? true)
        }
    }

    /// Rows of `table` whose related row's time is before `limit` (and that match `condition`).
    static func relatedDueRows(_ table: String, time: RelatedTime, before limit: StoreValue, where condition: RowCondition?,
                               in tx: WriteTransaction) throws -> [Row] {
        let source = try tx.schema.table(table)
        let related = try tx.schema.table(time.table)
        let via = try source.column(named: time.via)
        let key = try related.column(named: time.key), column = try related.column(named: time.column)
        // The related rows' keys that are old enough: one pass over the related table.
        var due: Set<StoreValue> = []
        for row in try tx.scan(time.table) where !row[key].isNull && !row[column].isNull
            && StoreValue.compare(row[column], limit) < 0 {
            due.insert(row[key])
        }
        return try tx.scan(table).filter { row in
            !row[via].isNull && due.contains(row[via])
                && (condition.map { $0.isSatisfied(by: row, columns: source.columnIndex) } ?? true)
        }
    }

    /// Deletes `rows` of `table` but those another row references with `restrict` (counted in
    /// `heldBack`); returns how many it deleted.
    static func delete(_ rows: [Row], of table: String, primaryKey: [Int], in tx: WriteTransaction, heldBack: inout Int) throws -> Int {
        var deleted = 0
        for row in try tx.withoutRestricted(rows, of: table, heldBack: &heldBack) {
            // A cascade from an earlier row may already have removed it.
            if try tx.delete(primaryKey: primaryKey.map { row[$0] }, from: table) { deleted += 1 }
        }
        return deleted
    }

    /// Copies `rows` of `table` into `archive`, column by name, and deletes each copied one;
    /// returns how many moved. A row whose key the archive already holds, or that another row
    /// references with `restrict`, stays, counted in `heldBack`.
    static func move(_ rows: [Row], of table: String, into archive: String, primaryKey: [Int], in tx: WriteTransaction,
                     heldBack: inout Int) throws -> Int {
        let source = try tx.schema.table(table)
        let mapping = try tx.schema.table(archive).definition.columns.map { source.columnIndex[$0.name] }
        var archived = 0
        for row in try tx.withoutRestricted(rows, of: table, heldBack: &heldBack) {
            do {
                try tx.insert(mapping.map { $0.map { row[$0] } ?? .null }, into: archive)
            } catch StoreError.duplicatePrimaryKey {
                heldBack += 1
                continue
            }
            try tx.delete(primaryKey: primaryKey.map { row[$0] }, from: table)
            archived += 1
        }
        return archived
    }

    /// The stored array `value` of `Element`s without those whose `time` is before `cutoff` (an
    /// entry without a time stays), and how many went; nil when none did, so the row is not rewritten.
    public static func expiringEntries<Element: BinaryCodable>(_ value: StoreValue, of _: Element.Type, before cutoff: Date,
                                                               time: (Element) -> Date?) throws -> (value: StoreValue, removed: Int)? {
        guard !value.isNull else { return nil }
        var entries = try [Element](storeValue: value)
        let count = entries.count
        entries.removeAll { time($0).map { $0 < cutoff } ?? false }
        return entries.count == count ? nil : (entries.storeValue, count - entries.count)
    }

    /// Deletes all but the newest `count` of `rows` (by the timestamp at `orderPosition`, then
    /// primary key); returns how many it deleted. A row past the count that a `restrict`
    /// reference holds stays (and no newer row goes in its place), as the sweep and the SQL job
    /// leave it: the insert that put the group past its count succeeds.
    public static func trim(_ rows: [Row], keeping count: Int, orderPosition: Int, primaryKey: [Int], table: String,
                     in tx: any TableWriter) throws -> Int {
        var deleted = 0
        for row in surplus(rows, keeping: count, orderPosition: orderPosition, primaryKey: primaryKey)
        where try !RestrictReferences.hold(row, of: table, in: tx) {
            try tx.delete(primaryKey: primaryKey.map { row[$0] }, from: table)
            deleted += 1
        }
        return deleted
    }

    /// All but the newest `count` of `rows` (by the timestamp at `orderPosition`, a row without
    /// one oldest, then primary key), newest first.
    static func surplus(_ rows: [Row], keeping count: Int, orderPosition: Int, primaryKey: [Int]) -> [Row] {
        guard rows.count > count else { return [] }
        let newestFirst = rows.sorted { a, b in
            let byTime = StoreValue.compare(a[orderPosition], b[orderPosition])
            if byTime != 0 { return byTime > 0 }
            return StoreValue.compare(.bytes(IndexKeyEncoder.encode(primaryKey.map { a[$0] })),
                                      .bytes(IndexKeyEncoder.encode(primaryKey.map { b[$0] }))) > 0
        }
        return Array(newestFirst.dropFirst(count))
    }
}

extension WriteTransaction {
    /// Whether a `restrict` foreign key points at `table`: only then can a due row be held back.
    func hasRestrictingReferences(_ table: String) throws -> Bool {
        try schema.table(table).referencedBy.contains { $0.onDelete == .restrict }
    }

    /// `rows` of `table` without those a row of a `restrict` foreign key still references, which
    /// are counted in `heldBack`: deleting one would fail the whole sweep for as long as the
    /// reference lasts, so a sweep leaves them, as the SQL jobs do.
    func withoutRestricted(_ rows: [Row], of table: String, heldBack: inout Int) throws -> [Row] {
        let t = try schema.table(table)
        let restricting = t.referencedBy.filter { $0.onDelete == .restrict }
        guard !restricting.isEmpty else { return rows }
        var kept: [Row] = []
        for row in rows {
            if restricting.contains(where: { !ForeignKeyLookup.children(of: $0, parentRow: row, schema: schema, state: state).isEmpty }) {
                heldBack += 1
            } else {
                kept.append(row)
            }
        }
        return kept
    }
}
