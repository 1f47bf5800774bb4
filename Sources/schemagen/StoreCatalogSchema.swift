import Foundation
import SchemaEmitters
import SchemaGenRuntime

/// The runtime's ``StoreSchema`` of a schema's store catalog (``StoreCatalogBuilder``): the
/// tables a store opened by the schema's generated code holds, so the CLI can compare a store
/// with a schema, or create one, without generated code.
enum StoreCatalogSchema {
    /// A catalog whose names the runtime does not know (an emitter newer than the runtime).
    struct Unknown: Error, CustomStringConvertible {
        let description: String
    }

    static func storeSchema(_ catalog: StoreCatalog) throws -> StoreSchema {
        StoreSchema(tables: try catalog.tables.map(table), keyValueSpaces: catalog.keyValueSpaces)
    }

    private static func table(_ table: StoreCatalog.Table) throws -> TableDefinition {
        let columns = try table.columns.map { column in
            guard let type = ColumnType(rawValue: column.storage) else {
                throw Unknown(description: "column '\(table.name).\(column.name)' has an unknown storage type '\(column.storage)'")
            }
            return ColumnDefinition(column.name, type, nullable: column.isNullable, shape: shape(column.shape))
        }
        let indexes = try table.indexes.map { index in
            IndexDefinition(index.name, on: index.columns.map { IndexColumn($0.name, $0.descending ? .descending : .ascending) },
                            unique: index.isUnique, where: try index.condition.map(condition))
        }
        let foreignKeys = try table.foreignKeys.map { key in
            guard let action = ReferentialAction(rawValue: key.onDelete) else {
                throw Unknown(description: "foreign key '\(key.name)' has an unknown action '\(key.onDelete)'")
            }
            return ForeignKeyDefinition(key.name, columns: key.columns, references: key.parentTable, key.parentColumns, onDelete: action)
        }
        return TableDefinition(table.name, columns: columns, primaryKey: table.primaryKey, autoIncrement: table.autoIncrement,
                               indexes: indexes, foreignKeys: foreignKeys)
    }

    private static func shape(_ shape: StoreShape) -> ValueShape {
        switch shape {
        case .integer(let bits): .integer(bits: bits)
        case .double: .double
        case .decimal(let precision, let scale): .decimal(precision: precision, scale: scale)
        case .bool: .bool
        case .string(let maxLength): .string(maxLength: maxLength)
        case .timestamp: .timestamp
        case .date: .date
        case .uuid: .uuid
        case .bytes: .bytes
        case .json: .json
        case .objectID: .objectID
        case .enumeration(let name, let cases): .enumeration(name, cases: cases)
        case .document(let name, let fields):
            .document(name, fields: fields.map { DocumentField($0.name, Self.shape($0.shape), optional: $0.isOptional) })
        case .array(let element, let maxCount): .array(Self.shape(element), maxCount: maxCount)
        }
    }

    private static func condition(_ condition: StoreCondition) throws -> RowCondition {
        switch condition {
        case .compare(let column, let name, let literal):
            guard let comparison = ComparisonOperator(rawValue: name) else {
                throw Unknown(description: "an index condition has an unknown operator '\(name)'")
            }
            return .compare(column, comparison, try value(literal))
        case .isNull(let column): return .isNull(column)
        case .isNotNull(let column): return .isNotNull(column)
        case .and(let parts): return .and(try parts.map(Self.condition))
        case .or(let parts): return .or(try parts.map(Self.condition))
        case .not(let part): return .not(try Self.condition(part))
        }
    }

    private static func value(_ literal: StoreLiteral) throws -> StoreValue {
        switch literal {
        case .null: return .null
        case .int(let v): return .int(v)
        case .double(let text):
            guard let v = Double(text) else { throw Unknown(description: "an index condition holds '\(text)', not a number") }
            return .double(v)
        case .string(let v): return .string(v)
        case .bool(let v): return .bool(v)
        case .timestamp(let v): return .timestamp(v)
        case .bytes(let v): return .bytes(v)
        }
    }
}
