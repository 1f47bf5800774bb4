import Foundation

/// Aggregates and groups over decimal fields, exact: sums and means are computed on the stored
/// scaled integers (``DecimalTotal``), never through `Double`, and returned as `Decimal`.
/// A sum has the field's scale; a mean is rounded half away from zero to 16 fraction digits
/// (the field's scale when larger).
extension Query {
    /// The exact sum of a decimal field over the matching rows, or nil when none has a value (SQL `SUM`).
    public func sum(_ field: DecimalQueryField<Record>) throws -> Decimal? {
        try total(field).sum(scale: field.scale)
    }

    /// The mean of a decimal field over the matching rows' values, rounded half away from zero
    /// to 16 fraction digits (the field's scale when larger), or nil when none has a value (SQL `AVG`).
    public func average(_ field: DecimalQueryField<Record>) throws -> Decimal? {
        try total(field).average(scale: field.scale)
    }

    /// The smallest value of a decimal field among the matching rows, or nil when none has one.
    public func min(_ field: DecimalQueryField<Record>) throws -> Decimal? {
        try min(QueryField<Record, ScaledDecimal>(position: field.position, name: field.name)).map { $0.decimal(scale: field.scale) }
    }

    /// The largest value of a decimal field among the matching rows, or nil when none has one.
    public func max(_ field: DecimalQueryField<Record>) throws -> Decimal? {
        try max(QueryField<Record, ScaledDecimal>(position: field.position, name: field.name)).map { $0.decimal(scale: field.scale) }
    }

    /// The matching rows grouped by a decimal field's value (key nil: the rows without one).
    public func group(by field: DecimalQueryField<Record>) -> GroupedQuery<Record, Access, Decimal?> {
        let scale = field.scale
        return GroupedQuery(query: self, parts: [GroupPart(position: field.position, truncation: nil)],
                            decode: { try $0[0].isNull ? nil : ScaledDecimal(storeValue: $0[0]).decimal(scale: scale) })
    }

    /// How an aggregate of a decimal field reads the rows.
    public func explain(aggregating field: DecimalQueryField<Record>) throws -> QueryPlan {
        try explain(reading: [field.position], operation: .rows(limit: nil))
    }

    private func total(_ field: DecimalQueryField<Record>) throws -> DecimalTotal {
        var total = DecimalTotal()
        try forEachRow(reading: [field.position]) { total.add($0[field.position]) }
        return total
    }
}

extension Query where Record: FilterableRecord {
    /// The exact sum of a decimal field: `sum { $0.price }`.
    public func sum(_ field: (Record.QueryFields) -> DecimalQueryField<Record>) throws -> Decimal? { try sum(field(Record.queryFields)) }
    /// The mean of a decimal field, rounded half away from zero to 16 fraction digits: `average { $0.price }`.
    public func average(_ field: (Record.QueryFields) -> DecimalQueryField<Record>) throws -> Decimal? { try average(field(Record.queryFields)) }
    /// The smallest value of a decimal field: `min { $0.price }`.
    public func min(_ field: (Record.QueryFields) -> DecimalQueryField<Record>) throws -> Decimal? { try min(field(Record.queryFields)) }
    /// The largest value of a decimal field: `max { $0.price }`.
    public func max(_ field: (Record.QueryFields) -> DecimalQueryField<Record>) throws -> Decimal? { try max(field(Record.queryFields)) }
    /// Groups by a decimal field: `group { $0.price }`.
    public func group(by field: (Record.QueryFields) -> DecimalQueryField<Record>) -> GroupedQuery<Record, Access, Decimal?> {
        group(by: field(Record.queryFields))
    }
}

extension GroupedQuery {
    /// The exact sum of a decimal field in each group (nil for a group where it is always null).
    public func sum(_ field: DecimalQueryField<Record>, order: GroupOrder = .keyAscending, limit: Int? = nil) throws -> [QueryGroup<Key, Decimal?>] {
        try decimalTotals(field, order: order, limit: limit) { $0.sum(scale: field.scale) }
    }

    /// The mean of a decimal field in each group, rounded half away from zero to 16 fraction
    /// digits (the field's scale when larger); groups order by the rounded means.
    public func average(_ field: DecimalQueryField<Record>, order: GroupOrder = .keyAscending, limit: Int? = nil) throws -> [QueryGroup<Key, Decimal?>] {
        try decimalTotals(field, order: order, limit: limit) { $0.average(scale: field.scale) }
    }

