import SchemaLanguage

/// A Mermaid `erDiagram` of the schema: every entity and nested type with its fields (type and
/// `PK` / `FK` / `UK` markers), one relation per foreign key (`parent ||--o{ child : "field"`,
/// `|o` when the key is optional, `o|` when it is unique) and one dashed relation per field
/// holding a nested type (`||..o|` for one, `||..o{` for an array).
///
/// Identifiers are made safe: names keep letters, digits and `_`; attribute types are single
/// words (`string`, `decimal`, `Entry_list`) with the exact schema spelling in the attribute's
/// comment when it differs; comments never contain `"`.
struct MermaidERDiagram {
    /// The schema drawn.
    let schema: Schema

    /// The fenced code block.
    func lines() -> [String] {
        var lines = ["```mermaid", "erDiagram"]
        for entity in schema.entities {
            lines += block(entityName(entity.name), fields: entity.fields) { field in
                var keys: [String] = []
                if entity.primaryKey.contains(field.name) { keys.append("PK") }
                if field.reference != nil { keys.append("FK") }
                if Self.uniqueFields(of: entity).contains(field.name) { keys.append("UK") }
                return keys
            }
        }
        for nested in schema.types {
            lines += block(typeName(nested.name), fields: nested.fields) { _ in [] }
        }
        for entity in schema.entities {
            let unique = Self.uniqueFields(of: entity)
            for (field, reference) in entity.foreignKeys {
                let parent = field.isOptional ? "|o" : "||"
                let child = unique.contains(field.name) ? "o|" : "o{"
                lines.append("    \(entityName(reference.entity)) \(parent)--\(child) \(entityName(entity.name)) : \(label(field.name))")
            }
            lines += containment(from: entityName(entity.name), fields: entity.fields)
        }
        for nested in schema.types {
            lines += containment(from: typeName(nested.name), fields: nested.fields)
        }
        lines.append("```")
        return lines
    }

    private func block(_ name: String, fields: [Field], keys: (Field) -> [String]) -> [String] {
        guard !fields.isEmpty else { return ["    \(name)"] }
        var lines = ["    \(name) {"]
        for field in fields {
            var line = "        \(typeToken(field.type)) \(Self.identifier(field.name))"
            let markers = keys(field)
            if !markers.isEmpty { line += " " + markers.joined(separator: ", ") }
            let spelling = field.type.spelling + (field.isOptional ? "?" : "")
            if spelling != typeToken(field.type) { line += " " + label(spelling) }
            lines.append(line)
        }
        lines.append("    }")
        return lines
    }

    private func containment(from owner: String, fields: [Field]) -> [String] {
        fields.compactMap { field in
            let element = DocsLinks.element(of: field.type)
            guard case .nested(let name) = element, schema.type(named: name) != nil else { return nil }
            let isArray = element != field.type
            return "    \(owner) ||..\(isArray ? "o{" : "o|") \(typeName(name)) : \(label(field.name))"
        }
    }

    /// Fields with a single-field unique index of their own.
    private static func uniqueFields(of entity: Entity) -> Set<String> {
        Set(entity.indexes.filter { $0.isUnique && $0.columns.count == 1 && $0.condition == nil }.map { $0.columns[0].field })
    }

    /// A one-word attribute type.
    private func typeToken(_ type: FieldType) -> String {
        switch type {
        case .decimal: "decimal"
        case .string: "string"
        case .enumeration(let enumType): Self.identifier(enumType.name)
        case .nested(let name): Self.identifier(name)
        case .array(let element): typeToken(element) + "_list"
        default: type.spelling
        }
    }

    /// An entity's identifier in the diagram.
    func entityName(_ name: String) -> String { Self.identifier(name) }

    /// A nested type's identifier, suffixed with `_type` when an entity has the same one.
    func typeName(_ name: String) -> String {
        let identifier = Self.identifier(name)
        return schema.entities.contains { Self.identifier($0.name) == identifier } ? identifier + "_type" : identifier
    }

    /// Letters, digits and `_` only, never starting with a digit.
    static func identifier(_ name: String) -> String {
        let cleaned = String(name.map { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" ? $0 : "_" })
        guard let first = cleaned.first, !first.isNumber else { return "_" + cleaned }
        return cleaned
    }

    /// A quoted label or comment without `"`.
    private func label(_ text: String) -> String {
        "\"" + String(Markdown.oneLine(text).map { $0 == "\"" ? "'" : $0 }) + "\""
    }
}
