import SchemaLanguage

/// The embedded store's limits: an index it cannot serve exists only on the database servers,
/// and generated Swift repositories get no query method for it (``StoreIndexSupport``).
public struct StoreIndexCheck: TargetCheck {
    /// Creates the check.
    public init() {}

    /// A warning for every index the store cannot serve.
    public func diagnostics(for schema: Schema) -> [Diagnostic] {
        var bag = DiagnosticBag(file: schema.source)
        for entity in schema.entities {
            for index in entity.indexes {
                guard case .serversOnly(let field) = StoreIndexSupport(index, of: entity) else { continue }
                bag.warning("index '\(index.name)' over \(field.type.spelling) field '\(field.name)' is kept by the database servers "
                            + "only; generated Swift repositories get no query method for it",
                            hint: "index scalar fields, or a lone array of scalars (a multikey index)", at: index.range)
            }
        }
        return bag.diagnostics
    }
}
