import SchemaLanguage

/// `Models/<Model>.swift`, `NestedTypes/<Type>.swift` and `<Prefix>+Enums.swift`: the value types.
struct ModelFile {
    let names: SwiftNames

    /// One string-backed enum per named or inline enum.
    func enums() -> [SwiftDeclaration] {
        names.schema.enums.map { type in
            let fallback = type.isInline ? "The values of `\(type.name)`." : "The `\(type.name)` enum."
            let cases = type.cases.map { enumCase in
                SwiftDeclaration.enumCase(doc: enumCase.doc.isEmpty ? ["`\(enumCase.rawValue)`"] : enumCase.doc,
                                          name: SwiftNaming.escaped(SwiftSchemaNames.enumCase(enumCase.name)),
                                          rawValue: enumCase.rawValue)
            }
            return .type(SwiftTypeDeclaration(
                doc: type.doc.isEmpty ? [fallback] : type.doc, keyword: "public enum", name: SwiftNames.declaredType(type.name),
                conformances: ["String", "Sendable", "Hashable", "Codable", "CaseIterable", "ColumnValue", "BinaryCodable"],
                members: cases))
        }
    }

    /// The struct of a nested type.
    func nestedType(_ type: NestedType) -> SwiftDeclaration {
        let fields = type.fields.enumerated().map { SwiftNames.field($1, position: $0) }
        return .type(SwiftTypeDeclaration(
            doc: type.doc.isEmpty ? ["The `\(type.name)` nested document."] : type.doc, keyword: "public struct",
            name: SwiftNames.declaredType(type.name), conformances: ["Sendable", "Hashable", "Codable"],
            members: body(fields, kind: "document")))
    }

    /// The struct of an entity, with its column positions and (composite) identity.
    func model(_ entity: SwiftEntity) -> SwiftDeclaration {
        var conformances = ["Sendable", "Hashable", "Codable"]
        let key = entity.primaryKey
        let idField = entity.fields.first { $0.bareProperty == "id" }
        let identifiable = !key.isEmpty && (idField == nil || (key.count == 1 && key[0].bareProperty == "id"))
        if identifiable { conformances.append("Identifiable") }
        var members = body(entity.fields, kind: "record", scopeFields: Set(entity.scopeFields.map(\.position)))
        if identifiable, idField == nil {
            if key.count == 1 {
                members.append(.property(SwiftProperty(doc: ["The primary key."], keyword: "public var", name: "id",
                                                       type: key[0].baseType, getter: [.code(key[0].property)])))
            } else {
                let keyType = SwiftSchemaNames.compositeKeyType
                members.append(.type(SwiftTypeDeclaration(
                    doc: ["The composite primary key."], keyword: "public struct", name: keyType, conformances: ["Sendable", "Hashable"],
                    members: key.map { .property(SwiftProperty(doc: ["`\($0.physical)`."], keyword: "public var", name: $0.property, type: $0.baseType)) })))
                let arguments = key.map { SwiftArgument($0.bareProperty, .code($0.property)) }
                members.append(.property(SwiftProperty(doc: ["The primary key."], keyword: "public var", name: "id", type: keyType,
                                                       getter: [.expression(.call(keyType, arguments))])))
            }
        }
        members.append(.type(SwiftTypeDeclaration(
            doc: ["Row positions of the columns in the store table `\(entity.table)`."], keyword: "enum", name: SwiftSchemaNames.columnsType,
            members: entity.fields.map { .property(SwiftProperty(keyword: "static let", name: $0.property, value: .integer($0.position))) })))
        return .type(SwiftTypeDeclaration(
            doc: (entity.entity.doc.isEmpty ? ["A record of `\(entity.entity.name)`."] : entity.entity.doc)
                + ["", "Stored in `\(entity.table)`; coding keys are the physical field names."],
            keyword: "public struct", name: entity.typeName, conformances: conformances, members: members))
    }

