import SchemaLanguage

/// Anchors and cross-links of the data dictionary: every entity, enum and nested type has an
/// anchor, and every mention of one links to it.
struct DocsLinks {
    /// The schema documented.
    let schema: Schema

    /// The anchor of an entity's section.
    static func entityAnchor(_ name: String) -> String { Markdown.anchorID("entity", name) }
    /// The anchor of an enum's section.
    static func enumAnchor(_ name: String) -> String { Markdown.anchorID("enum", name) }
    /// The anchor of a nested type's section.
    static func typeAnchor(_ name: String) -> String { Markdown.anchorID("type", name) }
    /// The anchor of a cache's row.
    static func cacheAnchor(_ name: String) -> String { Markdown.anchorID("cache", name) }

    /// A link to an entity, its name in code.
    func entity(_ name: String) -> String { Markdown.link(Markdown.code(name), anchor: Self.entityAnchor(name)) }

    /// A field type in schema spelling, linked to the enum or nested type it names.
    func type(_ type: FieldType) -> String {
        let spelling = Markdown.code(type.spelling)
        switch Self.element(of: type) {
        case .enumeration(let enumType): return Markdown.link(spelling, anchor: Self.enumAnchor(enumType.name))
        case .nested(let name): return Markdown.link(spelling, anchor: Self.typeAnchor(name))
        default: return spelling
        }
    }

    /// The type an array holds (arrays of arrays included), or the type itself.
    static func element(of type: FieldType) -> FieldType {
        if case .array(let element) = type { return self.element(of: element) }
        return type
    }

    /// Where a named enum or nested type is used: `entity.field` or `Type.field` or `cache value`,
    /// in schema order.
    func usages(where matches: (FieldType) -> Bool) -> [String] {
        var places: [String] = []
        for entity in schema.entities {
            for field in entity.fields where matches(Self.element(of: field.type)) {
                places.append(Markdown.link(Markdown.code("\(entity.name).\(field.name)"), anchor: Self.entityAnchor(entity.name)))
            }
        }
        for nested in schema.types {
            for field in nested.fields where matches(Self.element(of: field.type)) {
                places.append(Markdown.link(Markdown.code("\(nested.name).\(field.name)"), anchor: Self.typeAnchor(nested.name)))
            }
        }
        for cache in schema.caches {
            if matches(Self.element(of: cache.valueType)) {
                places.append(Markdown.link(Markdown.code("cache \(cache.name)"), anchor: Self.cacheAnchor(cache.name)))
            }
            for parameter in cache.parameters where matches(Self.element(of: parameter.type)) {
                places.append(Markdown.link(Markdown.code("cache \(cache.name).\(parameter.name)"), anchor: Self.cacheAnchor(cache.name)))
            }
        }
        return places
    }
}
