@testable import SchemaLanguage

/// One line of text per construct of a checked schema, in the form the seed inventories cite
/// (Tests/Fixtures/seed_inventory/<schema>.txt): `table users`, `field users.username text`,
/// `index warnings (user_id, guild_id, active) named "idx_warnings_user_guild"`,
/// `retain warnings: delete after 365d by created_at`, …
///
/// Rendered from the checked model, not from the source text, so a construct the checker reads
/// differently (a type, an attribute, an index column's order) renders differently.
enum SeedConstructs {
    /// Every construct of `schema`, each once.
    static func all(in schema: Schema) -> [String] {
        var lines = ["schema \(schema.name) targets \(schema.targets.map(\.rawValue).joined(separator: ", "))"
                     + (schema.databaseName.map { " database \(quoted($0))" } ?? "")]
        for value in schema.enums where !value.isInline {
            lines.append("enum \(value.name) (\(value.cases.map(caseText).joined(separator: ", ")))")
        }
        for nested in schema.types {
            lines.append("type \(nested.name)")
            lines += nested.fields.map { field($0, owner: nested.name, primaryKey: []) }
        }
        for entity in schema.entities {
            lines += self.entity(entity, storageDefaults: schema.storageDefaults)
        }
        for cache in schema.caches {
            let parameters = cache.parameters.map { "\($0.name) \(typeText($0))" }.joined(separator: ", ")
            lines.append("cache \(cache.name) \(quoted(cache.keyTemplate)) ttl \(cache.ttl.text) value \(cache.valueType.spelling)"
                         + (parameters.isEmpty ? "" : " (\(parameters))"))
        }
        return lines
    }

    /// The constructs of one entity: the entity, its fields, keys, indexes, retention and access.
    static func entity(_ entity: Entity, storageDefaults: SQLStorage = SQLStorage()) -> [String] {
        var lines: [String] = []
        var head = "\(entity.kind == .table ? "table" : "collection") \(entity.name)"
        if let namespace = entity.namespace { head += " in \(namespace)" }
        if entity.physicalName != entity.name && entity.namespace == nil { head += " named \(quoted(entity.physicalName))" }
        if let source = entity.copiedFrom { head += " like \(source)" }
        if !entity.partitionKeys.isEmpty { head += " partition by \(entity.partitionKeys.joined(separator: ", "))" }
        lines.append(head)
        lines += entity.fields.map { field($0, owner: entity.name, primaryKey: entity.primaryKey, storageDefaults: storageDefaults) }
        if entity.primaryKey.count > 1 {
            lines.append("primary \(entity.name) (\(entity.primaryKey.joined(separator: ", ")))")
        }
        lines += entity.indexes.map { index($0, of: entity.name) }
        lines += entity.retention.map { "retain \(entity.name): \($0.source)" }
        if let pageLimit = entity.pageLimit { lines.append("pages \(entity.name): at most \(pageLimit)") }
        let access = entity.access
        var rules: [String] = []
        if access.restrictsWriters {
            for operation in WriteOperation.allCases {
                let modules = access.modules(allowedTo: operation) ?? []
                rules.append("\(operation.rawValue): \(modules.isEmpty ? "nobody" : modules.joined(separator: ", "))")
            }
        }
        if !access.read.isEmpty { rules.append("read: \(access.read.joined(separator: ", "))") }
        if let owner = access.owner { rules.append("owner \(owner)") }
        if !rules.isEmpty { lines.append("access \(entity.name) \(rules.joined(separator: "; "))") }
        return lines
    }

