import Foundation
import SchemaEmitters
import SchemaLanguage

/// Two rows per table that satisfy the schema (types, checks, keys, references), as `INSERT`
/// statements of one dialect, and the query that reads every table back for comparison. A table
/// whose key allows a single row (every key field an enum of one case, e.g. discord_bot's
/// `schema_version`) gets one.
struct SampleRows {
    let schema: Schema
    let dialect: SQLDialect

    /// `INSERT`s for every table, parents first.
    func inserts() -> String {
        let order = Self.parentsFirst(schema.tables)
        var statements: [String] = []
        for table in order {
            let columns = table.fields.map { dialect.quote($0.physicalName) }.joined(separator: ", ")
            for row in 1...Self.rowCount(table) {
                let values = table.fields.map { value(for: $0, row: row, in: table) }.joined(separator: ", ")
                statements.append("INSERT INTO \(dialect.quote(table.physicalName)) (\(columns)) VALUES (\(values));")
            }
        }
        return statements.joined(separator: "\n")
    }

    /// 1 when the primary key has a single possible value, else 2.
    static func rowCount(_ table: Entity) -> Int {
        let keyFields = table.primaryKeyFields
        let single = !keyFields.isEmpty && keyFields.allSatisfy { field in
            if case .enumeration(let type) = field.type { return type.cases.count < 2 }
            return false
        }
        return single ? 1 : 2
    }

    private static func parentsFirst(_ tables: [Entity]) -> [Entity] {
        let names = Set(tables.map(\.name))
        var done: Set<String> = []
        var result: [Entity] = []
        var remaining = tables
        while !remaining.isEmpty {
            let index = remaining.firstIndex { table in
                table.foreignKeys.allSatisfy { key in
                    key.reference.entity == table.name || done.contains(key.reference.entity) || !names.contains(key.reference.entity)
                }
            } ?? 0
            let table = remaining.remove(at: index)
            done.insert(table.name)
            result.append(table)
        }
        return result
    }

    /// A value for a field in row 1 or 2: numbers and keys use the row number, so every child row
    /// points at the parent row with the same number, and texts differ per row (unique indexes).
    func value(for field: Field, row: Int, in table: Entity) -> String {
        switch field.type {
        case .int32, .int64:
            if let minimum = field.checks.minimum, minimum > 1 { return String(Int(minimum) + row) }
            return String(row)
        case .double: return "\(row).5"
        case .decimal: return "0.\(row)"
        case .bool: return dialect.bool(row == 1)
        case .string, .text:
            if case .string(let text)? = field.defaultValue { return dialect.string(text) }
            let length = max(field.checks.minLength ?? 0, 3)
            var text = String(repeating: "a", count: length - 1) + ["b", "c"][row - 1]
            if let maximum = field.checks.maxLength, text.count > maximum { text = String(text.suffix(maximum)) }
            return dialect.string(text)
        case .timestamp: return dialect.string("2024-01-0\(row) 10:00:00")
        case .date: return dialect.string("2024-01-0\(row)")
        case .uuid: return dialect.string("00000000-0000-4000-8000-00000000000\(row)")
        case .objectID: return dialect.string(String(repeating: "0", count: 23) + "\(row)")
        case .bytes:
            switch dialect {
            case .postgres: return "'\\x0\(row)'"
            default: return "X'0\(row)'"
            }
        case .enumeration(let enumType): return dialect.string(enumType.rawValues[0])
        case .json, .nested: return dialect.string("{}")
        case .array: return dialect.string("[]")
        }
    }
}
