/// Turns a file's syntax tree into a resolved ``Schema``, reporting every problem it finds in
/// one run. Passes: header → declarations (names) → enums and nested types → entities (fields,
/// keys, indexes, retention, access) → relations across entities → warnings.
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
    /// Foreign keys to check once every entity is resolved.
    /// Archive rules to check once every entity is resolved: source entity and the `into` name.
    var archiveChecks: [(source: String, into: NameSyntax)] = []
    var pendingReferences: [(entity: String, field: String, entityName: NameSyntax, fieldName: NameSyntax)] = []
    /// Byte offset of each line's start, for turning resolved locations back into ranges.
    let lineStarts: [Int]

    /// Checks a parsed file.
    public init(syntax: SchemaFileSyntax) {
        self.syntax = syntax
        self.bag = DiagnosticBag(file: syntax.file)
        var starts = [0]
        for (offset, byte) in syntax.file.bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        self.lineStarts = starts
        self.schema = Schema(name: syntax.header?.name.text ?? "", sourcePath: syntax.file.path)
    }

    /// Checks a parsed file; the schema is nil when there are errors.
    public static func check(_ syntax: SchemaFileSyntax) -> (Schema?, [Diagnostic]) {
        let (model, diagnostics) = resolve(syntax)
        return (diagnostics.contains { $0.severity == .error } ? nil : model, diagnostics)
    }

    /// Checks a parsed file and returns the model as far as it resolved, errors or not: checks
    /// that run after the language's (a target's) report alongside its errors, as one run.
    public static func resolve(_ syntax: SchemaFileSyntax) -> (model: Schema, diagnostics: [Diagnostic]) {
        var checker = Checker(syntax: syntax)
        checker.run()
        return (checker.schema, checker.bag.diagnostics)
    }

    func location(_ range: SourceRange) -> SourceLocation { syntax.file.location(of: range.start) }

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
        checkNestedTypeCycles()
        checkSwiftNames()
        checkPhysicalNames()
        warnRepeatedIndexes()
        checkModuleNames()
        warnUnindexedReferences()
        warnOptionalRetentionTimes()
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

    /// A range starting at a resolved location (diagnostics only need the start).
    func rangeOf(_ location: SourceLocation) -> SourceRange {
        // Line starts are computed once: scanning from the top for every field made checking
        // quadratic in the file's size.
        let bytes = syntax.file.bytes
        var offset = lineStarts[max(0, min(location.line, lineStarts.count) - 1)]
        var column = 1
        while column < location.column, offset < bytes.count {
            offset += 1
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            column += 1
        }
        return SourceRange(start: offset, end: offset)
    }
}
