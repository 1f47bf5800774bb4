import SchemaLanguage

/// `Models/<Model>.swift`, `NestedTypes/<Type>.swift` and `<Prefix>+Enums.swift`: the value types.
struct ModelFile {
    let names: SwiftNames
    /// Fields renamed (with `was`) by the newest version step: entity or nested type name → new
    /// field name → old field name. Each keeps its old Swift name as a deprecated alias.
    var renames: [String: [String: String]] = [:]

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
            members: body(fields, kind: "document", renames: renames[type.name] ?? [:])))
    }

    /// The struct of an entity, with its column positions and (composite) identity.
    func model(_ entity: SwiftEntity) -> SwiftDeclaration {
        var conformances = ["Sendable", "Hashable", "Codable"]
        let key = entity.primaryKey
        let idField = entity.fields.first { $0.bareProperty == "id" }
        let identifiable = !key.isEmpty && (idField == nil || (key.count == 1 && key[0].bareProperty == "id"))
        if identifiable { conformances.append("Identifiable") }
        var members = body(entity.fields, kind: "record", renames: renames[entity.entity.name] ?? [:],
                           scopeFields: Set(entity.scopeFields.map(\.position)))
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
    private func body(_ fields: [SwiftField], kind: String, renames: [String: String],
                      scopeFields: Set<Int> = []) -> [SwiftDeclaration] {
        var members: [SwiftDeclaration] = fields.flatMap { field -> [SwiftDeclaration] in
            var doc = field.field.doc.isEmpty ? ["`\(field.physical)` (\(field.field.type.spelling)\(field.field.isOptional ? "?" : ""))."] : field.field.doc
            if field.field.isAuto { doc.append(field.field.type.isInteger ? "Assigned on insert when 0." : "Generated when the value is created.") }
            if field.field.updatesOnWrite { doc.append("Set to the current time on every write.") }
            if scopeFields.contains(field.position) { doc.append("Filled from the scope on insert when left at its default.") }
            if case .now? = field.field.defaultValue, field.field.isOptional { doc.append("Set to the current time on insert when nil.") }
            if let cap = field.field.keepNewest {
                doc.append("Keeps the newest \(cap) elements (see `\(SwiftSchemaNames.appendMethod(field.field.name))`).")
            }
            guard field.isStampedOnInsert else {
                return [.property(SwiftProperty(doc: doc, keyword: "public var", name: field.property, type: field.type))]
            }
            // Nil until inserted or set; the insert fills it from the database clock (`applyInsertDefaults`).
            doc.append("Left out of the initializer, set to the database clock's time on insert (until then, the current time).")
            return [
                .property(SwiftProperty(doc: ["`\(field.physical)` as stored, nil until the record is inserted or it is set."],
                                        keyword: "var", name: field.storage, type: "\(field.baseType)?")),
                .property(SwiftProperty(doc: doc, keyword: "public var", name: field.property, type: field.type,
                                        getter: [.code("\(field.storage) ?? Date()")], setter: [.code("\(field.storage) = newValue")])),
            ]
        }
        let parameters = fields.map { field -> String in
            if field.isStampedOnInsert { return "\(field.property): \(field.baseType)? = nil" }
            let label = "\(field.property): \(field.type)"
            let fallback = scopeFields.contains(field.position) ? scopeFilledDefault(field) : nil
            return (defaultExpression(field) ?? fallback).map { "\(label) = \($0)" } ?? label
        }
        let aliases = aliases(fields, renames: renames)
        members += aliases.map(\.declaration)
        members.append(.function(SwiftFunction(
            doc: ["Creates a \(kind); defaults are the schema's."], name: "init", parameters: parameters,
            body: fields.map { .expression("self.\($0.storage) = ", .code($0.property)) })))
        if !aliases.isEmpty { members.append(aliasInit(fields, parameters: parameters, aliases: aliases)) }
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
            members: fields.map { field in
                let (name, bare) = field.isStampedOnInsert ? (field.storage, field.storage) : (field.property, field.bareProperty)
                return .enumCase(doc: [], name: name, rawValue: bare == field.physical ? nil : field.physical)
            })))
        return members
    }

    /// `@available(*, deprecated, renamed:)` properties under the old names of renamed fields, so
    /// call sites get a warning naming the new property instead of an error (for one version).
    private func aliases(_ fields: [SwiftField], renames: [String: String]) -> [(field: String, old: String, declaration: SwiftDeclaration)] {
        let taken = Set(fields.flatMap { [$0.bareProperty, $0.storage] })
        return fields.compactMap { field in
            guard let oldName = renames[field.field.name] else { return nil }
            let old = SwiftSchemaNames.property(oldName)
            guard !taken.contains(old) else { return nil }
            return (field.field.name, old, .property(SwiftProperty(
                doc: ["`\(oldName)`, renamed to `\(field.field.name)`: use `\(field.bareProperty)`."],
                attributes: ["@available(*, deprecated, renamed: \(SwiftCode.literal(field.bareProperty)))"],
                keyword: "public var", name: SwiftNaming.escaped(old), type: field.type,
                getter: [.code(field.property)], setter: [.code("\(field.property) = newValue")])))
        }
    }

    /// The memberwise initializer under the old labels of renamed fields, deprecated. Those
    /// parameters have no default, so a call using the new labels never matches it.
    private func aliasInit(_ fields: [SwiftField], parameters: [String],
                           aliases: [(field: String, old: String, declaration: SwiftDeclaration)]) -> SwiftDeclaration {
        let old = Dictionary(uniqueKeysWithValues: aliases.map { ($0.field, $0.old) })
        let labels = fields.map { old[$0.field.name] ?? $0.bareProperty }
        let oldParameters = zip(fields, parameters).map { field, parameter in
            old[field.field.name].map { "\(SwiftNaming.escaped($0)): \(field.type)" } ?? parameter
        }
        let current = "init(" + fields.map { $0.bareProperty + ":" }.joined() + ")"
        let arguments = zip(fields, labels).map { field, label in SwiftArgument(field.bareProperty, .code(SwiftNaming.escaped(label))) }
        return .function(SwiftFunction(
            doc: ["Creates the value under the old names of renamed fields."],
            attributes: ["@available(*, deprecated, renamed: \(SwiftCode.literal(current)))"], name: "init",
            parameters: oldParameters, body: [.expression(.call("self.init", arguments))]))
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
