import Foundation
import SchemaGenPostgres
import SchemaGenRuntime

/// A query's filtered scan, or its aggregate, as one SQL statement (``TableReader/pushdown(_:)``):
/// `WHERE` the scan's key ranges, every filter term and the scope, each value a parameter;
/// `GROUP BY` the key (a UTC day or hour through `date_trunc`); `ORDER BY` the store's order
/// (nulls lowest, strings by their bytes); `LIMIT`. Built when the key ranges, scope and (for an
/// aggregate) every term have an exact SQL equivalent; otherwise the query is evaluated in Swift.
/// Rows whose filter has terms without one are selected by the others and checked in Swift
/// (``residual``), read in keyset batches.
struct PostgresPushdownStatement {
    /// The SQL.
    let sql: String
    /// Its parameters, `$1` on.
    let parameters: [PostgresValue]
    /// How the result's fields are read back.
    let reading: Reading
    /// The rows' `WHERE` (ranges, translated terms, scope) before any batch bound.
    let scan: PostgresScanStatement
    /// The scanned key's columns (index, then primary key) and the direction along them.
    let keys: [KeyColumn]
    let direction: ScanDirection
    /// The most rows wanted (nil: all).
    let limit: Int?
    /// Terms with no exact SQL equivalent, checked in Swift on each fetched row (rows only).
    let residual: [@Sendable (Row) -> Bool]
    /// Their text, for `explain()`.
    let residualText: [String]

    /// What each result row holds.
    enum Reading {
        /// Every column of the table, in row order.
        case rows
        /// The group key's parts, then the aggregate's fields.
        case groups(keys: [ColumnType], value: ValueFields)
    }

    /// The aggregate's fields after the key.
    enum ValueFields {
        /// One count.
        case count
        /// One exact sum of integers (as `numeric`).
        case sum(column: String)
        /// The exact sum (as `numeric`) and the number of values; the mean is taken from them
        /// as the store takes it (the sum as a double over the count).
        case average(column: String)
        /// One value of the column's store type.
        case value(ColumnType)
    }

    /// `request` over `table` as one statement, nil when the key ranges, the scope or (for an
    /// aggregate) a term have no exact SQL equivalent.
    init?<Record>(_ request: PushdownRequest<Record>, table: ServerTable) throws {
        let (keys, definition) = try PostgresScanStatement.keyColumns(table, index: request.index)
        // A partial index lacks rows outside its condition, which the store checks in Swift.
        guard definition?.condition == nil else { return nil }
        var statement = PostgresScanStatement(table: table)
        var alternatives: [String] = []
        for range in request.ranges {
            alternatives.append(try statement.conjunction { s in
                try s.prefix(keys, range.prefix)
                try s.range(keys.dropFirst(range.prefix.count), from: range.from, to: range.to)
            })
        }
        if alternatives.count == 1 {
            if alternatives[0] != "TRUE" { statement.require(alternatives[0]) }
        } else {
            statement.require("(" + alternatives.map { "(\($0))" }.joined(separator: " OR ") + ")")
        }
        var residual: [@Sendable (Row) -> Bool] = [], residualText: [String] = []
        for term in request.terms {
            let before = statement
            if let condition = try statement.condition(term) {
                statement.require(condition)
            } else {
                // Drops the parameters the term bound before it proved untranslatable.
                statement = before
                residual.append(term.matches)
                residualText.append(term.text)
            }
        }
        if let scope = request.scope {
            for (position, value) in zip(scope.positions, scope.values) {
                if value.isNull {
                    statement.require("\(table.quoted(position)) IS NULL")
                } else {
                    guard let placeholder = try statement.placeholder(value, position) else { return nil }
                    statement.require("\(table.comparable(position)) = \(placeholder)")
                }
            }
        }
        (scan, self.keys, direction, self.residual, self.residualText) = (statement, keys, request.direction, residual, residualText)
        let from = " FROM \(SQLName.quoted(table.definition.name))\(statement.whereClause)"
        switch request.operation {
        case .rows(let limit):
            self.limit = limit
            let batch = residual.isEmpty ? limit.map { Swift.max(0, $0) } : PostgresTableSession.batchSize
            sql = "SELECT \(statement.selectList)\(from)\(statement.orderBy(keys, direction: request.direction))"
                + (batch.map { " LIMIT \($0)" } ?? "")
            reading = .rows
        case .aggregate(let aggregate):
            limit = aggregate.limit
            // An aggregate over rows a term must still check in Swift is taken in Swift.
            guard residual.isEmpty, let (select, order, reading) = Self.aggregate(aggregate, table: table) else { return nil }
            self.reading = reading
            var text = "SELECT \(select)\(from)"
            if !aggregate.groups.isEmpty {
                text += " GROUP BY " + aggregate.groups.indices.map { "\($0 + 1)" }.joined(separator: ", ")
                text += " ORDER BY " + order
                if let limit = aggregate.limit { text += " LIMIT \(Swift.max(0, limit))" }
            }
            sql = text
        }
        parameters = statement.parameters
    }

