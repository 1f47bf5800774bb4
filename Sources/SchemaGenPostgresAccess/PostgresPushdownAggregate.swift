import SchemaGenPostgres
import SchemaGenRuntime

/// The aggregate part of a pushed-down statement: the select list (group key, then the
/// aggregate's fields), the groups' `ORDER BY` in the store's order, and how to read them back.
extension PostgresPushdownStatement {
    /// The aggregate's fields after the key.
    enum ValueFields {
        /// One count.
        case count
        /// One exact sum of integers (as `numeric`).
        case sum(column: String)
        /// The exact sum (as `numeric`) and the number of values; the mean is taken from them
        /// as the store takes it (the sum as a double over the count).
        case average(column: String)
        /// One value of the column at this row position, decoded as its column (a decimal's
        /// `numeric` back to the scaled integer).
        case value(position: Int)
    }

    /// The select list, the `ORDER BY` of the groups and how to read them; nil when the
    /// function, column or a key part is one the server does not compute exactly as the store.
    static func aggregate(_ aggregate: PushdownAggregate, table: ServerTable) -> (String, String, Reading)? {
        var select: [String] = []
        var keyPositions: [Int] = []
        for part in aggregate.groups {
            // Doubles group in Swift: -0.0 and 0.0 (and every NaN) are one group on both sides,
            // but the store's key is the first such row's value in its scan order, which the
            // server's grouping does not reproduce (it may answer 0.0 where the store has -0.0).
            guard let kind = PushableColumn(table, part.position), kind != .double else { return nil }
            let column = table.quoted(part.position)
            switch part.truncation {
            case nil:
                select.append(table.comparable(part.position))
            case let unit?:
                // A UTC day or hour: the store floors microseconds since the epoch.
                guard kind == .timestamp, let field = [86_400_000_000: "day", 3_600_000_000: "hour"][unit] else { return nil }
                if case .timestamptz = table.types[part.position] {
                    select.append("date_trunc('\(field)', \(column) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'")
                } else {
                    // A naive timestamp holds the UTC wall clock.
                    select.append("date_trunc('\(field)', \(column))")
                }
            }
            keyPositions.append(part.position)
        }
        let keyCount = select.count
        let value: ValueFields
        var valueOrdinal = keyCount + 1
        switch aggregate.function {
        case .count:
            select.append("count(*)")
            value = .count
        case .sum, .average:
            guard let field = aggregate.field, PushableColumn(table, field) == .integer else { return nil }
            let column = table.quoted(field)
            let name = aggregate.fieldName ?? table.definition.columns[field].name
            select.append("sum(\(column))::numeric")
            if aggregate.function == .sum {
                value = .sum(column: name)
            } else {
                select.append("count(\(column))")
                // The order is the mean's as a double, as the store orders the doubles it returns.
                select.append("sum(\(column))::float8 / NULLIF(count(\(column)), 0)::float8")
                valueOrdinal = keyCount + 3
                value = .average(column: name)
            }
        case .minimum, .maximum:
            // Not doubles: the store keeps the first extreme in scan order (-0.0 or 0.0, one NaN's
            // bits), the server any of them. Decimals: `numeric` min/max are exact.
            guard let field = aggregate.field, let kind = PushableColumn(table, field),
                  [.integer, .text, .timestamp, .bool, .decimal].contains(kind) else { return nil }
            let minimum = aggregate.function == .minimum
            if kind == .bool {
                // No min(boolean) in PostgreSQL; false < true as on the store.
                select.append("\(minimum ? "bool_and" : "bool_or")(\(table.quoted(field)))")
            } else {
                select.append("\(minimum ? "min" : "max")(\(table.comparable(field)))")
            }
            value = .value(position: field)
        }
        let keysAscending = (0..<keyCount).map { "\($0 + 1) ASC NULLS FIRST" }
        let order: [String]
        switch aggregate.order {
        case .keyAscending: order = keysAscending
        case .keyDescending: order = (0..<keyCount).map { "\($0 + 1) DESC NULLS LAST" }
        case .valueAscending: order = ["\(valueOrdinal) ASC NULLS FIRST"] + keysAscending
        case .valueDescending: order = ["\(valueOrdinal) DESC NULLS LAST"] + keysAscending
        }
        return (select.joined(separator: ", "), order.joined(separator: ", "), .groups(keys: keyPositions, value: value))
    }
}
