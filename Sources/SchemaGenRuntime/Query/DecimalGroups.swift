import Foundation

/// Groups by two fields where one or both are decimals (SQL `GROUP BY a, b`): a decimal part of
/// the key is grouped and ordered by its stored scaled integer, which orders as the decimals do,
/// and handed back as an exact `Decimal` (nil for the rows without a value).
extension Query {
    /// The matching rows grouped by a decimal field, then another field.
    public func group<Second>(by first: DecimalQueryField<Record>, _ second: QueryField<Record, Second>)
        -> GroupedQuery<Record, Access, (Decimal?, Second)> {
        let scale = first.scale
        return GroupedQuery(query: self, parts: Self.parts(first.position, second.position),
                            decode: { (try Self.decimal($0[0], scale: scale), try Second(storeValue: $0[1])) })
    }

    /// The matching rows grouped by a field, then a decimal field.
    public func group<First>(by first: QueryField<Record, First>, _ second: DecimalQueryField<Record>)
        -> GroupedQuery<Record, Access, (First, Decimal?)> {
        let scale = second.scale
        return GroupedQuery(query: self, parts: Self.parts(first.position, second.position),
                            decode: { (try First(storeValue: $0[0]), try Self.decimal($0[1], scale: scale)) })
    }

    /// The matching rows grouped by two decimal fields.
    public func group(by first: DecimalQueryField<Record>, _ second: DecimalQueryField<Record>)
        -> GroupedQuery<Record, Access, (Decimal?, Decimal?)> {
        let (firstScale, secondScale) = (first.scale, second.scale)
        return GroupedQuery(query: self, parts: Self.parts(first.position, second.position),
                            decode: { (try Self.decimal($0[0], scale: firstScale), try Self.decimal($0[1], scale: secondScale)) })
    }

    private static func parts(_ first: Int, _ second: Int) -> [GroupPart] {
        [GroupPart(position: first, truncation: nil), GroupPart(position: second, truncation: nil)]
    }

    /// The decimal a stored scaled integer stands for (nil for null).
    private static func decimal(_ value: StoreValue, scale: Int) throws -> Decimal? {
        value.isNull ? nil : try ScaledDecimal(storeValue: value).decimal(scale: scale)
    }
}

extension Query where Record: FilterableRecord {
    /// Groups by a decimal field and another field: `group(by: { ($0.rating, $0.category) })`.
    public func group<Second>(by fields: (Record.QueryFields) -> (DecimalQueryField<Record>, QueryField<Record, Second>))
        -> GroupedQuery<Record, Access, (Decimal?, Second)> {
        let (first, second) = fields(Record.queryFields)
        return group(by: first, second)
    }

    /// Groups by a field and a decimal field: `group(by: { ($0.category, $0.rating) })`.
    public func group<First>(by fields: (Record.QueryFields) -> (QueryField<Record, First>, DecimalQueryField<Record>))
        -> GroupedQuery<Record, Access, (First, Decimal?)> {
        let (first, second) = fields(Record.queryFields)
        return group(by: first, second)
    }

    /// Groups by two decimal fields.
    public func group(by fields: (Record.QueryFields) -> (DecimalQueryField<Record>, DecimalQueryField<Record>))
        -> GroupedQuery<Record, Access, (Decimal?, Decimal?)> {
        let (first, second) = fields(Record.queryFields)
        return group(by: first, second)
    }
}
