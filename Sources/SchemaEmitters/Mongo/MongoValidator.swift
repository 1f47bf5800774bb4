import SchemaLanguage

/// Builds the `$jsonSchema` validator of a collection from its fields (see ``MongoBSONType`` for
/// the type mapping). Nested types become nested `properties` objects, recursively; a type that
/// contains itself (through an array or optional) is validated as a plain object below its first
/// appearance, since a validator cannot be infinite.
struct MongoValidator {
    /// The schema, for looking up nested types.
    let schema: Schema

    /// `{ $jsonSchema: { ... } }` for an entity's documents.
    func validator(for entity: Entity) -> JavaScriptValue {
        var root = objectSchema(fields: entity.fields, enclosingTypes: [])
        if let title = entity.doc.first {
            root.insert((key: "title", value: .string(title)), at: 0)
        }
        return .object([(key: "$jsonSchema", value: .object(root))])
    }

    /// `bsonType: "object"` with `required` (the non-optional fields) and `properties`.
    private func objectSchema(fields: [Field], enclosingTypes: Set<String>) -> [(key: String, value: JavaScriptValue)] {
        var members: [(key: String, value: JavaScriptValue)] = [(key: "bsonType", value: .string("object"))]
        let required = fields.filter { !$0.isOptional }.map { JavaScriptValue.string($0.physicalName) }
        if !required.isEmpty { members.append((key: "required", value: .array(required))) }
        let properties = fields.map { field in
            (key: field.physicalName, value: JavaScriptValue.object(fieldSchema(field, enclosingTypes: enclosingTypes)))
        }
        if !properties.isEmpty { members.append((key: "properties", value: .object(properties))) }
        return members
    }

    /// The schema of one field: its type's schema, its checks, `null` when optional, its doc.
    private func fieldSchema(_ field: Field, enclosingTypes: Set<String>) -> [(key: String, value: JavaScriptValue)] {
        var members = typeSchema(field.type, enclosingTypes: enclosingTypes)
        if field.isOptional { members = allowingNull(members) }
        for check in checkMembers(field.checks) {
            members.removeAll { $0.key == check.key }
            members.append(check)
        }
        if let cap = field.keepNewest { members.append((key: "maxItems", value: .integer(Int64(cap)))) }
        let doc = field.doc.joined(separator: " ")
        if !doc.isEmpty { members.append((key: "description", value: .string(doc))) }
        return members
    }

    /// The schema of a value of a type (without optionality or field checks).
    private func typeSchema(_ type: FieldType, enclosingTypes: Set<String>) -> [(key: String, value: JavaScriptValue)] {
        switch type {
        case .enumeration(let enumType):
            return [(key: "enum", value: .array(enumType.rawValues.map(JavaScriptValue.string)))]
        case .nested(let name):
            guard let nested = schema.type(named: name), !enclosingTypes.contains(name) else {
                return [(key: "bsonType", value: .string("object"))]
            }
            return objectSchema(fields: nested.fields, enclosingTypes: enclosingTypes.union([name]))
        case .array(let element):
            return [(key: "bsonType", value: .string("array")),
                    (key: "items", value: .object(typeSchema(element, enclosingTypes: enclosingTypes)))]
        case .string(let maxLength?):
            return bsonType(for: type) + [(key: "maxLength", value: .integer(Int64(maxLength)))]
        case .uuid:
            return bsonType(for: type) + [(key: "pattern", value: .string(WholeMatchPattern.mongo(MongoBSONType.uuidPattern)))]
        default:
            return bsonType(for: type)
        }
    }

    private func bsonType(for type: FieldType) -> [(key: String, value: JavaScriptValue)] {
        guard let names = MongoBSONType.names(for: type) else { return [] }
        return [(key: "bsonType", value: Self.bsonTypeValue(names))]
    }

    private static func bsonTypeValue(_ names: [String]) -> JavaScriptValue {
        names.count == 1 ? .string(names[0]) : .array(names.map(JavaScriptValue.string))
    }

    /// Adds `"null"` to the accepted `bsonType`s, or `null` to an enum's values.
    private func allowingNull(_ members: [(key: String, value: JavaScriptValue)]) -> [(key: String, value: JavaScriptValue)] {
        members.map { member in
            switch (member.key, member.value) {
            case ("bsonType", .string(let name)):
                return (key: member.key, value: .array([.string(name), .string("null")]))
            case ("bsonType", .array(let names)):
                return (key: member.key, value: .array(names + [.string("null")]))
            case ("enum", .array(let values)):
                return (key: member.key, value: .array(values + [.null]))
            default:
                return member
            }
        }
    }

    /// `minimum` / `maximum` / `minLength` / `maxLength` / `pattern` from a field's checks (the
    /// checker folds `string(n)` into `maxLength`, keeping the tighter bound).
    private func checkMembers(_ checks: FieldChecks) -> [(key: String, value: JavaScriptValue)] {
        var members: [(key: String, value: JavaScriptValue)] = []
        if let text = checks.minimumText ?? checks.minimum.map({ String($0) }) {
            members.append((key: "minimum", value: .number(text)))
        }
        if let text = checks.maximumText ?? checks.maximum.map({ String($0) }) {
            members.append((key: "maximum", value: .number(text)))
        }
        if let minLength = checks.minLength { members.append((key: "minLength", value: .integer(Int64(minLength)))) }
        if let maxLength = checks.maxLength {
            members.append((key: "maxLength", value: .integer(Int64(maxLength))))
        }
        if let pattern = checks.pattern { members.append((key: "pattern", value: .string(WholeMatchPattern.mongo(pattern)))) }
        return members
    }
}
