import SchemaLanguage

/// What one generation target cannot express or serve, found on the resolved model.
///
/// The language checker knows no target; each target that has limits of its own (SQL's
/// identifiers, the embedded store's indexes) says so here, and `schemagen check` and `build`
/// report these diagnostics with the checker's, positioned by the model's source ranges.
public protocol TargetCheck: Sendable {
    /// The diagnostics for a schema, each at a byte range of `schema.source`.
    func diagnostics(for schema: Schema) -> [Diagnostic]
}

/// Every target's checks, and compiling a file with them.
public enum TargetChecks {
    /// The checks `schemagen` runs, one per target that has limits of its own.
    public static let all: [any TargetCheck] = [
        SQLIdentifierCheck(), SQLEnumValueCheck(), SQLEntryRetentionCheck(), MongoRetentionRuleCheck(),
        StoreIndexCheck(),
    ]

    /// Every target's diagnostics for a schema, in the order of ``all``.
    public static func diagnostics(for schema: Schema) -> [Diagnostic] {
        all.flatMap { $0.diagnostics(for: schema) }
    }

    /// Parses and checks one file, then runs every target's checks on the model as far as it
    /// resolved (so they report alongside the language's errors, as one run); the schema is nil
    /// when any diagnostic is an error. `addedTargets` are checked as if the header listed them
    /// (`schemagen build --also-target`), so their checks run too.
    public static func compile(path: String, text: String, addingTargets addedTargets: [Target] = []) -> SchemaCompiler.Compilation {
        var compilation = SchemaCompiler.compilation(path: path, text: text, addingTargets: addedTargets)
        compilation.add(diagnostics(for: compilation.model))
        return compilation
    }
}
