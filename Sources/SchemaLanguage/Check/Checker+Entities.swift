// Entities: tables and collections, `like` copies, members, partitions and name templates.
extension Checker {
    /// The table every SQL database of a schema records applied migrations in (`schemagen migrate`).
    public static let migrationsTable = "schemagen_migrations"

    /// Resolves an entity (its `like` source first), memoised in ``resolved``.
    mutating func resolveEntity(named name: String) -> Entity? {
        if let entity = resolved[name] { return entity }
        guard let (syntax, namespace) = entitySyntax[name] else { return nil }
        guard resolving.insert(name).inserted else {
            bag.error("'\(name)' copies itself through 'like'", hint: "break the cycle of 'like' clauses",
                      at: syntax.like?.range ?? syntax.name.range)
            return nil
        }
        defer { resolving.remove(name) }
        if let named = syntax.physicalName { checkWrittenName(named, what: "a physical name") }
        var entity = Entity(name: name, kind: syntax.kind, physicalName: physicalName(syntax, namespace),
                            namespace: namespace?.name.text, doc: syntax.trivia.doc, range: syntax.name.range)
        if let previous = syntax.previousName { entity.previousNames = [previous.text] }
        if entity.physicalName.lowercased() == Checker.migrationsTable {
            bag.error("'\(entity.physicalName)' is the table schemagen keeps applied migrations in",
                      hint: "choose another name, or add 'named \"...\"'", at: syntax.physicalName?.range ?? syntax.name.range)
        }
        if let like = syntax.like { copyFields(from: like, into: &entity) }
        resolveMembers(syntax, into: &entity)
        // `like` copies the owner too: an archive of owner-scoped rows stays owner-scoped.
        if entity.access.owner == nil, let source = entity.copiedFrom.flatMap({ resolved[$0] }),
           let owner = source.access.owner, entity.field(named: owner) != nil {
            entity.access.owner = owner
        }
        if entity.access.owner == nil, let namespace, let owner = namespace.owner {
            if let field = entity.field(named: owner.text) {
                entity.access.owner = owner.text
                if field.isOptional {
                    bag.error("owner field '\(owner.text)' of '\(name)' must be required",
                              hint: "every row needs an owner: drop the '?'", at: syntax.name.range)
                }
            } else {
                bag.error("'\(name)' has no field '\(owner.text)', the owner of namespace '\(namespace.name.text)'",
                          hint: "add '\(owner.text)' to '\(name)'", at: syntax.name.range)
            }
        }
        resolved[name] = entity
        return entity
    }

    func physicalName(_ syntax: EntitySyntax, _ namespace: NamespaceSyntax?) -> String {
        if let named = syntax.physicalName { return named.value }
        if let namespace { return "\(namespace.name.text)_\(syntax.name.text)" }
        return syntax.name.text
    }

    /// `like`: copies fields and primary key; drops auto, references and uniqueness.
    mutating func copyFields(from like: NameSyntax, into entity: inout Entity) {
        guard entitySyntax[like.text] != nil else {
            bag.error("'like' names unknown entity '\(like.text)'",
                      hint: "declare it" + Self.suggestion(for: like.text, among: Array(entitySyntax.keys).sorted()),
                      at: like.range)
            return
        }
        guard let source = resolveEntity(named: like.text) else { return }
        entity.copiedFrom = source.name
        entity.fields = source.fields.map { field in
            var copy = field
            copy.isAuto = false
            copy.storage.auto = nil
            copy.reference = nil
            return copy
        }
        entity.primaryKey = source.primaryKey
    }

