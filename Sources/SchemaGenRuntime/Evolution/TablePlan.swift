import Foundation

/// Where one column of a new table takes its values from, resolved to old row positions.
enum ColumnPlan {
    /// The old column at this position, whose stored values stay valid as they are.
    case copy(Int)
    /// The old column at this position, each value converted to the new shape; a null becomes
    /// `whenNull` when the new column is required.
    case convert(Int, from: ValueShape, to: ValueShape, nullable: Bool, whenNull: StoreValue?)
    /// The same value for every row.
    case fill(StoreValue)
    /// Computed by the step's transform (null until it runs).
    case transform
    /// No value can be had; every existing row fails with this reason.
    case impossible(String)
}

/// A converted row, or why its row cannot be converted.
enum RowOutcome {
    case row(Row)
    case failed([MigrationFailure])
}

/// How the rows of one table of the new version are made from the rows of its old table.
struct TablePlan {
    let table: ResolvedTable
    let source: ResolvedTable?
    let columns: [ColumnPlan]
    let transform: StoreTransform?
    private let names: [String]

    init(table: ResolvedTable, source: ResolvedTable?, step: StoreVersionStep, transform: StoreTransform?) {
        self.table = table
        self.source = source
        self.transform = transform
        names = table.definition.columns.map(\.name)
        let conversion = ValueConversion(step: step)
        let sources = step.columnSources[table.name] ?? [:]
        columns = table.definition.columns.map { column in
            // Without a planned source a column keeps the values of the old column of its name.
            let rule = sources[column.name]
                ?? (source?.columnIndex[column.name] != nil ? .column(column.name, whenNull: nil) : .fill(.null))
            switch rule {
            case .column(let name, let whenNull):
                guard let source, let i = source.columnIndex[name] else {
                    return .impossible("the old table has no column '\(name)' to take values from")
                }
                if let whenNull, let problem = Self.problem(with: whenNull, for: column) { return .impossible("the value for nulls \(problem)") }
                let old = source.definition.columns[i]
                if old.type == column.type, old.effectiveShape == column.effectiveShape,
                   conversion.keepsValues(of: column.effectiveShape), column.isNullable || !old.isNullable {
                    return .copy(i)
                }
                return .convert(i, from: old.effectiveShape, to: column.effectiveShape, nullable: column.isNullable, whenNull: whenNull)
            case .fill(let value):
                if let problem = Self.problem(with: value, for: column) { return .impossible("the value for existing rows \(problem)") }
                return .fill(value)
            case .transform:
                return .transform
            }
        }
    }

    /// Whether every row's stored bytes are already a valid row of the new table, so its
    /// primary-key tree can be kept as it is.
    var keepsRows: Bool {
        guard let source, transform == nil, source.primaryKey == table.primaryKey,
              columns.count == source.definition.columns.count else { return false }
        for (position, plan) in columns.enumerated() {
            guard case .copy(let i) = plan, i == position else { return false }
        }
        return true
    }

    /// The old position of the column at `position` when every row keeps that column's value as it is.
    func unchangedSource(of position: Int) -> Int? {
        guard transform == nil, case .copy(let i) = columns[position] else { return nil }
        return i
    }

    /// Why `value` cannot be stored in `column`, or nil if it can.
    static func problem(with value: StoreValue, for column: ColumnDefinition) -> String? {
        if value.isNull { return column.isNullable ? nil : "is null, and the column is required" }
        guard value.type == column.type else { return "is not a \(column.type.rawValue)" }
        do { _ = try DocumentCodec.decodeColumn(value, shape: column.effectiveShape) } catch let m as ShapeMismatch {
            return "does not fit \(column.effectiveShape.label): \(m.reason)"
        } catch { return "does not fit \(column.effectiveShape.label)" }
        return nil
    }