    /// Properties, memberwise init, capped-array helpers and coding keys.
    private func body(_ fields: [SwiftField], kind: String, scopeFields: Set<Int> = []) -> [SwiftDeclaration] {
        var members: [SwiftDeclaration] = fields.map { field in
            var doc = field.field.doc.isEmpty ? ["`\(field.physical)` (\(field.field.type.spelling)\(field.field.isOptional ? "?" : ""))."] : field.field.doc
            if field.field.isAuto { doc.append(field.field.type.isInteger ? "Assigned on insert when 0." : "Generated when the value is created.") }
            if field.field.updatesOnWrite { doc.append("Set to the current time on every write.") }
            if scopeFields.contains(field.position) { doc.append("Filled from the scope on insert when left at its default.") }
            if case .now? = field.field.defaultValue, field.field.isOptional { doc.append("Set to the current time on insert when nil.") }
            if let cap = field.field.keepNewest {
                doc.append("Keeps the newest \(cap) elements (see `\(SwiftSchemaNames.appendMethod(field.field.name))`).")
            }
            return .property(SwiftProperty(doc: doc, keyword: "public var", name: field.property, type: field.type))
        }
        let parameters = fields.map { field -> String in
            let label = "\(field.property): \(field.type)"
            let fallback = scopeFields.contains(field.position) ? scopeFilledDefault(field) : nil
            return (defaultExpression(field) ?? fallback).map { "\(label) = \($0)" } ?? label
        }
        members.append(.function(SwiftFunction(
            doc: ["Creates a \(kind); defaults are the schema's."], name: "init", parameters: parameters,
            body: fields.map { .expression("self.\($0.bareProperty) = ", .code($0.property)) })))
        for field in fields {
            guard let cap = field.field.keepNewest, case .array(let element) = field.field.type else { continue }
            let current = field.field.isOptional ? "(\(field.property) ?? [])" : field.property
            members.append(.function(SwiftFunction(
                doc: ["Appends to `\(field.physical)`, keeping only the newest \(cap) elements."], modifiers: "public mutating",
                name: SwiftSchemaNames.appendMethod(field.field.name), parameters: ["_ elements: [\(SwiftNames.swiftType(element))]"],
                body: [.code("var all = \(current) + elements"),
                       .code("if all.count > \(cap) { all.removeFirst(all.count - \(cap)) }"),
                       .code("\(field.property) = all")])))
        }
        members.append(.type(SwiftTypeDeclaration(
            keyword: "enum", name: SwiftSchemaNames.codingKeysType, conformances: ["String", "CodingKey"],
            members: fields.map { .enumCase(doc: [], name: $0.property, rawValue: $0.bareProperty == $0.physical ? nil : $0.physical) })))
        return members
    }

    /// The default of an owner or partition field without one: the unset value a scoped insert
    /// fills from its scope (`Scope.filling` in the runtime), so the owner is written once.
    private func scopeFilledDefault(_ field: SwiftField) -> String? {
        guard !field.field.isOptional else { return nil }
        switch field.field.type {
        case .string, .text: return "\"\""
        case let type where type.isInteger: return "0"
        default: return nil
        }
    }

    /// The memberwise-init default of a field, if any.
    func defaultExpression(_ field: SwiftField) -> String? {
        let optional = field.field.isOptional
        if field.field.isAuto {
            switch field.field.type {
            case .objectID: return "ObjectID()"
            case .uuid: return "UUID()"
            default: return "0"
            }
        }
        guard let value = field.field.defaultValue else { return optional ? "nil" : nil }
        switch value {
        case .integer(let number): return "\(number)"
        case .number(_, let text): return text
        case .string(let text): return SwiftCode.literal(text)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "nil"
        case .now: return optional ? "nil" : "Date()"
        case .generatedUUID: return optional ? "nil" : "UUID()"
        case .enumCase(let enumCase): return ".\(SwiftNaming.escaped(SwiftSchemaNames.enumCase(enumCase.name)))"
        case .emptyArray: return "[]"
        case .emptyObject: return "[:]"
        }
    }
}
