import Foundation

/// Aggregates over a query's rows (its index bounds, scope and filter): computed from the
/// stored rows without decoding records.
extension Query {
    /// Calls `body` with every row the query returns, in its order, inside one snapshot; only
    /// the positions in `reading` are sure to be set (an index-only scan fills just the key).
    func forEachRow(reading: Set<Int>, _ body: (Row) throws -> Void) throws {
        try access.withSnapshot { snapshot in try resolved(in: snapshot).forEachMatch(reading: reading, in: snapshot, body) }
    }

    /// The sum of `field` over the matching rows, or nil when none has a value (SQL `SUM`).
    ///
    /// - Throws: ``QueryAggregateError/integerOverflow(column:)`` when an integer sum leaves 64 bits.
    public func sum<Value>(_ field: QueryField<Record, Value>) throws -> Value.QueryOperand.QuerySum? where Value.QueryOperand: SummableQueryValue {
        var total = NumericTotal()
        try forEachRow(reading: [field.position]) { try total.add($0[field.position], column: field.name) }
        return total.count == 0 ? nil : try Value.QueryOperand.QuerySum(storeValue: Value.QueryOperand.storedSum(total))
    }

    /// The mean of `field` over the matching rows' values, or nil when none has one (SQL `AVG`).
    public func average<Value>(_ field: QueryField<Record, Value>) throws -> Double? where Value.QueryOperand: SummableQueryValue {
        var total = NumericTotal()
        try forEachRow(reading: [field.position]) { try total.add($0[field.position], column: field.name) }
        return total.average
    }

    /// The smallest value of `field` among the matching rows, or nil when none has one (SQL `MIN`).
    public func min<Value>(_ field: QueryField<Record, Value>) throws -> Value.QueryOperand? {
        try extreme(field, keeping: { $0 < 0 })
    }

    /// The largest value of `field` among the matching rows, or nil when none has one (SQL `MAX`).
    public func max<Value>(_ field: QueryField<Record, Value>) throws -> Value.QueryOperand? {
        try extreme(field, keeping: { $0 > 0 })
    }

    private func extreme<Value>(_ field: QueryField<Record, Value>, keeping better: (Int) -> Bool) throws -> Value.QueryOperand? {
        var best = StoreValue.null
        try forEachRow(reading: [field.position]) { row in
            let value = row[field.position]
            if !value.isNull, best.isNull || better(StoreValue.compare(value, best)) { best = value }
        }
        return best.isNull ? nil : try Value.QueryOperand(storeValue: best)
    }

    /// The matching rows grouped by the value of `field` (nulls form one group, as in SQL).
    public func group<Key>(by field: QueryField<Record, Key>) -> GroupedQuery<Record, Access, Key> {
        GroupedQuery(query: self, column: field.name, position: field.position, key: { $0[field.position] }, decode: { try Key(storeValue: $0) })
    }

    /// The matching rows grouped by the UTC day of a timestamp field (key: the day's start;
    /// rows without a value form one group with a nil key).
    public func group<Value>(byDayOf field: QueryField<Record, Value>) -> GroupedQuery<Record, Access, Date?> where Value.QueryOperand == Date {
        group(truncating: field, to: 86_400_000_000)
    }

    /// The matching rows grouped by the UTC hour of a timestamp field (key: the hour's start).
    public func group<Value>(byHourOf field: QueryField<Record, Value>) -> GroupedQuery<Record, Access, Date?> where Value.QueryOperand == Date {
        group(truncating: field, to: 3_600_000_000)
    }

    private func group<Value>(truncating field: QueryField<Record, Value>, to microseconds: Int64) -> GroupedQuery<Record, Access, Date?> {
        GroupedQuery(query: self, column: field.name, position: field.position, key: { row in
            guard case .timestamp(let time) = row[field.position] else { return .null }
            // Floor division, so times before 1970 fall in their own day too.
            let (quotient, remainder) = time.quotientAndRemainder(dividingBy: microseconds)
            return .timestamp((remainder < 0 ? quotient - 1 : quotient) * microseconds)
        }, decode: { $0.isNull ? nil : StoreTime.date($0.intValue!) })
    }
}

extension Query where Record: FilterableRecord {
    /// The sum of a field: `sum { $0.amount }`.
    public func sum<Value>(_ field: (Record.QueryFields) -> QueryField<Record, Value>) throws -> Value.QueryOperand.QuerySum?
    where Value.QueryOperand: SummableQueryValue { try sum(field(Record.queryFields)) }
    /// The mean of a field: `average { $0.amount }`.
    public func average<Value>(_ field: (Record.QueryFields) -> QueryField<Record, Value>) throws -> Double?
    where Value.QueryOperand: SummableQueryValue { try average(field(Record.queryFields)) }
    /// The smallest value of a field: `min { $0.createdAt }`.
    public func min<Value>(_ field: (Record.QueryFields) -> QueryField<Record, Value>) throws -> Value.QueryOperand? {
        try min(field(Record.queryFields))
    }
    /// The largest value of a field: `max { $0.createdAt }`.
    public func max<Value>(_ field: (Record.QueryFields) -> QueryField<Record, Value>) throws -> Value.QueryOperand? {
        try max(field(Record.queryFields))
    }
    /// Groups by a field: `group { $0.userID }`.
    public func group<Key>(by field: (Record.QueryFields) -> QueryField<Record, Key>) -> GroupedQuery<Record, Access, Key> {
        group(by: field(Record.queryFields))
    }
    /// Groups by the UTC day of a timestamp field: `group(byDayOf: { $0.createdAt })`.
    public func group<Value>(byDayOf field: (Record.QueryFields) -> QueryField<Record, Value>) -> GroupedQuery<Record, Access, Date?>
    where Value.QueryOperand == Date { group(byDayOf: field(Record.queryFields)) }
    /// Groups by the UTC hour of a timestamp field: `group(byHourOf: { $0.createdAt })`.
    public func group<Value>(byHourOf field: (Record.QueryFields) -> QueryField<Record, Value>) -> GroupedQuery<Record, Access, Date?>
    where Value.QueryOperand == Date { group(byHourOf: field(Record.queryFields)) }
}
