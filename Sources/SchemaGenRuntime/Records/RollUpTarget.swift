import Foundation

/// Where a `delete after … roll up into …` rule adds the rows it deletes (columns by physical
/// name): each due row's group (`keys`) finds the summary row of `table` with that primary key,
/// inserted with zero totals when missing, and `totals` add the row's count or values into it.
public struct RollUpTarget: Sendable, Hashable {
    /// The summary table.
    public let table: String
    /// The summary's key columns, in its primary key's order or any other.
    public let keys: [RollUpKey]
    /// The summary's accumulating columns.
    public let totals: [RollUpTotal]

    /// Creates a roll-up target.
    public init(table: String, keys: [RollUpKey], totals: [RollUpTotal]) {
        self.table = table
        self.keys = keys
        self.totals = totals
    }
}

/// A summary key column and the swept column it comes from.
public struct RollUpKey: Sendable, Hashable {
    /// The summary's column.
    public let column: String
    /// The swept table's column.
    public let source: String
    /// Whether the key is the UTC day of the source time (its midnight), not the time itself.
    public let byDay: Bool

    /// Creates a key column.
    public init(column: String, source: String, byDay: Bool = false) {
        self.column = column
        self.source = source
        self.byDay = byDay
    }
}

/// A summary column that accumulates: a count of rows when `summed` is nil, else the sum of
/// the swept column `summed` (nulls add nothing).
public struct RollUpTotal: Sendable, Hashable {
    /// The summary's column.
    public let column: String
    /// The swept column added up, or nil to count rows.
    public let summed: String?

    /// Creates an accumulating column.
    public init(column: String, summed: String? = nil) {
        self.column = column
        self.summed = summed
    }
}

extension Retention {
    private static let microsecondsPerDay: Int64 = 86_400_000_000

    /// Adds `rows` of `table` into the summary and deletes them, in the sweep's transaction (so an
    /// error rolls both back); returns how many were deleted. A row a cascade already removed
    /// adds nothing.
    static func rollUp(_ rows: [Row], of table: String, into target: RollUpTarget, primaryKey: [Int],
                       in tx: WriteTransaction) throws -> Int {
        let source = try tx.schema.table(table)
        let summary = try tx.schema.table(target.table)
        let keyPositions = try target.keys.map { try source.column(named: $0.source) }
        let summedPositions = try target.totals.map { try $0.summed.map(source.column(named:)) }
        let summaryKey = try summary.definition.primaryKey.map { name in
            guard let index = target.keys.firstIndex(where: { $0.column == name }) else {
                throw StoreError.invalidSchema("roll-up into '\(target.table)' has no value for its key column '\(name)'")
            }
            return index
        }
        let zeros: [StoreValue] = try target.totals.map { total in
            try summary.definition.columns[summary.column(named: total.column)].type == .double ? .double(0) : .int(0)
        }
        var totalsByGroup: [[StoreValue]: [StoreValue]] = [:]
        var groupOrder: [[StoreValue]] = []
        var deleted = 0
        for row in rows {
            guard try tx.delete(primaryKey: primaryKey.map { row[$0] }, from: table) else { continue }
            deleted += 1
            let group = zip(target.keys, keyPositions).map { key, position in
                key.byDay ? day(of: row[position]) : row[position]
            }
            if totalsByGroup[group] == nil {
                groupOrder.append(group)
                totalsByGroup[group] = zeros
            }
            for (index, position) in summedPositions.enumerated() {
                let value = position.map { row[$0] } ?? .int(1)
                totalsByGroup[group]![index] = try add(totalsByGroup[group]![index], value)
            }
        }
        for group in groupOrder {
            let totals = totalsByGroup[group]!
            let key = summaryKey.map { group[$0] }
            if let existing = try tx.get(target.table, primaryKey: key) {
                var changes: [String: StoreValue] = [:]
                for (total, value) in zip(target.totals, totals) {
                    changes[total.column] = try add(existing[try summary.column(named: total.column)], value)
                }
                try tx.update(target.table, primaryKey: key, set: changes)
            } else {
                // The checker makes every other summary column optional: the sweep writes keys and totals.
                var row = summary.definition.columns.map { _ in StoreValue.null }
                for (key, value) in zip(target.keys, group) { row[try summary.column(named: key.column)] = value }
                for (total, value) in zip(target.totals, totals) { row[try summary.column(named: total.column)] = value }
                _ = try tx.insert(row, into: target.table)
            }
        }
        return deleted
    }

    /// The midnight (UTC) of a stored time's day, as a `date` column stores it.
    private static func day(of value: StoreValue) -> StoreValue {
        guard case .timestamp(let micros) = value else { return value }
        let days = micros >= 0 ? micros / microsecondsPerDay : (micros - microsecondsPerDay + 1) / microsecondsPerDay
        return .timestamp(days * microsecondsPerDay)
    }

    /// `total + value` for the numbers a summary accumulates; a null value adds nothing.
    private static func add(_ total: StoreValue, _ value: StoreValue) throws -> StoreValue {
        switch (total, value) {
        case (_, .null): return total
        case (.int(let a), .int(let b)):
            let (sum, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw StoreError.invalidSchema("roll-up total overflows int64") }
            return .int(sum)
        case (.int(let a), .double(let b)): return .double(Double(a) + b)
        case (.double(let a), .double(let b)): return .double(a + b)
        case (.double(let a), .int(let b)): return .double(a + Double(b))
        default: throw StoreError.invalidSchema("roll-up cannot add \(value) to \(total)")
        }
    }
}
