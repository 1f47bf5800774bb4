import SchemaLanguage

/// The runtime values of a catalog and a step as Swift expressions (`TableDefinition(…)`,
/// `ValueShape`, `StoreVersionStep(…)`) for ``SwiftPrinter``; both the `StoreLayout` and the
/// `StoreEvolution` files render tables through ``table(_:)``, so they cannot drift apart.
enum StoreSwiftValues {
    private static func strings(_ texts: [String]) -> SwiftExpression { .array(texts.map(SwiftExpression.string)) }
    private static func argument(_ label: String?, _ value: SwiftExpression) -> SwiftArgument { SwiftArgument(label, value) }
    private static func flag(_ value: Bool) -> SwiftExpression { .code(value ? "true" : "false") }
    private static func optional(_ value: Int?) -> SwiftExpression { value.map(SwiftExpression.integer) ?? .nil }

    // MARK: Catalog

    /// `StoreSchema(tables: …, keyValueSpaces: …)` with the given table expressions.
    static func schema(tables: [SwiftExpression], keyValueSpaces: [String]) -> SwiftExpression {
        .call("StoreSchema", [argument("tables", .array(tables)), argument("keyValueSpaces", strings(keyValueSpaces))])
    }

    /// A table; its columns refer to the shapes `shapes` declares instead of writing them out.
    static func table(_ table: StoreCatalog.Table, shapes: NamedShapes = NamedShapes()) -> SwiftExpression {
        .call("TableDefinition", [
            argument(nil, .string(table.name)),
            argument("columns", .array(table.columns.map { column($0, shapes: shapes) })),
            argument("primaryKey", strings(table.primaryKey)),
            argument("autoIncrement", flag(table.autoIncrement)),
            argument("indexes", .array(table.indexes.map(index))),
            argument("foreignKeys", .array(table.foreignKeys.map(foreignKey))),
        ])
    }

    static func column(_ column: StoreCatalog.Column, shapes: NamedShapes = NamedShapes()) -> SwiftExpression {
        var arguments = [argument(nil, .string(column.name)), argument(nil, .code("." + column.storage))]
        if column.isNullable { arguments.append(argument("nullable", flag(true))) }
        arguments.append(argument("shape", shape(column.shape, named: shapes)))
        return .call("ColumnDefinition", arguments)
    }

    static func index(_ index: StoreCatalog.Index) -> SwiftExpression {
        let columns = index.columns.map { column -> SwiftExpression in
            .call("IndexColumn", [.string(column.name)] + (column.descending ? [.code(".descending")] : []))
        }
        var arguments = [argument(nil, .string(index.name)), argument("on", .array(columns))]
        if index.isUnique { arguments.append(argument("unique", flag(true))) }
        if let condition = index.condition { arguments.append(argument("where", self.condition(condition))) }
        return .call("IndexDefinition", arguments)
    }

    static func foreignKey(_ key: StoreCatalog.ForeignKey) -> SwiftExpression {
        .call("ForeignKeyDefinition", [
            argument(nil, .string(key.name)), argument("columns", strings(key.columns)),
            argument("references", .string(key.parentTable)), argument(nil, strings(key.parentColumns)),
            argument("onDelete", .code("." + key.onDelete)),
        ])
    }

    /// A shape, naming the declarations of `named` for its enums and documents (all of them but
    /// the outermost when `expandingTop`, which is how a declaration itself is written).
    static func shape(_ shape: StoreShape, named: NamedShapes = NamedShapes(), expandingTop: Bool = false) -> SwiftExpression {
        if !expandingTop, let reference = named.references[shape] { return reference }
        return switch shape {
        case .integer(let bits): .call(".integer", [argument("bits", .integer(bits))])
        case .double: .code(".double")
        case .decimal(let precision, let scale):
            .call(".decimal", [argument("precision", .integer(precision)), argument("scale", .integer(scale))])
        case .bool: .code(".bool")
        case .string(let maxLength): .call(".string", [argument("maxLength", optional(maxLength))])
        case .timestamp: .code(".timestamp")
        case .date: .code(".date")
        case .uuid: .code(".uuid")
        case .bytes: .code(".bytes")
        case .json: .code(".json")
        case .objectID: .code(".objectID")
        case .enumeration(let name, let cases): .call(".enumeration", [argument(nil, .string(name)), argument("cases", strings(cases))])
        case .document(let name, let fields):
            .call(".document", [argument(nil, .string(name)), argument("fields", .array(fields.map { field in
                var arguments = [argument(nil, .string(field.name)), argument(nil, self.shape(field.shape, named: named))]
                if field.isOptional { arguments.append(argument("optional", flag(true))) }
                return .call("DocumentField", arguments)
            }))])
        case .array(let element, let maxCount):
            .call(".array", [argument(nil, self.shape(element, named: named)), argument("maxCount", optional(maxCount))])
        }
    }

