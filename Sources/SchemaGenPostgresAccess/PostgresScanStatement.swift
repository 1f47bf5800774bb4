import SchemaGenPostgres
import SchemaGenRuntime

/// One key column of a scan: a row position and the order the store keeps it in.
struct KeyColumn: Sendable, Hashable {
    let position: Int
    let order: ColumnOrder
}

/// The SQL of one table read, built from the store's terms (index, prefix, bounds, direction)
/// so rows come back in the store's order: each key column in its own order with nulls lowest
/// (`ASC NULLS FIRST`, `DESC NULLS LAST`), strings by their bytes (`COLLATE "C"`), then the
/// primary key. Every value is a parameter.
struct PostgresScanStatement {
    let table: ServerTable
    private(set) var parameters: [PostgresValue] = []
    private(set) var conditions: [String] = []

    init(table: ServerTable) { self.table = table }

    /// The key columns of a scan over `index` (nil: the primary key): the index's columns, then
    /// the primary key ascending (the store appends it to every index entry).
    static func keyColumns(_ table: ServerTable, index: String?) throws -> (columns: [KeyColumn], definition: IndexDefinition?) {
        let primary = table.primaryKey.map { KeyColumn(position: $0, order: .ascending) }
        guard let index else { return (primary, nil) }
        guard let definition = table.definition.indexes.first(where: { $0.name == index }) else {
            throw StoreError.unknownIndex(table: table.definition.name, index: index)
        }
        let columns = try definition.columns.map { column -> KeyColumn in
            guard let position = table.columnIndex[column.name] else {
                throw StoreError.unknownColumn(table: table.definition.name, column: column.name)
            }
            return KeyColumn(position: position, order: column.order)
        }
        return (columns + primary, definition)
    }

    /// Adds a placeholder for `value` compared with the column at `position`.
    private mutating func bind(_ value: StoreValue, _ position: Int) throws -> String {
        let column = table.definition.columns[position].name
        parameters.append(try PostgresValueMapping.parameter(value, type: table.types[position], table: table.definition.name,
                                                             column: column, comparing: true))
        return "$\(parameters.count)"
    }

    /// Adds a placeholder for a value already mapped to its server type.
    mutating func bind(_ value: PostgresValue) -> String {
        parameters.append(value)
        return "$\(parameters.count)"
    }

    /// Adds `condition` to the conditions every row must meet.
    mutating func require(_ condition: String) { conditions.append(condition) }

    /// The conditions `body` adds, taken out again and joined with `AND` (`TRUE` when none);
    /// their parameters stay, so the text can go into an `OR` of several.
    mutating func conjunction(_ body: (inout Self) throws -> Void) rethrows -> String {
        let before = conditions.count
        try body(&self)
        let added = conditions[before...]
        conditions.removeSubrange(before...)
        return added.isEmpty ? "TRUE" : added.joined(separator: " AND ")
    }

    /// `column = value` (`IS NULL` for null).
    private mutating func equal(_ key: KeyColumn, _ value: StoreValue) throws -> String {
        if value.isNull { return "\(table.quoted(key.position)) IS NULL" }
        return "\(table.comparable(key.position)) = \(try bind(value, key.position))"
    }

    /// The column strictly after (`later`) or before `value` in the column's store order; nil when
    /// no value can be (nothing is before null ascending, nothing after it descending).
    private mutating func beyond(_ key: KeyColumn, _ value: StoreValue, later: Bool) throws -> String? {
        let column = table.comparable(key.position)
        // Ascending "after" and descending "before" both mean a larger non-null value.
        let larger = later == (key.order == .ascending)
        if value.isNull { return larger ? "\(table.quoted(key.position)) IS NOT NULL" : nil }
        let placeholder = try bind(value, key.position)
        return larger ? "\(column) > \(placeholder)" : "(\(table.quoted(key.position)) IS NULL OR \(column) < \(placeholder))"
    }

    /// Requires the key columns `keys` (leading ones, as many as `values`) to compare with
    /// `values` as a tuple in store order: after them (`later`) or before, `inclusive` of equality.
    mutating func bound(_ keys: ArraySlice<KeyColumn>, _ values: [StoreValue], later: Bool, inclusive: Bool) throws {
        let keys = Array(keys.prefix(values.count))
        let values = Array(values.prefix(keys.count))
        var alternatives: [String] = []
        for i in keys.indices {
            guard let strict = try beyond(keys[i], values[i], later: later) else { continue }
            var parts: [String] = []
            for j in 0..<i { parts.append(try equal(keys[j], values[j])) }
            parts.append(strict)
            alternatives.append(parts.joined(separator: " AND "))
        }
        if inclusive {
            var parts: [String] = []
            for j in keys.indices { parts.append(try equal(keys[j], values[j])) }
            alternatives.append(parts.isEmpty ? "TRUE" : parts.joined(separator: " AND "))
        }
        conditions.append(alternatives.isEmpty ? "FALSE" : "(" + alternatives.map { "(\($0))" }.joined(separator: " OR ") + ")")
    }

    /// Requires the leading key columns to equal `prefix`.
    mutating func prefix(_ keys: [KeyColumn], _ values: [StoreValue]) throws {
        for (key, value) in zip(keys, values) { conditions.append(try equal(key, value)) }
    }

    /// Adds the scan's `from` and `to` bounds on the key columns after the prefix.
    mutating func range(_ keys: ArraySlice<KeyColumn>, from: ScanBound?, to: ScanBound?) throws {
        switch from {
        case .inclusive(let values)?: try bound(keys, values, later: true, inclusive: true)
        case .exclusive(let values)?: try bound(keys, values, later: true, inclusive: false)
        case nil: break
        }
        switch to {
        case .inclusive(let values)?: try bound(keys, values, later: false, inclusive: true)
        case .exclusive(let values)?: try bound(keys, values, later: false, inclusive: false)
        case nil: break
        }
    }

    /// `WHERE …` of the conditions so far (empty when none).
    var whereClause: String { conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ") }

    /// The select list: every column, in row order.
    var selectList: String { table.definition.columns.indices.map(table.selected).joined(separator: ", ") }

    /// `ORDER BY` the key columns in the store's order, or its reverse.
    func orderBy(_ keys: [KeyColumn], direction: ScanDirection) -> String {
        " ORDER BY " + keys.map { key in
            let ascending = (key.order == .ascending) == (direction == .forward)
            return table.comparable(key.position) + (ascending ? " ASC NULLS FIRST" : " DESC NULLS LAST")
        }.joined(separator: ", ")
    }
}
