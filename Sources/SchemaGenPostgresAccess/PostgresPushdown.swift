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
        /// The group key's parts (the row positions of their columns), then the aggregate's fields.
        case groups(keys: [Int], value: ValueFields)
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

    /// The statement's result read back as the store's rows or groups.
    func result(_ fetched: PostgresRows, table: ServerTable) throws -> PushdownResult {
        let name = table.definition.name
        switch reading {
        case .rows:
            return .rows(try Self.rows(fetched, table: table))
        case .groups(let keys, let value):
            return .groups(try fetched.map { row in
                // Through the column-aware mapping, as rows are: a decimal key's `numeric` back to its scaled integer.
                let key = try keys.enumerated().map { i, position in try table.storeValue(row[i], at: position) }
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
                case .value(let position):
                    return PushdownGroup(key: key, value: try table.storeValue(row[at], at: position))
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