    /// The smallest value of a decimal field in each group (nil for a group where it is always null).
    public func min(_ field: DecimalQueryField<Record>, order: GroupOrder = .keyAscending, limit: Int? = nil) throws -> [QueryGroup<Key, Decimal?>] {
        try min(QueryField<Record, ScaledDecimal>(position: field.position, name: field.name), order: order, limit: limit)
            .map { QueryGroup(key: $0.key, value: $0.value?.decimal(scale: field.scale)) }
    }

    /// The largest value of a decimal field in each group (nil for a group where it is always null).
    public func max(_ field: DecimalQueryField<Record>, order: GroupOrder = .keyAscending, limit: Int? = nil) throws -> [QueryGroup<Key, Decimal?>] {
        try max(QueryField<Record, ScaledDecimal>(position: field.position, name: field.name), order: order, limit: limit)
            .map { QueryGroup(key: $0.key, value: $0.value?.decimal(scale: field.scale)) }
    }

    /// How an aggregate of a decimal field per group reads the rows.
    public func explain(aggregating field: DecimalQueryField<Record>) throws -> QueryPlan {
        try query.explain(reading: positions.union([field.position]), operation: .aggregate(.count(groups: pushdownParts)))
    }

    private func decimalTotals(_ field: DecimalQueryField<Record>, order: GroupOrder, limit: Int?,
                               _ result: (DecimalTotal) -> Decimal?) throws -> [QueryGroup<Key, Decimal?>] {
        let groups = try groups(order: order, limit: limit, reading: field.position, initial: DecimalTotal(),
                                add: { total, row in total.add(row[field.position]) }, finish: result, compare: compareDecimals)
        return try typed(groups) { $0 }
    }
}

/// SQL's order of aggregates: nulls first, then by value.
private func compareDecimals(_ a: Decimal?, _ b: Decimal?) -> Int {
    switch (a, b) {
    case (nil, nil): return 0
    case (nil, _): return -1
    case (_, nil): return 1
    case let (a?, b?): return a < b ? -1 : a == b ? 0 : 1
    }
}

extension GroupedQuery where Record: FilterableRecord {
    /// The exact sum of a decimal field in each group: `sum(order: .valueDescending) { $0.price }`.
    public func sum(order: GroupOrder = .keyAscending, limit: Int? = nil, _ field: (Record.QueryFields) -> DecimalQueryField<Record>) throws
        -> [QueryGroup<Key, Decimal?>] { try sum(field(Record.queryFields), order: order, limit: limit) }
    /// The mean of a decimal field in each group (rounded half away from zero to 16 fraction digits).
    public func average(order: GroupOrder = .keyAscending, limit: Int? = nil, _ field: (Record.QueryFields) -> DecimalQueryField<Record>) throws
        -> [QueryGroup<Key, Decimal?>] { try average(field(Record.queryFields), order: order, limit: limit) }
    /// The smallest value of a decimal field in each group.
    public func min(order: GroupOrder = .keyAscending, limit: Int? = nil, _ field: (Record.QueryFields) -> DecimalQueryField<Record>) throws
        -> [QueryGroup<Key, Decimal?>] { try min(field(Record.queryFields), order: order, limit: limit) }
    /// The largest value of a decimal field in each group.
    public func max(order: GroupOrder = .keyAscending, limit: Int? = nil, _ field: (Record.QueryFields) -> DecimalQueryField<Record>) throws
        -> [QueryGroup<Key, Decimal?>] { try max(field(Record.queryFields), order: order, limit: limit) }
}

/// A decimal as the store holds it, an integer scaled by 10^scale: what the decimal `min` and
/// `max` compare (scaled integers order as the decimals do) before it becomes a `Decimal` with
/// the field's scale.
struct ScaledDecimal: QueryValue, Sendable {
    typealias QueryOperand = ScaledDecimal
    let scaled: Int64

    init(storeValue: StoreValue) throws {
        guard case .int(let scaled) = storeValue else { throw ColumnDecodingError("a scaled decimal", storeValue) }
        self.scaled = scaled
    }

    var storeValue: StoreValue { .int(scaled) }

    func decimal(scale: Int) -> Decimal { .exact(Int128(scaled), fractionDigits: scale) }
}
