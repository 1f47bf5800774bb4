import SchemaLanguage

/// `Queries/<Model>+QueryFields.swift`: the typed fields of one entity for filters and
/// aggregates (`Message.QueryFields`, the record's `FilterableRecord` conformance) and the
/// repository's planned `filter { … }`. Every field gets a typed query field that offers what
/// its type supports: scalars and bytes (`QueryField`: equality, ranges, `isIn`, null checks,
/// prefixes), decimals (`DecimalQueryField`: exact comparisons), arrays (`ArrayQueryField`:
/// null checks, `isEmpty`, `count`, `contains`), JSON and nested documents (`DocumentQueryField`: null
/// checks, `==`, and a nested type's sub-fields through its generated `QueryFields`, which offer
/// what a top-level field of their type offers).
struct QueryFieldsFile {
    let names: SwiftNames
    let entity: SwiftEntity

    /// Whether `field` is compared as a scalar (a `QueryField`, which aggregates and groups take too).
    static func isScalar(_ field: SwiftField) -> Bool {
        switch field.field.type {
        case .int32, .int64, .double, .bool, .string, .text, .timestamp, .date, .uuid, .objectID, .enumeration, .bytes: true
        case .decimal, .json, .nested, .array: false
        }
    }

    /// The typed query field of `field`: its type and initializer arguments.
    func queryField(_ field: SwiftField) -> (type: String, arguments: [SwiftArgument]) {
        let model = entity.typeName
        var arguments = [SwiftArgument("position", entity.column(field, qualified: true)), SwiftArgument("name", .string(field.physical))]
        switch field.field.type {
        case .decimal(_, let scale):
            arguments.append(SwiftArgument("scale", .code("\(scale)")))
            return ("DecimalQueryField<\(model)>", arguments)
        case .array(let element):
            return ("ArrayQueryField<\(model), \(SwiftNames.swiftType(element))>", arguments)
        case .json, .nested:
            return ("DocumentQueryField<\(model), \(field.baseType)>", arguments)
        default:
            return ("QueryField<\(model), \(field.type)>", arguments)
        }
    }

    func declarations() -> [SwiftDeclaration] {
        let model = entity.typeName
        let fieldsType = SwiftSchemaNames.queryFieldsType
        let fields: [SwiftDeclaration] = entity.fields.map { field in
            let (type, arguments) = queryField(field)
            let value = SwiftExpression.call(type, arguments)
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
                  "    repository.filter { $0.\(entity.fields.first(where: Self.isScalar)?.bareProperty ?? "id") == value }"],
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

    /// `<Prefix>+QueryValues.swift`: each schema enum compares in typed filters as itself, and each
    /// nested type names its sub-fields for filters through a document field (`$0.quiet.ends`).
    static func enumConformances(_ names: SwiftNames) -> [SwiftDeclaration] {
        let enums: [SwiftDeclaration] = names.schema.enums.map { enumeration in
            let type = SwiftNames.declaredType(enumeration.name)
            return .type(SwiftTypeDeclaration(keyword: "extension", name: type, conformances: ["QueryValue"], members: [
                .property(SwiftProperty(doc: ["A schema enum is compared with its own cases."], keyword: "public typealias",
                                        name: "QueryOperand = \(type)")),
            ]))
        }
        return enums + names.schema.types.map(documentFields)
    }

    /// A nested type's `FilterableDocument` conformance: one `DocumentMember` per sub-field.
    private static func documentFields(_ type: NestedType) -> SwiftDeclaration {
        let typeName = SwiftNames.declaredType(type.name)
        let fieldsType = SwiftSchemaNames.queryFieldsType
        let members: [SwiftDeclaration] = type.fields.enumerated().map { position, field in
            let field = SwiftNames.field(field, position: position)
            var arguments = [SwiftArgument("name", .string(field.physical))]
            // A decimal compares on its integer scaled by 10^scale, as a decimal column does.
            if case .decimal(_, let scale) = field.field.type { arguments.append(SwiftArgument("scale", .code("\(scale)"))) }
            arguments.append(SwiftArgument("read", .code("{ $0.\(field.property) }")))
            let value = SwiftExpression.call("DocumentMember<\(typeName), \(field.type)>", arguments)
            return .property(SwiftProperty(doc: ["`\(field.physical)`."], keyword: "public let", name: field.property, value: value))
        }
        return .type(SwiftTypeDeclaration(keyword: "extension", name: typeName, conformances: ["FilterableDocument"], members: [
            .type(SwiftTypeDeclaration(doc: ["The typed sub-fields of `\(typeName)`, reached through a document field in `filter { … }`."],
                                       keyword: "public struct", name: fieldsType, conformances: ["Sendable"], members: members)),
            .property(SwiftProperty(doc: ["The typed sub-fields."], keyword: "public static var", name: SwiftSchemaNames.queryFieldsProperty,
                                    type: fieldsType, getter: [.code("\(fieldsType)()")])),
        ]))
    }
}
