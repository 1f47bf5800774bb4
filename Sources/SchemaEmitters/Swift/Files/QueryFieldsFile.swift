import SchemaLanguage

/// `Queries/<Model>+QueryFields.swift`: the typed fields of one entity for filters and
/// aggregates (`Message.QueryFields`, the record's `FilterableRecord` conformance) and the
/// repository's planned `filter { … }`. Fields the store holds as scalars are queryable;
/// decimals, bytes, JSON, nested documents and arrays are not (they have no SQL order).
struct QueryFieldsFile {
    let names: SwiftNames
    let entity: SwiftEntity

    /// Whether `field` gets a typed query field.
    static func isQueryable(_ field: SwiftField) -> Bool {
        switch field.field.type {
        case .int32, .int64, .double, .bool, .string, .text, .timestamp, .date, .uuid, .objectID, .enumeration: true
        case .decimal, .bytes, .json, .nested, .array: false
        }
    }

    func declarations() -> [SwiftDeclaration] {
        let model = entity.typeName
        let fieldsType = SwiftSchemaNames.queryFieldsType
        let fields: [SwiftDeclaration] = entity.fields.filter(Self.isQueryable).map { field in
            let value = SwiftExpression.call("QueryField<\(model), \(field.type)>", [
                SwiftArgument("position", entity.column(field, qualified: true)), SwiftArgument("name", .string(field.physical)),
            ])
            return .property(SwiftProperty(doc: ["`\(field.physical)`."], keyword: "public let", name: field.property, value: value))
        }
        let conformance = SwiftTypeDeclaration(
            keyword: "extension", name: model, conformances: ["FilterableRecord"],
            members: [
                .type(SwiftTypeDeclaration(doc: ["The typed fields of `\(model)`, the argument of `filter { … }`, `sum { … }` and `group { … }`."],
                                           keyword: "public struct", name: fieldsType, conformances: ["Sendable"], members: fields)),
                .property(SwiftProperty(doc: ["The typed fields."], keyword: "public static var", name: SwiftSchemaNames.queryFieldsProperty,
                                        type: fieldsType, getter: [.code("\(fieldsType)()")])),
            ])
        let filter = SwiftFunction(
            doc: ["Records matching `condition`, read through the index (or primary key) whose leading columns the condition",
                  "fixes most, then one with a range on the next column; the rest of the condition is checked on each scanned",
                  "row before it is decoded. `explain()` names the index.", "",
                  "    repository.filter { $0.\(entity.fields.first(where: Self.isQueryable)?.bareProperty ?? "id") == value }"],
            name: SwiftSchemaNames.filterMethod,
            parameters: ["order: QueryOrder = .indexOrder", "_ condition: (\(model).\(fieldsType)) -> QueryFilter<\(model)>"],
            returnType: "Query<\(model), Access>",
            body: [.expression(.call("Query", [
                SwiftArgument("access", .code("access")),
                SwiftArgument("planning", .code("condition(\(model).\(SwiftSchemaNames.queryFieldsProperty))")),
                SwiftArgument("order", .code("order")), SwiftArgument("scope", .code("scope")),
            ]))])
        return [.type(conformance), .type(SwiftTypeDeclaration(keyword: "extension", name: entity.repositoryName, members: [.function(filter)]))]
    }

    /// `<Prefix>+QueryValues.swift`: each schema enum compares in typed filters as itself.
    static func enumConformances(_ names: SwiftNames) -> [SwiftDeclaration] {
        names.schema.enums.map { enumeration in
            let type = SwiftNames.declaredType(enumeration.name)
            return .type(SwiftTypeDeclaration(keyword: "extension", name: type, conformances: ["QueryValue"], members: [
                .property(SwiftProperty(doc: ["A schema enum is compared with its own cases."], keyword: "public typealias",
                                        name: "QueryOperand = \(type)")),
            ]))
        }
    }
}