    static func condition(_ condition: StoreCondition) -> SwiftExpression {
        switch condition {
        case .compare(let column, let op, let value): .call(".compare", [.string(column), .code("." + op), literal(value)])
        case .isNull(let column): .call(".isNull", [.string(column)])
        case .isNotNull(let column): .call(".isNotNull", [.string(column)])
        case .and(let parts): .call(".and", [.array(parts.map(self.condition))])
        case .or(let parts): .call(".or", [.array(parts.map(self.condition))])
        case .not(let inner): .call(".not", [self.condition(inner)])
        }
    }

    static func literal(_ value: StoreLiteral) -> SwiftExpression {
        switch value {
        case .null: .code(".null")
        case .int(let number): .code(".int(\(number))")
        case .double(let spelling): .code(".double(\(spelling))")
        case .string(let text): .call(".string", [.string(text)])
        case .bool(let flag): .code(".bool(\(flag))")
        case .timestamp(let number): .code(".timestamp(\(number))")
        case .bytes(let bytes): .call(".bytes", [.array(bytes.map { .integer(Int($0)) })])
        }
    }

    // MARK: Steps

    /// Entries sorted by key, so the output is deterministic.
    private static func sorted<Value>(_ values: [String: Value], _ render: (Value) -> SwiftExpression) -> SwiftExpression {
        .dictionary(values.keys.sorted().map { SwiftDictionaryEntry(.string($0), render(values[$0]!)) })
    }

    /// The step, without the entries the runtime assumes anyway (a table, column or document
    /// field continuing the one of its own name), so a step lists only what the change moves.
    static func step(_ plan: StoreStepPlan) -> SwiftExpression {
        let tables = plan.tableSources.filter { table, source in source != table }
        let columns = plan.columnSources.mapValues(withoutSameNamed).filter { !$0.value.isEmpty }
        let documents = plan.documentSources
            .mapValues { StoreDocumentSource(oldName: $0.oldName, fields: withoutSameNamed($0.fields)) }
            .filter { name, document in document.oldName != name || !document.fields.isEmpty }
        var arguments: [SwiftArgument] = []
        if !tables.isEmpty { arguments.append(argument("tableSources", sorted(tables) { SwiftExpression.optionalString($0) })) }
        if !columns.isEmpty { arguments.append(argument("columnSources", sorted(columns, sources))) }
        if !documents.isEmpty {
            arguments.append(argument("documentSources", sorted(documents) { document in
                .call("DocumentSource", [argument("oldName", .string(document.oldName)), argument("fields", sources(document.fields))])
            }))
        }
        if !plan.enumCaseRenames.isEmpty {
            arguments.append(argument("enumCaseRenames", sorted(plan.enumCaseRenames) { cases in sorted(cases, SwiftExpression.string) }))
        }
        arguments.append(argument("changes", .array(plan.changes.map(change))))
        return .call("StoreVersionStep", arguments)
    }

    private static func sources(_ sources: [String: StoreColumnSource]) -> SwiftExpression { sorted(sources, source) }

    /// Column (or field) sources minus those that take the old value of the same name unchanged.
    private static func withoutSameNamed(_ sources: [String: StoreColumnSource]) -> [String: StoreColumnSource] {
        sources.filter { name, source in source != .column(name, whenNull: nil) }
    }

    static func source(_ source: StoreColumnSource) -> SwiftExpression {
        switch source {
        case .column(let name, let whenNull):
            .call(".column", [argument(nil, .string(name)), argument("whenNull", whenNull.map(literal) ?? .nil)])
        case .fill(let value): .call(".fill", [literal(value)])
        case .transform: .code(".transform")
        }
    }

    static func change(_ planned: PlannedStoreChange) -> SwiftExpression {
        var arguments = [argument("code", .string(planned.change.code.rawValue)), argument("classes", strings(planned.classNames))]
        if let table = planned.table { arguments.append(argument("table", .string(table))) }
        if let column = planned.column { arguments.append(argument("column", .string(column))) }
        arguments.append(argument("summary", .string(planned.change.summary)))
        return .call("StoreChange", arguments)
    }
}
