/// Turns a file's syntax tree into a resolved ``Schema``, reporting every problem it finds in
/// one run. Passes: header → declarations (names) → enums and nested types → entities (fields,
/// keys, indexes, retention, access) → caches → relations across entities → names → warnings.
/// Each concept has its own file (`Checker+Names.swift`, `Checker+Keys.swift`, …); checks that
/// belong to one target (SQL identifiers, what the store can serve) run in SchemaEmitters.
public struct Checker {
    var bag: DiagnosticBag
    let syntax: SchemaFileSyntax
    var schema: Schema
    /// Entity syntax by logical name (namespace members included) and their namespace.
    var entitySyntax: [String: (syntax: EntitySyntax, namespace: NamespaceSyntax?)] = [:]
    var enumSyntax: [String: EnumSyntax] = [:]
    var typeSyntax: [String: TypeDeclarationSyntax] = [:]
    /// Resolved entities by name, filled as they are checked (`like` resolves its source first).
    var resolved: [String: Entity] = [:]
    var resolving: Set<String> = []
    /// Archive rules to check once every entity is resolved: source entity and the `into` name.
    var archiveChecks: [(source: String, into: NameSyntax)] = []
    /// Related times of retention rules (`by user_id -> users.last_seen`) to check once every
    /// entity is resolved: the rule's entity, the referenced entity's name and its time field.
    var relatedTimeChecks: [(entity: String, related: RelatedTimeSyntax)] = []
    /// Roll-ups to check once every entity is resolved: the swept entity and the roll-up.
    var rollUpChecks: [(entity: String, rollUp: RollUpSyntax)] = []
    /// Foreign keys to check once every entity is resolved.
    var pendingReferences: [(entity: String, field: String, entityName: NameSyntax, fieldName: NameSyntax)] = []
    /// Targets added for this check as if the header listed them after its own (`build --also-target`).
    let addedTargets: [Target]

    /// Checks a parsed file; `addedTargets` are checked as if the header listed them after its own
    /// targets (one the header lists already is not repeated).
    public init(syntax: SchemaFileSyntax, addingTargets addedTargets: [Target] = []) {
        self.syntax = syntax
        self.addedTargets = addedTargets
        self.bag = DiagnosticBag(file: syntax.file)
        self.schema = Schema(name: syntax.header?.name.text ?? "", source: syntax.file)
    }

    /// Checks a parsed file; the schema is nil when there are errors.
    public static func check(_ syntax: SchemaFileSyntax) -> (Schema?, [Diagnostic]) {
        let (model, diagnostics) = resolve(syntax)
        return (diagnostics.contains { $0.severity == .error } ? nil : model, diagnostics)
    }

    /// Checks a parsed file and returns the model as far as it resolved, errors or not: checks
    /// that run after the language's (a target's) report alongside its errors, as one run.
    /// `addedTargets` are checked as if the header listed them (see ``init(syntax:addingTargets:)``).
    public static func resolve(_ syntax: SchemaFileSyntax,
                               addingTargets addedTargets: [Target] = []) -> (model: Schema, diagnostics: [Diagnostic]) {
        var checker = Checker(syntax: syntax, addingTargets: addedTargets)
        checker.run()
        return (checker.schema, checker.bag.diagnostics)
    }

    mutating func run() {
        checkHeader()
        collectDeclarations()
        for declaration in syntax.declarations {
            if case .enumeration(let syntax) = declaration { resolveEnum(syntax) }
        }
        for declaration in syntax.declarations {
            if case .type(let syntax) = declaration { resolveNestedType(syntax) }
        }
        for declaration in syntax.declarations {
            switch declaration {
            case .entity(let entity): _ = resolveEntity(named: entity.name.text)
            case .namespace(let namespace): namespace.entities.forEach { _ = resolveEntity(named: $0.name.text) }
            default: break
            }
        }
        // Source order, whatever order `like` resolved them in.
        schema.entities = orderedEntityNames.compactMap { resolved[$0] }
        for declaration in syntax.declarations {
            if case .cache(let cache) = declaration { resolveCache(cache) }
        }
        checkReferences()
        checkArchives()
        checkRelatedTimes()
        checkRollUps()
        checkRetentionPeriods()
        checkNestedTypeCycles()
        checkSwiftNames()
        checkPhysicalNames()
        warnRepeatedIndexes()
        warnPrefixIndexes()
        warnTTLOnTables()
        warnRequiredReferenceCycles()
        checkModuleNames()
        warnUnindexedReferences()
        warnOptionalRetentionTimes()
        warnOptionalRelatedTimes()
        warnUnusedTargets()
    }

    var orderedEntityNames: [String] {
        syntax.declarations.flatMap { declaration -> [String] in
            switch declaration {
            case .entity(let entity): [entity.name.text]
            case .namespace(let namespace): namespace.entities.map(\.name.text)
            default: []
            }
        }
    }
}