    mutating func resolveMembers(_ syntax: EntitySyntax, into entity: inout Entity) {
        var primaryFromAttributes: [(String, SourceRange)] = []
        var primaryMember: ([NameSyntax], SourceRange)?
        var fieldIndexes: [Index] = []
        // Members an entity has at most once ('retain', 'access', … blocks, the 'pages at most' line).
        var seen: Set<String> = []
        func once(_ what: String, _ range: SourceRange, line: Bool = false) {
            guard !seen.insert(what).inserted else { return }
            bag.error("a second '\(what)' \(line ? "line" : "block")", hint: line ? "keep one" : "merge it into the first one", at: range)
        }
        let copiedNames = Set(entity.fields.map(\.name))
        // Fields first, so keys, indexes and rules may name fields declared below them.
        for member in syntax.members {
            guard case .field(let fieldSyntax) = member.kind else { continue }
            do {
                if entity.field(named: fieldSyntax.name.text) != nil {
                    let origin = copiedNames.contains(fieldSyntax.name.text) ? " (copied by 'like')" : ""
                    bag.error("'\(entity.name)' has two fields named '\(fieldSyntax.name.text)'\(origin)",
                              hint: "rename or remove one", at: fieldSyntax.name.range)
                    continue
                }
                guard let (field, extras) = resolveField(fieldSyntax, trivia: member.trivia, owner: entity.name) else { continue }
                if let range = extras.isPrimary.1 { primaryFromAttributes.append((field.name, range)) }
                if let range = extras.isUnique.1 {
                    fieldIndexes.append(Index(name: indexName(entity, [field.name], unique: true),
                                              columns: [IndexColumn(field: field.name)], isUnique: true,
                                              range: range))
                }
                if let reference = extras.reference {
                    pendingReferences.append((entity.name, field.name, reference.entity, reference.field))
                }
                entity.fields.append(field)
            }
        }
        // Retention rules below must know the key (deactivate may not change it), but the key is
        // only settled after every member is read: use the written one until then.
        let writtenKey = syntax.members.lazy.compactMap { member -> [NameSyntax]? in
            if case .primaryKey(let names) = member.kind { names } else { nil }
        }.first
        if let writtenKey {
            entity.primaryKey = writtenKey.map(\.text)
        } else if !primaryFromAttributes.isEmpty {
            entity.primaryKey = primaryFromAttributes.map(\.0)
        }
        for member in syntax.members {
            switch member.kind {
            case .field:
                continue
            case .primaryKey(let names):
                if primaryMember != nil {
                    bag.error("'\(entity.name)' declares its primary key twice", hint: "keep one 'primary (...)' line",
                              at: member.range)
                }
                primaryMember = (names, member.range)
            case .index(let index):
                if let resolvedIndex = resolveIndex(index, of: entity, at: member.range) {
                    entity.indexes.append(resolvedIndex)
                }
            case .retain(let retain):
                once("retain", member.range)
                resolveRetention(retain, into: &entity)
            case .access(let access):
                once("access", member.range)
                entity.access = resolveAccess(access, of: entity)
            case .about(let about):
                once("about", member.range)
                entity.about = resolveAbout(about)
            case .partition(let names):
                once("partition", member.range)
                resolvePartition(names, syntax: syntax, into: &entity, at: member.range)
            case .query:
                continue // resolved below, once every field is read
            case .pageLimit(let count):
                once("pages at most", member.range, line: true)
                entity.pageLimit = resolvePageLimit(count)
            }
        }
        entity.indexes = fieldIndexes + entity.indexes
        resolvePrimaryKey(entity: &entity, attributes: primaryFromAttributes, member: primaryMember, syntax: syntax)
        resolveQueries(syntax, into: &entity)
        checkAutoFields(entity, syntax: syntax)
        checkPlaceholders(entity, syntax: syntax)
        checkRetentionConsistency(entity)
    }

    mutating func resolvePartition(_ names: [NameSyntax], syntax: EntitySyntax, into entity: inout Entity, at range: SourceRange) {
        guard entity.kind == .collection else {
            bag.error("only collections can be partitioned", hint: "make '\(entity.name)' a collection or drop the line", at: range)
            return
        }
        for name in names {
            guard let field = requireField(name, in: entity, role: "partition field") else { continue }
            if field.isOptional || field.type.isDocument {
                bag.error("partition field '\(name.text)' must be a required scalar", hint: "drop the '?'", at: name.range)
            }
            entity.partitionKeys.append(name.text)
        }
    }

    /// Every `{placeholder}` of a physical name must be a partition field, and the reverse.
    mutating func checkPlaceholders(_ entity: Entity, syntax: EntitySyntax) {
        let placeholders = Self.placeholders(in: entity.physicalName)
        let range = syntax.physicalName?.range ?? syntax.name.range
        for placeholder in placeholders where !entity.partitionKeys.contains(placeholder) {
            bag.error("the name template uses '{\(placeholder)}', which is not a partition field",
                      hint: "add 'partition by \(placeholder)'", at: range)
        }
        for key in entity.partitionKeys where !placeholders.contains(key) {
            bag.error("partition field '\(key)' does not appear in the physical name",
                      hint: "write named \"\(entity.name)_{\(key)}\"", at: range)
        }
    }

    /// The `{name}` placeholders of a template, in order.
    static func placeholders(in template: String) -> [String] {
        var result: [String] = []
        var current: String?
        for character in template {
            if character == "{" { current = "" } else if character == "}" {
                if let name = current { result.append(name) }
                current = nil
            } else if current != nil {
                current?.append(character)
            }
        }
        return result
    }
}