    /// `field owner.name type[?] attributes…`.
    static func field(_ field: Field, owner: String, primaryKey: [String], storageDefaults: SQLStorage = SQLStorage()) -> String {
        var text = "field \(owner).\(field.name) \(typeText(field))"
        if primaryKey == [field.name] { text += " primary" }
        if field.isAuto { text += " auto" }
        if let value = field.defaultValue { text += " = \(defaultText(value))" }
        if field.updatesOnWrite { text += " on update now" }
        if let reference = field.reference {
            text += " -> \(reference.entity).\(reference.field) on delete \(reference.onDelete.rawValue)"
        }
        let checks = field.checks
        if let minimum = checks.minimumText { text += " min \(minimum)" }
        if let maximum = checks.maximumText { text += " max \(maximum)" }
        if checks.minLength != nil || checks.maxLength != nil {
            text += " length \(checks.minLength.map(String.init) ?? "")..\(checks.maxLength.map(String.init) ?? "")"
        }
        if let pattern = checks.pattern { text += " pattern \(quoted(pattern))" }
        if let count = field.keepNewest { text += " keep newest \(count)" }
        if field.physicalName != field.name { text += " named \(quoted(field.physicalName))" }
        // A field's own `as` choice (one the header's defaults do not already make).
        let chosen = [field.storage.timestamp == storageDefaults.timestamp ? nil : field.storage.timestamp?.rawValue,
                      field.storage.auto == storageDefaults.auto ? nil : field.storage.auto?.rawValue,
                      field.storage.enumeration == storageDefaults.enumeration ? nil : field.storage.enumeration?.spelling]
            .compactMap { $0 }
        if !chosen.isEmpty { text += " as \(chosen.joined(separator: ", "))" }
        return text
    }

    /// `index entity (a, b desc) [unique] [where …] [ttl …] [named "…"]`.
    static func index(_ index: Index, of entity: String) -> String {
        let columns = index.columns.map { $0.descending ? "\($0.field) desc" : $0.field }.joined(separator: ", ")
        var text = "index \(entity) (\(columns))"
        if index.isUnique { text += " unique" }
        if let condition = index.condition { text += " where \(conditionText(condition))" }
        if let ttl = index.ttl { text += " ttl \(ttl.text)" }
        if index.isNamed { text += " named \(quoted(index.name))" }
        return text
    }

    static func typeText(_ field: Field) -> String {
        field.type.spelling + (field.isOptional ? "?" : "")
    }

    static func caseText(_ value: EnumCase) -> String {
        value.rawValue == value.name ? value.name : "\(value.name) = \(quoted(value.rawValue))"
    }

    static func defaultText(_ value: DefaultValue) -> String {
        switch value {
        case .integer(let number): "\(number)"
        case .number(_, let text): text
        case .string(let text): quoted(text)
        case .bool(let flag): "\(flag)"
        case .null: "null"
        case .now: "now"
        case .generatedUUID: "uuid"
        case .enumCase(let value): value.name
        case .emptyArray: "[]"
        case .emptyObject: "{}"
        }
    }

    static func conditionText(_ condition: Condition) -> String {
        switch condition {
        case .comparison(let field, let comparison, let value): "\(field) \(comparison.rawValue) \(literalText(value))"
        case .isIn(let field, let values): "\(field) in (\(values.map(literalText).joined(separator: ", ")))"
        case .isNull(let field): "\(field) is null"
        case .isNotNull(let field): "\(field) is not null"
        case .and(let left, let right): "(\(conditionText(left)) and \(conditionText(right)))"
        case .or(let left, let right): "(\(conditionText(left)) or \(conditionText(right)))"
        case .not(let inner): "not (\(conditionText(inner)))"
        }
    }

    static func literalText(_ value: Literal) -> String {
        switch value {
        case .integer(let number): "\(number)"
        case .number(_, let text): text
        case .string(let text): quoted(text)
        case .bool(let flag): "\(flag)"
        case .null: "null"
        case .enumCase(let name, _): name
        }
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension SeedConstructs {
    /// Every `about` line of the schema and its entities: `about users cleaned "…"`, with the
    /// schema's own lines under the schema's name.
    static func abouts(in schema: Schema) -> [String] {
        func lines(_ owner: String, _ about: Lifecycle) -> [String] {
            about.represents.map { "about \(owner) represents \(quoted($0))" }
                + about.grows.map { "about \(owner) grows \(quoted($0))" }
                + about.cleaned.map { "about \(owner) cleaned \(quoted($0))" }
                + about.touchedBy.map { "about \(owner) touched_by \(quoted($0))" }
        }
        return lines(schema.name, schema.about) + schema.entities.flatMap { lines($0.name, $0.about) }
    }
}
