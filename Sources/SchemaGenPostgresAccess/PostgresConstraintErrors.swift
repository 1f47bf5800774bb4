import SchemaGenPostgres
import SchemaGenRuntime

/// Server constraint errors as the store's `StoreError` cases, so code (and tests) catch one
/// error on both backends. Constraint names are the store's index and foreign-key names: the
/// SQL DDL and the store layout take them from the same schema.
enum PostgresConstraintErrors {
    /// What the failed statement was doing.
    enum Statement: Sendable {
        case insert, update, delete
    }

    /// The `StoreError` the store would have thrown for `error`, or `error` itself when it is
    /// no constraint error the store knows.
    static func storeError(_ error: PostgresError, table: ServerTable, row: Row?, statement: Statement, schema: StoreSchema,
                           role: String? = nil) -> any Error {
        let name = table.definition.name
        func values(_ columns: [String], _ row: Row) -> [StoreValue] { columns.compactMap { table.columnIndex[$0].map { row[$0] } } }
        switch error.kind {
        case .uniqueViolation(let constraint):
            guard let row else { return error }
            if let index = table.definition.indexes.first(where: { $0.isUnique && $0.name == constraint }) {
                return StoreError.uniqueViolation(table: name, index: index.name, key: values(index.columns.map(\.name), row))
            }
            return StoreError.duplicatePrimaryKey(table: name, key: table.primaryKey.map { row[$0] })
        case .foreignKeyViolation(let constraint):
            if statement != .delete, let row, let fk = table.definition.foreignKeys.first(where: { $0.name == constraint }) {
                return StoreError.missingParent(table: name, foreignKey: fk.name, parentTable: fk.parentTable, key: values(fk.columns, row))
            }
            if let child = schema.tables.first(where: { $0.foreignKeys.contains { $0.name == constraint && $0.parentTable == name } }) {
                return StoreError.foreignKeyRestrict(table: name, childTable: child.name, foreignKey: constraint)
            }
            return error
        case .notNullViolation(let column):
            return StoreError.invalidRow(table: name, reason: "column '\(column)' is not nullable")
        case .insufficientPrivilege:
            let operation: WriterRoleRefusal.Operation = switch statement {
            case .insert: .insert
            case .update: .update
            case .delete: .delete
            }
            return WriterRoleRefusal(role: role, table: name, operation: operation)
        default:
            return error
        }
    }
}
