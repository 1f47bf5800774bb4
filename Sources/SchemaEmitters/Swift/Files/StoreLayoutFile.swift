import SchemaLanguage

/// `<Prefix>+StoreLayout.swift`: the store tables, indexes and foreign keys of the schema.
struct StoreLayoutFile {
    let names: SwiftNames

    func declarations() -> [SwiftDeclaration] {
        var tables: [SwiftExpression] = []
        var sideTables: [String] = []
        for entity in names.entities {
            tables.append(table(entity))
            for index in entity.multikeyIndexes {
                tables.append(sideTable(index, of: entity))
                sideTables.append("- `\(index.table)`: multikey index `\(index.index.name)` of `\(entity.table)` (\(index.field.physical)).")
            }
        }
        var doc = ["The store tables, indexes and foreign keys of the `\(names.schema.name)` schema."]
        if !sideTables.isEmpty {
            doc += ["", "Side tables of multikey indexes, maintained by `RecordOperations`:"] + sideTables
        }
        let schema = SwiftExpression.call("StoreSchema", [
            SwiftArgument("tables", .array(tables)),
            SwiftArgument("keyValueSpaces", .array(names.schema.caches.map { .string($0.name) })),
        ])
        return [.type(SwiftTypeDeclaration(doc: doc, keyword: "public enum", name: names.types.storeLayoutType, members: [
            .property(SwiftProperty(doc: ["The schema the store is opened with."], keyword: "public static let", name: "schema", value: schema)),
        ]))]
    }

    private func columnType(_ type: FieldType) -> SwiftExpression {
        switch type {
        case .int32, .int64, .decimal: .code(".int")
        case .double: .code(".double")
        case .bool: .code(".bool")
        case .string, .text, .enumeration: .code(".string")
        case .timestamp, .date: .code(".timestamp")
        case .uuid: .code(".uuid")
        case .bytes, .json, .objectID, .nested, .array: .code(".bytes")
        }
    }

    private func strings(_ texts: [String]) -> SwiftExpression { .array(texts.map(SwiftExpression.string)) }

    private func table(_ entity: SwiftEntity) -> SwiftExpression {
        let conditions = RowConditionExpression(entity: entity)
        let columns = entity.fields.map { field in
            SwiftExpression.call("ColumnDefinition", [SwiftArgument(nil, .string(field.physical)), SwiftArgument(nil, columnType(field.field.type))]
                                 + (field.field.isOptional ? [SwiftArgument("nullable", .code("true"))] : []))
        }
        let indexes = entity.storedIndexes.map { index in
            let indexColumns = index.columns.map { column -> SwiftExpression in
                let name = SwiftExpression.string(entity.field(named: column.field)?.physical ?? column.field)
                return .call("IndexColumn", column.descending ? [name, .code(".descending")] : [name])
            }
            var arguments = [SwiftArgument(nil, .string(index.name)), SwiftArgument("on", .array(indexColumns))]
            if index.isUnique { arguments.append(SwiftArgument("unique", .code("true"))) }
            if let condition = index.condition { arguments.append(SwiftArgument("where", conditions.expression(condition))) }
            return SwiftExpression.call("IndexDefinition", arguments)
        }
        let foreignKeys = entity.entity.foreignKeys.compactMap { field, reference -> SwiftExpression? in
            guard let parent = names.entity(named: reference.entity), let parentField = parent.field(named: reference.field) else { return nil }
            let action = switch reference.onDelete {
            case .cascade: ".cascade"
            case .setNull: ".setNull"
            case .restrict: ".restrict"
            }
            return .call("ForeignKeyDefinition", [
                SwiftArgument(nil, .string("fk_\(entity.table)_\(field.physicalName)")), SwiftArgument("columns", strings([field.physicalName])),
                SwiftArgument("references", .string(parent.table)), SwiftArgument(nil, strings([parentField.physical])),
                SwiftArgument("onDelete", .code(action)),
            ])
        }
        return .call("TableDefinition", [
            SwiftArgument(nil, .string(entity.table)), SwiftArgument("columns", .array(columns)),
            SwiftArgument("primaryKey", strings(entity.primaryKey.map(\.physical))),
            SwiftArgument("autoIncrement", .code(entity.autoIncrementField != nil ? "true" : "false")),
            SwiftArgument("indexes", .array(indexes)), SwiftArgument("foreignKeys", .array(foreignKeys)),
        ])
    }

    /// The side table of a multikey index: one row per (distinct element, record), removed with the record.
    private func sideTable(_ index: SwiftMultikeyIndex, of entity: SwiftEntity) -> SwiftExpression {
        let keys = strings(entity.primaryKey.map(\.physical))
        let columns = [SwiftExpression.call("ColumnDefinition", [.string(index.elementColumn), columnType(index.element)])]
            + entity.primaryKey.map { .call("ColumnDefinition", [.string($0.physical), columnType($0.field.type)]) }
        return .call("TableDefinition", [
            SwiftArgument(nil, .string(index.table)), SwiftArgument("columns", .array(columns)),
            SwiftArgument("primaryKey", strings([index.elementColumn] + entity.primaryKey.map(\.physical))),
            SwiftArgument("indexes", .array([.call("IndexDefinition", [SwiftArgument(nil, .string(index.ownerIndex)), SwiftArgument("on", keys)])])),
            SwiftArgument("foreignKeys", .array([.call("ForeignKeyDefinition", [
                SwiftArgument(nil, .string("fk_\(index.table)")), SwiftArgument("columns", keys), SwiftArgument("references", .string(entity.table)),
                SwiftArgument(nil, keys), SwiftArgument("onDelete", .code(".cascade")),
            ])])),
        ])
    }
}
