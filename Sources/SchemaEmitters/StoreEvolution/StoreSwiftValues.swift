import SchemaLanguage

/// The runtime values of a catalog and a step as Swift expressions (`TableDefinition(…)`,
/// `ValueShape`, `StoreVersionStep(…)`), every name and text through ``SwiftCode/literal(_:)``.
enum StoreSwiftValues {
    private static func string(_ text: String) -> CatalogExpression { .string(text) }
    private static func strings(_ texts: [String]) -> CatalogExpression { .array(texts.map(string)) }

    // MARK: Catalog

    static func table(_ table: StoreCatalog.Table) -> CatalogExpression {
        .call("TableDefinition", [
            string(table.name),
            .labeled("columns", .array(table.columns.map(column))),
            .labeled("primaryKey", strings(table.primaryKey)),
            .labeled("autoIncrement", .atom(String(table.autoIncrement))),
            .labeled("indexes", .array(table.indexes.map(index))),
            .labeled("foreignKeys", .array(table.foreignKeys.map(foreignKey))),
        ])
    }

    static func column(_ column: StoreCatalog.Column) -> CatalogExpression {
        var arguments = [string(column.name), .atom("." + column.storage)]
        if column.isNullable { arguments.append(.labeled("nullable", .atom("true"))) }
        arguments.append(.labeled("shape", shape(column.shape)))
        return .call("ColumnDefinition", arguments)
    }

    static func index(_ index: StoreCatalog.Index) -> CatalogExpression {
        let columns = index.columns.map { column -> CatalogExpression in
            column.descending ? .call("IndexColumn", [string(column.name), .atom(".descending")])
                : .call("IndexColumn", [string(column.name)])
        }
        var arguments = [string(index.name), .labeled("on", .array(columns))]
        if index.isUnique { arguments.append(.labeled("unique", .atom("true"))) }
        if let condition = index.condition { arguments.append(.labeled("where", self.condition(condition))) }
        return .call("IndexDefinition", arguments)
    }

    static func foreignKey(_ key: StoreCatalog.ForeignKey) -> CatalogExpression {
        .call("ForeignKeyDefinition", [
            string(key.name), .labeled("columns", strings(key.columns)), .labeled("references", string(key.parentTable)),
            strings(key.parentColumns), .labeled("onDelete", .atom("." + key.onDelete)),
        ])
    }

    static func shape(_ shape: StoreShape) -> CatalogExpression {
        switch shape {
        case .integer(let bits): .call(".integer", [.labeled("bits", .atom(String(bits)))])
        case .double: .atom(".double")
        case .decimal(let precision, let scale):
            .call(".decimal", [.labeled("precision", .atom(String(precision))), .labeled("scale", .atom(String(scale)))])
        case .bool: .atom(".bool")
        case .string(let maxLength): .call(".string", [.labeled("maxLength", .atom(maxLength.map(String.init) ?? "nil"))])
        case .timestamp: .atom(".timestamp")
        case .date: .atom(".date")
        case .uuid: .atom(".uuid")
        case .bytes: .atom(".bytes")
        case .json: .atom(".json")
        case .objectID: .atom(".objectID")
        case .enumeration(let name, let cases): .call(".enumeration", [string(name), .labeled("cases", strings(cases))])
        case .document(let name, let fields):
            .call(".document", [string(name), .labeled("fields", .array(fields.map { field in
                var arguments = [string(field.name), self.shape(field.shape)]
                if field.isOptional { arguments.append(.labeled("optional", .atom("true"))) }
                return .call("DocumentField", arguments)
            }))])
        case .array(let element, let maxCount):
            .call(".array", [self.shape(element), .labeled("maxCount", .atom(maxCount.map(String.init) ?? "nil"))])
        }
    }

    static func condition(_ condition: StoreCondition) -> CatalogExpression {
        switch condition {
        case .compare(let column, let op, let value): .call(".compare", [string(column), .atom("." + op), literal(value)])
        case .isNull(let column): .call(".isNull", [string(column)])
        case .isNotNull(let column): .call(".isNotNull", [string(column)])
        case .and(let parts): .call(".and", [.array(parts.map(self.condition))])
        case .or(let parts): .call(".or", [.array(parts.map(self.condition))])
        case .not(let inner): .call(".not", [self.condition(inner)])
        }
    }

    static func literal(_ value: StoreLiteral) -> CatalogExpression {
        switch value {
        case .null: .atom(".null")
        case .int(let number): .atom(".int(\(number))")
        case .double(let spelling): .atom(".double(\(spelling))")
        case .string(let text): .call(".string", [string(text)])
        case .bool(let flag): .atom(".bool(\(flag))")
        case .timestamp(let number): .atom(".timestamp(\(number))")
        case .bytes(let bytes): .call(".bytes", [.array(bytes.map { .atom(String($0)) })])
        }
    }

    // MARK: Steps

    static func step(_ plan: StoreStepPlan) -> CatalogExpression {
        let tables = plan.tableSources.keys.sorted().map { key in
            (key: SwiftCode.literal(key), value: plan.tableSources[key]!.map(string) ?? .atom("nil"))
        }
        let columns = plan.columnSources.keys.sorted().map { key in
            (key: SwiftCode.literal(key), value: sources(plan.columnSources[key]!))
        }
        let documents = plan.documentSources.keys.sorted().map { key in
            let document = plan.documentSources[key]!
            return (key: SwiftCode.literal(key), value: CatalogExpression.call("DocumentSource", [
                .labeled("oldName", string(document.oldName)), .labeled("fields", sources(document.fields)),
            ]))
        }
        let renames = plan.enumCaseRenames.keys.sorted().map { key in
            let cases = plan.enumCaseRenames[key]!
            return (key: SwiftCode.literal(key), value: CatalogExpression.dictionary(cases.keys.sorted().map {
                (key: SwiftCode.literal($0), value: string(cases[$0]!))
            }))
        }
        return .call("StoreVersionStep", [
            .labeled("tableSources", .dictionary(tables)),
            .labeled("columnSources", .dictionary(columns)),
            .labeled("documentSources", .dictionary(documents)),
            .labeled("enumCaseRenames", .dictionary(renames)),
            .labeled("changes", .array(plan.changes.map(change))),
        ])
    }

    private static func sources(_ sources: [String: StoreColumnSource]) -> CatalogExpression {
        .dictionary(sources.keys.sorted().map { (key: SwiftCode.literal($0), value: source(sources[$0]!)) })
    }

    static func source(_ source: StoreColumnSource) -> CatalogExpression {
        switch source {
        case .column(let name, let whenNull):
            .call(".column", [string(name), .labeled("whenNull", whenNull.map(literal) ?? .atom("nil"))])
        case .fill(let value): .call(".fill", [literal(value)])
        case .transform: .atom(".transform")
        }
    }

    static func change(_ planned: PlannedStoreChange) -> CatalogExpression {
        var arguments: [CatalogExpression] = [.labeled("code", string(planned.change.code.rawValue)),
                                            .labeled("classes", strings(planned.classNames))]
        if let table = planned.table { arguments.append(.labeled("table", string(table))) }
        if let column = planned.column { arguments.append(.labeled("column", string(column))) }
        arguments.append(.labeled("summary", string(planned.change.summary)))
        return .call("StoreChange", arguments)
    }
}