    /// The select list, the `ORDER BY` of the groups and how to read them; nil when the
    /// function, column or a key part is one the server does not compute exactly as the store.
    private static func aggregate(_ aggregate: PushdownAggregate, table: ServerTable) -> (String, String, Reading)? {
        var select: [String] = []
        var keyTypes: [ColumnType] = []
        for part in aggregate.groups {
            guard let kind = PushableColumn(table, part.position) else { return nil }
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
            keyTypes.append(table.definition.columns[part.position].type)
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
            guard let field = aggregate.field, let kind = PushableColumn(table, field),
                  [.integer, .text, .timestamp, .bool].contains(kind) else { return nil }
            let minimum = aggregate.function == .minimum
            if kind == .bool {
                // No min(boolean) in PostgreSQL; false < true as on the store.
                select.append("\(minimum ? "bool_and" : "bool_or")(\(table.quoted(field)))")
            } else {
                select.append("\(minimum ? "min" : "max")(\(table.comparable(field)))")
            }
            value = .value(table.definition.columns[field].type)
        }
        let keysAscending = (0..<keyCount).map { "\($0 + 1) ASC NULLS FIRST" }
        let order: [String]
        switch aggregate.order {
        case .keyAscending: order = keysAscending
        case .keyDescending: order = (0..<keyCount).map { "\($0 + 1) DESC NULLS LAST" }
        case .valueAscending: order = ["\(valueOrdinal) ASC NULLS FIRST"] + keysAscending
        case .valueDescending: order = ["\(valueOrdinal) DESC NULLS LAST"] + keysAscending
        }
        return (select.joined(separator: ", "), order.joined(separator: ", "), .groups(keys: keyTypes, value: value))
    }

    /// The statement's result read back as the store's rows or groups.
    func result(_ fetched: PostgresRows, table: ServerTable) throws -> PushdownResult {
        let name = table.definition.name
        switch reading {
        case .rows:
            return .rows(try Self.rows(fetched, table: table))
        case .groups(let keys, let value):
            return .groups(try fetched.map { row in
                let key = try keys.enumerated().map { i, type in
                    try PostgresValueMapping.storeValue(row[i], type: type, table: name, column: "group key \(i + 1)")
                }
                let at = keys.count
                switch value {
                case .count:
                    return PushdownGroup(key: key, value: try PostgresValueMapping.storeValue(row[at], type: .int, table: name, column: "count"))
                case .sum(let column):
                    return PushdownGroup(key: key, value: try Self.integer(row[at], table: name, column: column).map(StoreValue.int) ?? .null)
                case .average(let column):
                    guard let sum = try Self.integer(row[at], table: name, column: column), case .int64(let count) = row[at + 1], count > 0 else {
                        return PushdownGroup(key: key, value: .null)
                    }
                    return PushdownGroup(key: key, value: .double(Double(sum) / Double(count)))
                case .value(let type):
                    return PushdownGroup(key: key, value: try PostgresValueMapping.storeValue(row[at], type: type, table: name, column: "aggregate"))
                }
            })
        }
    }

    /// Fetched rows as the store's rows (every column, in row order).
    static func rows(_ fetched: PostgresRows, table: ServerTable) throws -> [Row] {
        try fetched.map(table.storeRow)
    }

    /// An exact integer sum read as `numeric`, nil for no value; throws as the store does when
    /// it leaves 64 bits (the store checks each partial sum, the server only the total).
    private static func integer(_ value: PostgresValue, table: String, column: String) throws -> Int64? {
        switch value {
        case .null: return nil
        case .numeric(let number):
            guard let n = Int64(number.text) else { throw QueryAggregateError.integerOverflow(column: column) }
            return n
        default:
            throw StoreError.invalidRow(table: table, reason: "the sum of column '\(column)' read \(value) from PostgreSQL")
        }
    }
}

extension PostgresTableSession {
    /// Runs a query's filtered scan or aggregate as one statement on the server
    /// (``PostgresPushdownStatement``), nil when some part is evaluated in Swift.
    func pushdown<Record: StoredRecord>(_ request: PushdownRequest<Record>) throws -> PushdownResult? {
        let table = try catalog.table(request.table)
        guard let statement = try PostgresPushdownStatement(request, table: table) else { return nil }
        if request.describeOnly {
            let residual = statement.residualText.isEmpty ? "" : "; then in Swift: " + statement.residualText.joined(separator: " and ")
            return .statement("postgres: " + statement.sql + residual)
        }
        guard statement.residual.isEmpty else { return .rows(try statement.checkedRows(on: connection, table: table)) }
        return try statement.result(try connection.queryBlocking(statement.sql, statement.parameters), table: table)
    }
}

extension PostgresPushdownStatement {
    /// The rows the translated conditions select that also pass ``residual``, up to ``limit``:
    /// read in keyset batches (`… AND key > last ORDER BY key LIMIT n`), so a query that needs
    /// few rows reads few.
    func checkedRows(on connection: PostgresConnection, table: ServerTable) throws -> [Row] {
        let wanted = limit.map { Swift.max(0, $0) } ?? Int.max
        var rows: [Row] = []
        var after: [StoreValue]?
        while rows.count < wanted {
            var statement = scan
            if let after { try statement.bound(keys[...], after, later: direction == .forward, inclusive: false) }
            let sql = "SELECT \(statement.selectList) FROM \(SQLName.quoted(table.definition.name))\(statement.whereClause)"
                + statement.orderBy(keys, direction: direction) + " LIMIT \(PostgresTableSession.batchSize)"
            let batch = try Self.rows(try connection.queryBlocking(sql, statement.parameters), table: table)
            for row in batch where rows.count < wanted && residual.allSatisfy({ $0(row) }) { rows.append(row) }
            guard batch.count == PostgresTableSession.batchSize, let last = batch.last else { break }
            after = keys.map { last[$0.position] }
        }
        return rows
    }
}

extension ServerTable {
    /// A fetched row of every column (selected with ``PostgresScanStatement/selectList``) as the
    /// store's row: the one place pushed-down reads decode rows.
    func storeRow(_ fetched: PostgresRow) throws -> Row {
        try definition.columns.enumerated().map { i, column in
            try PostgresValueMapping.storeValue(fetched[i], type: column.type, table: definition.name, column: column.name)
        }
    }
}