    /// The new row made from `old`, or the failures of its columns.
    func convert(_ old: Row, conversion: ValueConversion, version: Int) -> RowOutcome {
        var failures: [MigrationFailure] = []
        // Rendered only for a failing row: most rows never need it.
        var key: String { StoreValue.keyText((source?.primaryKey ?? []).map { old[$0] }) }
        func fail(_ column: String, _ reason: String) {
            failures.append(MigrationFailure(table: table.name, column: column, primaryKey: key, reason: reason))
        }
        var row = Row()
        row.reserveCapacity(columns.count)
        for (position, plan) in columns.enumerated() {
            let name = names[position]
            switch plan {
            case .copy(let i): row.append(old[i])
            case .fill(let v): row.append(v)
            case .transform: row.append(.null)
            case .impossible(let reason):
                fail(name, reason)
                row.append(.null)
            case .convert(let i, let from, let to, let nullable, let whenNull):
                let value = old[i]
                if value.isNull {
                    if nullable { row.append(.null) } else if let whenNull, !whenNull.isNull { row.append(whenNull) } else {
                        fail(name, "is null, and the column is now required")
                        row.append(.null)
                    }
                    continue
                }
                do {
                    let shaped = try DocumentCodec.decodeColumn(value, shape: from)
                    row.append(try DocumentCodec.encodeColumn(try conversion.convert(shaped, from: from, to: to), shape: to))
                } catch let m as ShapeMismatch {
                    fail(name + m.path, m.reason)
                    row.append(.null)
                } catch {
                    fail(name, "\(error)")
                    row.append(.null)
                }
            }
        }
        guard failures.isEmpty else { return RowOutcome.failed(failures) }
        guard let transform else { return RowOutcome.row(row) }
        return applying(transform, old: old, new: row)
    }

    /// The bot's transform applied to a row the rules built; its result is checked like any row.
    private func applying(_ transform: StoreTransform, old: Row, new: Row) -> RowOutcome {
        var key: String { StoreValue.keyText((source?.primaryKey ?? []).map { old[$0] }) }
        let definition = table.definition
        var oldByName: [String: StoreValue] = [:]
        for (i, c) in (source?.definition.columns ?? []).enumerated() { oldByName[c.name] = old[i] }
        var newByName: [String: StoreValue] = [:]
        for (i, c) in definition.columns.enumerated() { newByName[c.name] = new[i] }
        let result: [String: StoreValue]
        do {
            if let record = transform.record {
                result = try byName(record.run(MigrationRow(oldByName), placeholdersFilled(new)), record: record)
            } else {
                result = try transform.body(oldByName, newByName)
            }
        } catch let invalid as ValidationError {
            return RowOutcome.failed([MigrationFailure(table: table.name, primaryKey: key, reason: "the transformed record is \(invalid)")])
        } catch {
            return RowOutcome.failed([MigrationFailure(table: table.name, primaryKey: key, reason: "the transform threw: \(error)")])
        }
        var failures: [MigrationFailure] = []
        let row = definition.columns.map { c -> StoreValue in
            let value = result[c.name] ?? newByName[c.name]!
            if let problem = Self.problem(with: value, for: c) {
                failures.append(MigrationFailure(table: table.name, column: c.name, primaryKey: key,
                                                 reason: "the transform's value \(problem)"))
            }
            return value
        }
        for name in result.keys.sorted() where table.columnIndex[name] == nil {
            failures.append(MigrationFailure(table: table.name, column: name, primaryKey: key,
                                             reason: "the transform returned a column the table does not have"))
        }
        return failures.isEmpty ? RowOutcome.row(row) : RowOutcome.failed(failures)
    }

    /// `new` with a zero value of its type in each required column the transform computes, so
    /// a record can be built from it before the body sets the real value.
    private func placeholdersFilled(_ new: Row) -> Row {
        var row = new
        for (position, plan) in columns.enumerated() {
            let column = table.definition.columns[position]
            guard case .transform = plan, row[position].isNull, !column.isNullable else { continue }
            switch column.type {
            case .int: row[position] = .int(0)
            case .double: row[position] = .double(0)
            case .string: row[position] = .string("")
            case .bool: row[position] = .bool(false)
            case .timestamp: row[position] = .timestamp(0)
            case .uuid: row[position] = .uuid(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
            case .bytes: row[position] = .bytes([])
            }
        }
        return row
    }

    /// A typed transform's row by column name; its record must have the table's columns.
    private func byName(_ row: Row, record: RecordBody) throws -> [String: StoreValue] {
        let definition = table.definition
        guard row.count == definition.columns.count else {
            throw StoreError.invalidRow(table: table.name, reason: "\(record.typeName) has \(row.count) columns, the table \(definition.columns.count)")
        }
        var result: [String: StoreValue] = [:]
        for (i, c) in definition.columns.enumerated() { result[c.name] = row[i] }
        return result
    }
}
