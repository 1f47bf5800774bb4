import Foundation

/// Aggregates over a query's rows (its index bounds, scope and filter): computed from the
/// stored rows without decoding records.
extension Query {
    /// Calls `body` with every row the query returns, in its order, inside one snapshot; only
    /// the positions in `reading` are sure to be set (an index-only scan fills just the key).
    func forEachRow(reading: Set<Int>, _ body: (Row) throws -> Void) throws {
        try access.withSnapshot { snapshot in try resolved(in: snapshot, reading: reading).forEachMatch(reading: reading, in: snapshot, body) }
    }

    /// The sum of `field` over the matching rows, or nil when none has a value (SQL `SUM`).
    ///
    /// - Throws: ``QueryAggregateError/integerOverflow(column:)`` when an integer sum leaves 64 bits.
    public func sum<Value>(_ field: QueryField<Record, Value>) throws -> Value.QueryOperand.QuerySum? where Value.QueryOperand: SummableQueryValue {
        var total = NumericTotal()
        let function: PushdownAggregate.Function? = Self.sumsExactIntegers(Value.QueryOperand.self) ? .sum : nil
        if let pushed = try pushedTotal(function, field: field, { try total.add($0[field.position], column: field.name) }) {
            return pushed.isNull ? nil : try Value.QueryOperand.QuerySum(storeValue: pushed)
        }
        return total.count == 0 ? nil : try Value.QueryOperand.QuerySum(storeValue: Value.QueryOperand.storedSum(total))
    }

    /// The mean of `field` over the matching rows' values, or nil when none has one (SQL `AVG`).
    public func average<Value>(_ field: QueryField<Record, Value>) throws -> Double? where Value.QueryOperand: SummableQueryValue {
        var total = NumericTotal()
        let function: PushdownAggregate.Function? = Self.sumsExactIntegers(Value.QueryOperand.self) ? .average : nil
        if let pushed = try pushedTotal(function, field: field, { try total.add($0[field.position], column: field.name) }) {
            return pushed.doubleValue
        }
        return total.average
    }

    /// The smallest value of `field` among the matching rows, or nil when none has one (SQL `MIN`).
    public func min<Value>(_ field: QueryField<Record, Value>) throws -> Value.QueryOperand? {
        try extreme(field, function: .minimum, keeping: { $0 < 0 })
    }

    /// The largest value of `field` among the matching rows, or nil when none has one (SQL `MAX`).
    public func max<Value>(_ field: QueryField<Record, Value>) throws -> Value.QueryOperand? {
        try extreme(field, function: .maximum, keeping: { $0 > 0 })
    }

    private func extreme<Value>(_ field: QueryField<Record, Value>, function: PushdownAggregate.Function,
                                keeping better: (Int) -> Bool) throws -> Value.QueryOperand? {
        var best = StoreValue.null
        let pushed = try pushedTotal(function, field: field) { row in
            let value = row[field.position]
            if !value.isNull, best.isNull || better(StoreValue.compare(value, best)) { best = value }
        }
        if let pushed { best = pushed }
        return best.isNull ? nil : try Value.QueryOperand(storeValue: best)
    }

    /// `function` of `field` over every matching row computed by the backend, or nil after
    /// `body` was called with each row (the store, a backend that declines, or no `function`).
    private func pushedTotal<Value>(_ function: PushdownAggregate.Function?, field: QueryField<Record, Value>,
                                    _ body: (Row) throws -> Void) throws -> StoreValue? {
        let aggregate = function.map {
            PushdownAggregate(function: $0, field: field.position, fieldName: field.name, groups: [], order: .keyAscending, limit: nil)
        }
        return try aggregateRows(reading: [field.position], pushing: aggregate, body)?.first?.value
    }

    /// The matching rows grouped by the value of `field` (nulls form one group, as in SQL).
    public func group<Key>(by field: QueryField<Record, Key>) -> GroupedQuery<Record, Access, Key> {
        GroupedQuery(query: self, parts: [GroupPart(position: field.position, truncation: nil)], decode: { try Key(storeValue: $0[0]) })
    }

    /// The matching rows grouped by two fields (SQL `GROUP BY a, b`): one group per pair of
    /// values some row has; keys order by the first field, then the second.
    public func group<First, Second>(by first: QueryField<Record, First>, _ second: QueryField<Record, Second>)
        -> GroupedQuery<Record, Access, (First, Second)> {
        GroupedQuery(query: self, parts: [GroupPart(position: first.position, truncation: nil), GroupPart(position: second.position, truncation: nil)],
                     decode: { (try First(storeValue: $0[0]), try Second(storeValue: $0[1])) })
    }

    /// The matching rows grouped by three fields (SQL `GROUP BY a, b, c`).
    public func group<First, Second, Third>(by first: QueryField<Record, First>, _ second: QueryField<Record, Second>,
                                            _ third: QueryField<Record, Third>) -> GroupedQuery<Record, Access, (First, Second, Third)> {
        GroupedQuery(query: self, parts: [first.position, second.position, third.position].map { GroupPart(position: $0, truncation: nil) },
                     decode: { (try First(storeValue: $0[0]), try Second(storeValue: $0[1]), try Third(storeValue: $0[2])) })
    }

    /// The matching rows grouped by a field and the UTC day of a timestamp field ("coins per
    /// guild per day"); the day is nil for rows without a timestamp.
    public func group<First, Value>(by first: QueryField<Record, First>, dayOf time: QueryField<Record, Value>)
        -> GroupedQuery<Record, Access, (First, Date?)> where Value.QueryOperand == Date {
        GroupedQuery(query: self, parts: [GroupPart(position: first.position, truncation: nil), GroupPart(position: time.position, truncation: Self.day)],
                     decode: { (try First(storeValue: $0[0]), $0[1].isNull ? nil : StoreTime.date($0[1].intValue!)) })
    }

    /// The matching rows grouped by the UTC day of a timestamp field (key: the day's start;
    /// rows without a value form one group with a nil key).
    public func group<Value>(byDayOf field: QueryField<Record, Value>) -> GroupedQuery<Record, Access, Date?> where Value.QueryOperand == Date {
        group(truncating: field, to: Self.day)
    }

    /// The matching rows grouped by the UTC hour of a timestamp field (key: the hour's start).
    public func group<Value>(byHourOf field: QueryField<Record, Value>) -> GroupedQuery<Record, Access, Date?> where Value.QueryOperand == Date {
        group(truncating: field, to: 3_600_000_000)
    }

    private static var day: Int64 { 86_400_000_000 }

    private func group<Value>(truncating field: QueryField<Record, Value>, to microseconds: Int64) -> GroupedQuery<Record, Access, Date?> {
        GroupedQuery(query: self, parts: [GroupPart(position: field.position, truncation: microseconds)],
                     decode: { $0[0].isNull ? nil : StoreTime.date($0[0].intValue!) })
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
    /// Groups by two fields: `group(by: { ($0.guildID, $0.userID) })`.
    public func group<First, Second>(by fields: (Record.QueryFields) -> (QueryField<Record, First>, QueryField<Record, Second>))
        -> GroupedQuery<Record, Access, (First, Second)> {
        let (first, second) = fields(Record.queryFields)
        return group(by: first, second)
    }
}
