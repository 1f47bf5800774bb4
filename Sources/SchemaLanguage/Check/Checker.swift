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
        var checker = Checker(syntax: syntax)
        checker.run()
        return (checker.bag.hasErrors ? nil : checker.schema, checker.bag.diagnostics)
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
        checkNames()
        checkModuleNames()
        warnUnindexedReferences()
        warnIndexesWithoutStoreQueries()
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

    // MARK: Header

    mutating func checkHeader() {
        guard let header = syntax.header else {
            bag.error("the file has no schema header",
                      hint: "start the file with 'schema my_bot { targets sqlite, postgres }'",
                      at: SourceRange(start: 0, end: 0))
            return
        }
        schema.doc = header.trivia.doc
        if let database = header.database, checkWrittenName(database, what: "a database name") {
            schema.databaseName = database.value
        }
        if let about = header.about { schema.about = resolveAbout(about) }
        if header.targets.isEmpty {
            bag.error("the schema names no targets", hint: "add 'targets sqlite, postgres, mysql, mongo' (any of them)",
                      at: header.name.range)
        }
        for target in header.targets {
            guard let resolvedTarget = Target(rawValue: target.text) else {
                bag.error("unknown target '\(target.text)'", hint: "targets are sqlite, postgres, mysql and mongo"
                          + Self.suggestion(for: target.text, among: Target.allCases.map(\.rawValue)), at: target.range)
                continue
            }
            if schema.targets.contains(resolvedTarget) {
                bag.error("target '\(target.text)' is listed twice", hint: "remove the repeated target", at: target.range)
            } else {
                schema.targets.append(resolvedTarget)
            }
        }
    }

    // MARK: Declarations

    /// Records every top-level name, reporting duplicates (entities, enums, types and caches share
    /// one name space so generated code never has two things of one name).
    mutating func collectDeclarations() {
        var seen: [String: (kind: String, range: SourceRange)] = [:]
        func declare(_ name: NameSyntax, kind: String, into bag: inout DiagnosticBag) -> Bool {
            guard !name.text.isEmpty else { return false }
            if let earlier = seen[name.text] {
                let line = syntax.file.location(of: earlier.range.start).line
                let article = earlier.kind.first.map { "aeiou".contains($0) } == true ? "an" : "a"
                bag.error("\(kind) '\(name.text)' is already declared as \(article) \(earlier.kind) on line \(line)",
                          hint: "rename one of them", at: name.range)
                return false
            }
            seen[name.text] = (kind, name.range)
            return true
        }
        for declaration in syntax.declarations {
            switch declaration {
            case .entity(let entity):
                if declare(entity.name, kind: entity.kind.rawValue, into: &bag) {
                    entitySyntax[entity.name.text] = (entity, nil)
                }
            case .namespace(let namespace):
                for entity in namespace.entities where declare(entity.name, kind: entity.kind.rawValue, into: &bag) {
                    entitySyntax[entity.name.text] = (entity, namespace)
                }
            case .enumeration(let enumeration):
                if declare(enumeration.name, kind: "enum", into: &bag) { enumSyntax[enumeration.name.text] = enumeration }
            case .type(let type):
                if Self.builtinTypeNames.contains(type.name.text) {
                    bag.error("'\(type.name.text)' is a builtin type and cannot be redeclared",
                              hint: "choose another name for the nested type", at: type.name.range)
                } else if declare(type.name, kind: "type", into: &bag) {
                    typeSyntax[type.name.text] = type
                }
            case .cache(let cache):
                _ = declare(cache.name, kind: "cache", into: &bag)
            }
        }
    }

    /// A ", did you mean 'x'?" suffix when a candidate is close to the name.
    static func suggestion(for name: String, among candidates: [String]) -> String {
        let best = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
            .filter { $0.1 <= max(1, name.count / 3) }
            .min { $0.1 < $1.1 }
        return best.map { "; did you mean '\($0.0)'?" } ?? ""
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    // MARK: Lifecycle

    func resolveAbout(_ about: AboutSyntax) -> Lifecycle {
        var lifecycle = Lifecycle()
        for entry in about.entries {
            switch entry.section {
            case .represents: lifecycle.represents.append(entry.text.value)
            case .grows: lifecycle.grows.append(entry.text.value)
            case .cleaned: lifecycle.cleaned.append(entry.text.value)
            case .touchedBy: lifecycle.touchedBy.append(entry.text.value)
            }
        }
        return lifecycle
    }
}

/// Parses and checks schema source in one call.
public enum SchemaCompiler {
    /// Parses and checks one file's text. The schema is nil when there are errors; diagnostics
    /// come sorted by position.
    public static func compile(path: String, text: String) -> (schema: Schema?, diagnostics: [Diagnostic], syntax: SchemaFileSyntax) {
        let file = SourceFile(path: path, text: text)
        let (tree, syntaxDiagnostics) = Parser.parse(file)
        let (schema, checkDiagnostics) = Checker.check(tree)
        let all = (syntaxDiagnostics + checkDiagnostics).sorted {
            ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
        }
        let hasErrors = all.contains { $0.severity == .error }
        return (hasErrors ? nil : schema, all, tree)
    }
}
