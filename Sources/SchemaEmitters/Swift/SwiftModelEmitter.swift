import SchemaLanguage

/// Emits enums, nested types and entity models (`Enums.swift`, `NestedTypes/*.swift`, `Models/*.swift`).
struct SwiftModelEmitter {
    let names: SwiftNames
    var schema: Schema { names.schema }

    /// `Enums.swift`: one string-backed enum per named or inline enum.
    func enums() -> [String] {
        var lines: [String] = []
        for type in schema.enums {
            let name = SwiftNames.declaredType(type.name)
            let fallback = type.isInline ? "The values of `\(type.name.replacingOccurrences(of: "_", with: "_"))`." : "The `\(type.name)` enum."
            lines += SwiftCode.doc(type.doc, fallback: fallback)
            lines.append("public enum \(name): String, Sendable, Hashable, Codable, CaseIterable, ColumnValue, BinaryCodable {")
            for enumCase in type.cases {
                lines += SwiftCode.doc(enumCase.doc, fallback: "`\(enumCase.rawValue)`", indent: "    ")
                lines.append("    case \(SwiftNaming.escaped(SwiftNaming.memberName(enumCase.name))) = \(SwiftCode.literal(enumCase.rawValue))")
            }
            lines += ["}", ""]
        }
        return lines
    }

    /// The struct of a nested type.
    func nestedType(_ type: NestedType) -> [String] {
        let fields = type.fields.enumerated().map { SwiftNames.field($1, position: $0) }
        var lines = SwiftCode.doc(type.doc, fallback: "The `\(type.name)` nested document.")
        lines.append("public struct \(SwiftNames.declaredType(type.name)): Sendable, Hashable, Codable {")
        lines += body(fields, kind: "document")
        lines.append("}")
        return lines
    }

    /// The struct of an entity.
    func model(_ entity: SwiftEntity) -> [String] {
        var conformances = ["Sendable", "Hashable", "Codable"]
        let key = entity.primaryKey
        let idField = entity.fields.first { $0.bareProperty == "id" }
        let identifiable = !key.isEmpty && (idField == nil || (key.count == 1 && key[0].bareProperty == "id"))
        if identifiable { conformances.append("Identifiable") }
        var lines = SwiftCode.doc(entity.entity.doc, fallback: "A record of `\(entity.entity.name)`.")
        lines.append("///")
        lines.append(SwiftCode.docLine("Stored in `\(entity.table)`; coding keys are the physical field names."))
        lines.append("public struct \(entity.typeName): \(conformances.joined(separator: ", ")) {")
        lines += body(entity.fields, kind: "record")
        if identifiable, idField == nil {
            lines.append("")
            if key.count == 1 {
                lines += ["    /// The primary key.", "    public var id: \(key[0].baseType) { \(key[0].property) }"]
            } else {
                lines += ["    /// The composite primary key.", "    public struct ID: Sendable, Hashable {"]
                for field in key {
                    lines += [SwiftCode.docLine("`\(field.physical)`.", indent: "        "), "        public var \(field.property): \(field.baseType)"]
                }
                lines += ["    }", "", "    /// The primary key.",
                          "    public var id: ID { ID(\(key.map { "\($0.bareProperty): \($0.property)" }.joined(separator: ", "))) }"]
            }
        }
        lines.append("}")
        return lines
    }

    /// Properties, memberwise init, coding keys and capped-array helpers.
    private func body(_ fields: [SwiftField], kind: String) -> [String] {
        var lines: [String] = []
        for field in fields {
            var doc = field.field.doc.isEmpty ? ["`\(field.physical)` (\(field.field.type.spelling)\(field.field.isOptional ? "?" : ""))."] : field.field.doc
            if field.field.isAuto { doc.append(field.field.type.isInteger ? "Assigned on insert when 0." : "Generated when the value is created.") }
            if field.field.updatesOnWrite { doc.append("Set to the current time on every write.") }
            if case .now? = field.field.defaultValue, field.field.isOptional { doc.append("Set to the current time on insert when nil.") }
            if let cap = field.field.keepNewest { doc.append("Keeps the newest \(cap) elements (see `appendTo\(SwiftNaming.typeName(field.field.name))`).") }
            lines += SwiftCode.doc(doc, fallback: "", indent: "    ")
            lines.append("    public var \(field.property): \(field.type)")
        }
        lines.append("")
        lines.append(SwiftCode.docLine("Creates a \(kind); defaults are the schema's.", indent: "    "))
        let parameters = fields.map { field -> String in
            let label = "\(field.property): \(field.type)"
            return defaultExpression(field).map { "\(label) = \($0)" } ?? label
        }
        lines.append("    public init(\(parameters.joined(separator: ", "))) {")
        for field in fields { lines.append("        self.\(field.bareProperty) = \(field.property)") }
        lines.append("    }")
        for field in fields {
            guard let cap = field.field.keepNewest, case .array(let element) = field.field.type else { continue }
            let elementType = SwiftNames.swiftType(element)
            lines += ["", SwiftCode.docLine("Appends to `\(field.physical)`, keeping only the newest \(cap) elements.", indent: "    "),
                      "    public mutating func appendTo\(SwiftNaming.typeName(field.field.name))(_ elements: [\(elementType)]) {",
                      "        var all = \(field.field.isOptional ? "(\(field.property) ?? [])" : field.property) + elements",
                      "        if all.count > \(cap) { all.removeFirst(all.count - \(cap)) }",
                      "        \(field.property) = all",
                      "    }"]
        }
        lines += ["", "    enum CodingKeys: String, CodingKey {"]
        for field in fields {
            lines.append(field.bareProperty == field.physical ? "        case \(field.property)"
                         : "        case \(field.property) = \(SwiftCode.literal(field.physical))")
        }
        lines.append("    }")
        return lines
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
        case .enumCase(let enumCase): return ".\(SwiftNaming.escaped(SwiftNaming.memberName(enumCase.name)))"
        case .emptyArray: return "[]"
        case .emptyObject: return "[:]"
        }
    }
}
