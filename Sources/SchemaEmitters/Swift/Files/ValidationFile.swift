import SchemaLanguage

/// `<Prefix>+Validation.swift`: `collectFailures(at:into:)` of every nested type and model that
/// has checks. The others keep `Validatable`'s default, which finds nothing.
struct ValidationFile {
    let names: SwiftNames

    func declarations() -> [SwiftDeclaration] {
        let nested = names.schema.types.map { type in
            (SwiftNames.declaredType(type.name), type.fields.enumerated().map { SwiftNames.field($1, position: $0) })
        }
        return (nested + names.entities.map { ($0.typeName, $0.fields) }).compactMap { validator($0.0, fields: $0.1) }
    }

    private func validator(_ typeName: String, fields: [SwiftField]) -> SwiftDeclaration? {
        var body: [SwiftStatement] = []
        for field in fields {
            if field.field.isOptional {
                let checks = self.checks(field, value: "value")
                if !checks.isEmpty { body.append(.block("if let value = \(field.property)", checks)) }
            } else {
                body += checks(field, value: field.property)
            }
        }
        guard !body.isEmpty else { return nil }
        return .type(SwiftTypeDeclaration(
            keyword: "extension", name: typeName, conformances: ["Validatable"],
            members: [.function(SwiftFunction(
                doc: ["Appends every failure of the schema's checks, with paths below `path`."], name: "collectFailures",
                parameters: ["at path: String", "into failures: inout [ValidationFailure]"], body: body))]))
    }

    private func checks(_ field: SwiftField, value: String) -> [SwiftStatement] {
        let path = SwiftArgument("at", .call("Check.path", [.code("path"), .string(field.physical)]))
        let into = SwiftArgument("into", .code("&failures"))
        let checks = field.field.checks
        func check(_ name: String, _ arguments: [SwiftArgument]) -> SwiftStatement {
            .expression(.call("Check.\(name)", arguments + [path, into]))
        }
        func number<T>(_ value: T?) -> SwiftExpression { value.map { .code("\($0)") } ?? .nil }
        var statements: [SwiftStatement] = []
        switch field.field.type {
        case .string, .text:
            if checks.minLength != nil || checks.maxLength != nil {
                statements.append(check("length", [SwiftArgument(nil, .code(value)), SwiftArgument("min", number(checks.minLength)),
                                                   SwiftArgument("max", number(checks.maxLength))]))
            }
            if let pattern = checks.pattern {
                statements.append(check("pattern", [SwiftArgument(nil, .code(value)), SwiftArgument(nil, .string(pattern))]))
            }
        case .int32, .int64, .double, .decimal:
            if case .decimal(let precision, let scale) = field.field.type {
                statements.append(check("decimal", [SwiftArgument(nil, .code(value)), SwiftArgument("precision", .integer(precision)),
                                                    SwiftArgument("scale", .integer(scale))]))
            }
            if checks.minimum != nil || checks.maximum != nil {
                let converted = field.decimalScale != nil ? "NSDecimalNumber(decimal: \(value)).doubleValue" : "Double(\(value))"
                let texts = SwiftExpression.call("", [SwiftArgument("min", .optionalString(checks.minimumText)),
                                                      SwiftArgument("max", .optionalString(checks.maximumText))])
                statements.append(check("range", [SwiftArgument(nil, .code(converted)), SwiftArgument("min", number(checks.minimum)),
                                                  SwiftArgument("max", number(checks.maximum)), SwiftArgument("text", texts)]))
            }
        case .nested:
            statements.append(.expression(.call("\(value).collectFailures", [path, into])))
        case .array(let element):
            if let cap = field.field.keepNewest {
                statements.append(check("count", [SwiftArgument(nil, .code("\(value).count")), SwiftArgument("max", .integer(cap))]))
            }
            if case .nested = element { statements.append(.expression(.call("\(value).collectFailures", [path, into]))) }
        default:
            break
        }
        return statements
    }
}
