// Swift names: generated code declares each name once and shadows no imported type.
extension Checker {
    /// Every Swift name the schema yields: types, accessors and enum cases, then each entity's
    /// properties and initializer parameters.
    mutating func checkSwiftNames() {
        checkSwiftTypeNames()
        for entity in schema.entities { checkSwiftMemberNames(entity) }
    }

    /// Two fields must not become one Swift property, nor one initializer parameter.
    mutating func checkSwiftMemberNames(_ entity: Entity) {
        var properties: [String: String] = [:]
        var parameters: [String: String] = [:]
        for field in entity.fields {
            let property = SwiftNaming.memberName(field.name)
            let parameter = SwiftSchemaNames.parameter(property)
            if let other = properties[property] {
                bag.error("fields '\(other)' and '\(field.name)' would both be Swift property '\(property)'",
                          hint: "rename one of them", at: field.range)
            } else if let other = parameters[parameter] {
                bag.error("fields '\(other)' and '\(field.name)' would both be Swift parameter '\(parameter)'",
                          hint: "rename one of them", at: field.range)
            }
            properties[property] = field.name
            parameters[parameter] = parameters[parameter] ?? field.name
        }
    }

    /// Generated Swift declares each type once and shadows no imported type: the names come from
    /// ``SwiftSchemaNames``, the authority the Swift emitter writes them with.
    mutating func checkSwiftTypeNames() {
        for conflict in SwiftSchemaNames(schema).conflicts {
            let range = conflict.range ?? SourceRange(start: 0, end: 0)
            if let second = conflict.second {
                bag.error("\(second) and \(conflict.first) would both be Swift \(conflict.kind) '\(conflict.swiftName)'",
                          hint: "rename one of them", at: range)
            } else {
                bag.error("\(conflict.first) would be Swift type '\(conflict.swiftName)', which the runtime, Swift or Foundation already declares",
                          hint: "rename it", at: range)
            }
        }
        for enumeration in schema.enums {
            var cases: [String: String] = [:]
            for enumCase in enumeration.cases {
                let name = SwiftNaming.memberName(enumCase.name)
                if let other = cases[name] {
                    bag.error("cases '\(other)' and '\(enumCase.name)' of enum '\(enumeration.name)' would both be Swift case '\(name)'",
                              hint: "rename one of them", at: enumeration.range)
                }
                cases[name] = enumCase.name
            }
        }
    }
}
