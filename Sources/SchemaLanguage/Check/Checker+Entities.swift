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
                            namespace: namespace?.name.text, doc: syntax.trivia.doc, location: location(syntax.name.range))
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
            copy.reference = nil
            return copy
        }
        entity.primaryKey = source.primaryKey
    }

    mutating func resolveMembers(_ syntax: EntitySyntax, into entity: inout Entity) {
        var primaryFromAttributes: [(String, SourceRange)] = []
        var primaryMember: ([NameSyntax], SourceRange)?
        var fieldIndexes: [Index] = []
        var sawRetain = false, sawAccess = false, sawAbout = false, sawPartition = false
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
                                              location: location(range)))
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
                if sawRetain { duplicateBlock("retain", member.range) }
                sawRetain = true
                resolveRetention(retain, into: &entity)
            case .access(let access):
                if sawAccess { duplicateBlock("access", member.range) }
                sawAccess = true
                entity.access = resolveAccess(access, of: entity)
            case .about(let about):
                if sawAbout { duplicateBlock("about", member.range) }
                sawAbout = true
                entity.about = resolveAbout(about)
            case .partition(let names):
                if sawPartition { duplicateBlock("partition", member.range) }
                sawPartition = true
                resolvePartition(names, syntax: syntax, into: &entity, at: member.range)
            }
        }
        entity.indexes = fieldIndexes + entity.indexes
        resolvePrimaryKey(entity: &entity, attributes: primaryFromAttributes, member: primaryMember, syntax: syntax)
        checkAutoFields(entity, syntax: syntax)
        checkPlaceholders(entity, syntax: syntax)
        checkRetentionConsistency(entity)
    }

    mutating func duplicateBlock(_ what: String, _ range: SourceRange) {
        bag.error("a second '\(what)' block", hint: "merge it into the first one", at: range)
    }

    mutating func resolvePrimaryKey(entity: inout Entity, attributes: [(String, SourceRange)],
                                    member: ([NameSyntax], SourceRange)?, syntax: EntitySyntax) {
        if attributes.count > 1 {
            bag.error("'\(entity.name)' marks \(attributes.count) fields 'primary'",
                      hint: "for a composite key write 'primary (\(attributes.map(\.0).joined(separator: ", ")))'",
                      at: attributes[1].1)
            return
        }
        if let (names, range) = member {
            if let attribute = attributes.first {
                bag.error("'\(entity.name)' has both a primary field and a 'primary (...)' line",
                          hint: "keep one of them", at: attribute.1)
                return
            }
            var keys: [String] = []
            for name in names {
                guard let field = requireField(name, in: entity, role: "primary-key field") else { continue }
                if keys.contains(name.text) {
                    bag.error("'\(name.text)' appears twice in the primary key", hint: "list each field once", at: name.range)
                }
                if field.isOptional {
                    bag.error("primary-key field '\(name.text)' cannot be optional", hint: "drop the '?'", at: name.range)
                }
                keys.append(name.text)
            }
            if names.isEmpty { bag.error("the primary key lists no fields", hint: "write primary (a, b)", at: range) }
            entity.primaryKey = keys
        } else if let (name, range) = attributes.first {
            if entity.field(named: name)?.isOptional == true {
                bag.error("primary-key field '\(name)' cannot be optional", hint: "drop the '?'", at: range)
            }
            entity.primaryKey = [name]
        }
        for key in entity.primaryKey {
            if let field = entity.field(named: key), field.type.isDocument {
                bag.error("primary-key field '\(key)' is \(field.type.spelling), which cannot be a key",
                          hint: "key on a scalar field", at: syntax.name.range)
            }
        }
        if entity.primaryKey.isEmpty {
            let example = entity.kind == .collection ? "id objectid primary auto named \"_id\"" : "id int64 primary auto"
            bag.error("\(entity.kind.rawValue) '\(entity.name)' has no primary key",
                      hint: "mark a field 'primary' (e.g. \(example)) or add 'primary (a, b)'", at: syntax.name.range)
        }
    }

    mutating func checkAutoFields(_ entity: Entity, syntax: EntitySyntax) {
        for field in entity.fields where field.isAuto && field.type.isInteger {
            if entity.primaryKey != [field.name] {
                bag.error("auto-increment field '\(field.name)' must be the whole primary key",
                          hint: "mark it 'primary', or drop 'auto'", at: rangeOfField(field.name, in: syntax))
            }
        }
        let autoIntegers = entity.fields.filter { $0.isAuto && $0.type.isInteger }
        if autoIntegers.count > 1 {
            bag.error("'\(entity.name)' has more than one auto-increment field", hint: "keep one",
                      at: rangeOfField(autoIntegers[1].name, in: syntax))
        }
    }

    func rangeOfField(_ name: String, in syntax: EntitySyntax) -> SourceRange {
        for member in syntax.members {
            if case .field(let field) = member.kind, field.name.text == name { return field.name.range }
        }
        return syntax.name.range
    }

    /// The field a name refers to, or an error naming the entity's fields.
    mutating func requireField(_ name: NameSyntax, in entity: Entity, role: String) -> Field? {
        if let field = entity.field(named: name.text) { return field }
        bag.error("\(role) '\(name.text)' is not a field of '\(entity.name)'",
                  hint: "fields are " + entity.fields.map(\.name).prefix(12).joined(separator: ", ")
                    + Self.suggestion(for: name.text, among: entity.fields.map(\.name)), at: name.range)
        return nil
    }

    func indexName(_ entity: Entity, _ fields: [String], unique: Bool) -> String {
        "\(unique ? "uq" : "idx")_\(entity.physicalName.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""))_\(fields.joined(separator: "_"))"
    }

    mutating func resolveIndex(_ syntax: IndexSyntax, of entity: Entity, at range: SourceRange) -> Index? {
        var columns: [IndexColumn] = []
        var ok = true
        for column in syntax.columns {
            guard let field = requireField(column.name, in: entity, role: "indexed field") else { ok = false; continue }
            if columns.contains(where: { $0.field == column.name.text }) {
                bag.error("'\(column.name.text)' appears twice in the index", hint: "list each field once", at: column.name.range)
                ok = false
            }
            if entity.kind == .table && field.type.isDocument {
                bag.error("table column '\(field.name)' is \(field.type.spelling), stored as JSON, and cannot be indexed",
                          hint: "index a scalar column", at: column.name.range)
                ok = false
            }
            columns.append(IndexColumn(field: column.name.text, descending: column.descending))
        }
        if syntax.columns.isEmpty {
            bag.error("the index lists no fields", hint: "write index (field)", at: range)
            return nil
        }
        if let written = syntax.name, !checkWrittenName(written, what: "an index name") { ok = false }
        var condition: Condition?
        if let written = syntax.condition { condition = resolveCondition(written, in: entity) }
        var ttl: TimeSpan?
        if let written = syntax.ttl {
            ttl = written.span
            if columns.count != 1 {
                bag.error("a TTL index has exactly one field", hint: "write index (created_at) ttl 30d", at: written.range)
                ok = false
            } else if let field = entity.field(named: columns[0].field), field.type != .timestamp {
                bag.error("TTL index field '\(field.name)' is \(field.type.spelling), not timestamp",
                          hint: "TTL expires documents by a timestamp field", at: written.range)
                ok = false
            }
        }
        guard ok else { return nil }
        let isUnique = syntax.isUnique
        return Index(name: syntax.name?.value ?? indexName(entity, columns.map(\.field), unique: isUnique),
                     columns: columns, isUnique: isUnique, condition: condition, ttl: ttl,
                     isNamed: syntax.name != nil, previousNames: syntax.previousName.map { [$0.value] } ?? [],
                     location: location(range))
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
