extension Checker {
    // MARK: Foreign keys

    mutating func checkReferences() {
        for pending in pendingReferences {
            guard let entity = resolved[pending.entity], let field = entity.field(named: pending.field) else { continue }
            guard let target = resolved[pending.entityName.text] else {
                if entitySyntax[pending.entityName.text] == nil {
                    bag.error("foreign key to unknown entity '\(pending.entityName.text)'",
                              hint: "declare it" + Self.suggestion(for: pending.entityName.text,
                                                                   among: Array(entitySyntax.keys).sorted()),
                              at: pending.entityName.range)
                }
                continue
            }
            guard let targetField = requireField(pending.fieldName, in: target, role: "referenced field") else { continue }
            if target.kind != entity.kind {
                bag.error("a \(entity.kind.rawValue) cannot reference a \(target.kind.rawValue)",
                          hint: "references stay among tables or among collections", at: pending.entityName.range)
                continue
            }
            let isKey = target.primaryKey == [targetField.name]
                || target.indexes.contains { $0.isUnique && $0.condition == nil && $0.fieldNames == [targetField.name] }
            if !isKey {
                bag.error("'\(target.name).\(targetField.name)' is neither the primary key nor unique, so it cannot be referenced",
                          hint: "reference \(target.name)'s primary key or mark '\(targetField.name)' unique",
                          at: pending.fieldName.range)
            }
            if Self.storageType(field.type) != Self.storageType(targetField.type) {
                bag.error("foreign key '\(field.name)' is \(field.type.spelling) but '\(target.name).\(targetField.name)' is \(targetField.type.spelling)",
                          hint: "give both fields the same type", at: pending.fieldName.range)
            }
            if target.isAppendOnly == false, entity.isAppendOnly, let action = field.reference?.onDelete,
               action == .cascade || action == .setNull {
                let change = action == .cascade ? "cascades deletes" : "sets '\(field.name)' to null on deletes"
                bag.warning("append-only '\(entity.name)' \(change) from '\(target.name)', which its rows refuse",
                            hint: "use 'on delete restrict', or drop 'append only'", at: pending.entityName.range)
            }
            warnForeignKeyActionAcrossWriters(entity: entity, field: field, target: target, at: pending.entityName.range)
        }
    }

    /// Types that store identically (string lengths aside) may reference each other.
    static func storageType(_ type: FieldType) -> FieldType {
        if case .string = type { return .string(maxLength: nil) }
        return type
    }

    mutating func warnUnindexedReferences() {
        for entity in schema.entities {
            for (field, reference) in entity.foreignKeys {
                let covered = entity.primaryKey.first == field.name
                    || entity.indexes.contains { $0.columns.first?.field == field.name && $0.condition == nil }
                if !covered {
                    bag.warning("foreign key '\(entity.name).\(field.name)' -> \(reference.entity) has no index starting with it",
                                hint: "add 'index (\(field.name))' so deletes in \(reference.entity) and joins stay fast",
                                at: rangeOf(field.location))
                }
            }
        }
    }

    /// The embedded store keeps indexes over scalars, and over an array of scalars as a lone,
    /// plain (multikey) index; other indexes exist only on the servers, so say so.
    mutating func warnIndexesWithoutStoreQueries() {
        for entity in schema.entities {
            for index in entity.indexes {
                let fields = index.fieldNames.compactMap(entity.field(named:))
                let isMultikey: Bool = {
                    guard fields.count == 1, !index.isUnique, index.condition == nil, index.ttl == nil,
                          case .array(let element) = fields[0].type else { return false }
                    return !element.isDocument && !Self.isDecimal(element)
                }()
                guard let field = fields.first(where: { $0.type.isDocument || Self.isDecimal($0.type) }), !isMultikey else { continue }
                bag.warning("index '\(index.name)' over \(field.type.spelling) field '\(field.name)' is kept by the database servers "
                            + "only; generated Swift repositories get no query method for it",
                            hint: "index scalar fields, or a lone array of scalars (a multikey index)", at: rangeOf(index.location))
            }
        }
    }

    static func isDecimal(_ type: FieldType) -> Bool {
        if case .decimal = type { return true }
        return false
    }

    // MARK: Archives

    /// An archive must hold every source field with the same type, and accept nulls the source has.
    mutating func checkArchives() {
        for (sourceName, into) in archiveChecks {
            guard let source = resolved[sourceName], let archive = resolved[into.text] else { continue }
            if archive.kind != source.kind {
                bag.error("'\(source.name)' is a \(source.kind.rawValue) but archive '\(archive.name)' is a \(archive.kind.rawValue)",
                          hint: "archive into the same kind of entity", at: into.range)
                continue
            }
            for field in source.fields {
                guard let copy = archive.field(named: field.name) else {
                    bag.error("archive '\(archive.name)' has no field '\(field.name)' of '\(source.name)'",
                              hint: "declare it with 'like \(source.name)'", at: into.range)
                    continue
                }
                if Self.storageType(copy.type) != Self.storageType(field.type) || (field.isOptional && !copy.isOptional) {
                    bag.error("archive field '\(archive.name).\(copy.name)' does not match '\(source.name).\(field.name)'",
                              hint: "declare it as \(field.type.spelling)\(field.isOptional ? "?" : "")", at: into.range)
                }
            }
            if let owner = source.access.owner, archive.access.owner != owner {
                bag.error("archive '\(archive.name)' of owner-scoped '\(source.name)' is not scoped by '\(owner)'",
                          hint: "declare it with 'like \(source.name)', or add 'access { owner \(owner) }'", at: into.range)
            }
            for field in archive.fields where source.field(named: field.name) == nil && field.isRequiredOnInsert {
                bag.error("archive '\(archive.name)' requires field '\(field.name)', which '\(source.name)' does not have",
                          hint: "make it optional or give it a default", at: into.range)
            }
        }
    }

    // MARK: Nested types

    /// A type may not contain itself through required, non-array fields (it would be infinite).
    mutating func checkNestedTypeCycles() {
        var state: [String: Int] = [:] // 1 visiting, 2 done
        func visit(_ name: String, path: [String], bag: inout DiagnosticBag) {
            if state[name] == 2 { return }
            if state[name] == 1 {
                if let type = schema.type(named: name) {
                    let cycle = (path.drop(while: { $0 != name }) + [name]).joined(separator: " -> ")
                    bag.error("type '\(name)' contains itself: \(cycle)",
                              hint: "make one field optional or an array to end the nesting", at: rangeOf(type.location))
                }
                return
            }
            state[name] = 1
            for field in schema.type(named: name)?.fields ?? [] where !field.isOptional {
                if case .nested(let inner) = field.type { visit(inner, path: path + [name], bag: &bag) }
            }
            state[name] = 2
        }
        var found = bag
        for type in schema.types { visit(type.name, path: [], bag: &found) }
        bag = found
    }

    // MARK: Names

    /// Physical names must be unique and usable in every target; Swift names must not collide.
    mutating func checkNames() {
        var physical: [String: String] = [:]
        var indexNames: [String: String] = [:]
        checkSwiftTypeNames()
        for entity in schema.entities {
            let range = rangeOf(entity.location)
            if let other = physical[entity.physicalName.lowercased()] {
                bag.error("'\(entity.name)' and '\(other)' have the same physical name '\(entity.physicalName)'",
                          hint: "give one of them another name with 'named'", at: range)
            }
            physical[entity.physicalName.lowercased()] = entity.name
            checkIdentifier(entity.physicalName, what: "name of '\(entity.name)'", entity: entity, at: range)
            var properties: [String: String] = [:]
            var parameters: [String: String] = [:]
            var columns: [String: String] = [:]
            for field in entity.fields {
                let fieldRange = rangeOf(field.location)
                let property = SwiftNaming.memberName(field.name)
                let parameter = SwiftSchemaNames.parameter(property)
                if let other = properties[property] {
                    bag.error("fields '\(other)' and '\(field.name)' would both be Swift property '\(property)'",
                              hint: "rename one of them", at: fieldRange)
                } else if let other = parameters[parameter] {
                    bag.error("fields '\(other)' and '\(field.name)' would both be Swift parameter '\(parameter)'",
                              hint: "rename one of them", at: fieldRange)
                }
                properties[property] = field.name
                parameters[parameter] = parameters[parameter] ?? field.name
                if let other = columns[field.physicalName.lowercased()] {
                    bag.error("fields '\(other)' and '\(field.name)' have the same physical name '\(field.physicalName)'",
                              hint: "change one 'named'", at: fieldRange)
                }
                columns[field.physicalName.lowercased()] = field.name
                checkIdentifier(field.physicalName, what: "field '\(field.name)'", entity: entity, at: fieldRange)
            }
            for index in entity.indexes {
                let indexRange = rangeOf(index.location)
                if entity.kind == .table, let other = indexNames[index.name.lowercased()] {
                    bag.error("index name '\(index.name)' is already used by \(other)",
                              hint: "name one with named \"...\"", at: indexRange)
                }
                if entity.kind == .table { indexNames[index.name.lowercased()] = "'\(entity.name)'" }
                if entity.kind == .table && index.name.utf8.count > 63 {
                    bag.error("index name '\(index.name)' is longer than 63 bytes, PostgreSQL's limit",
                              hint: "give it a shorter name with named \"...\"", at: indexRange)
                }
                let duplicates = entity.indexes.filter { $0.columns == index.columns && $0.condition == index.condition }
                if duplicates.count > 1, duplicates.first?.location == index.location {
                    bag.warning("'\(entity.name)' has \(duplicates.count) indexes on (\(index.fieldNames.joined(separator: ", ")))",
                                hint: "drop the repeated index", at: rangeOf(duplicates[1].location))
                }
            }
        }
    }

    /// Generated Swift declares each type once and shadows no imported type: the names come from
    /// ``SwiftSchemaNames``, the authority the Swift emitter writes them with.
    mutating func checkSwiftTypeNames() {
        for conflict in SwiftSchemaNames(schema).conflicts {
            let range = rangeOf(conflict.location ?? SourceLocation(path: syntax.file.path, line: 1, column: 1))
            if let second = conflict.second {
                bag.error("\(second) and \(conflict.first) would both be Swift \(conflict.kind) '\(conflict.swiftName)'",
                          hint: "rename one of them", at: range)
            } else {
                bag.error("\(conflict.first) would be Swift type '\(conflict.swiftName)', which the runtime, Swift or Foundation already declares",
                          hint: "rename it", at: range)
            }
        }
        for enumeration in schema.enums {
            var cases: [String: String] = [:]
            for enumCase in enumeration.cases {
                let name = SwiftNaming.memberName(enumCase.name)
                if let other = cases[name] {
                    bag.error("cases '\(other)' and '\(enumCase.name)' of enum '\(enumeration.name)' would both be Swift case '\(name)'",
                              hint: "rename one of them", at: rangeOf(enumeration.location))
                }
                cases[name] = enumCase.name
            }
        }
    }

    mutating func checkIdentifier(_ name: String, what: String, entity: Entity, at range: SourceRange) {
        let lower = name.lowercased()
        guard entity.kind == .table else { return }
        if lower.hasPrefix("sqlite_") || lower.hasPrefix("pg_") {
            bag.error("the \(what) '\(name)' starts with a prefix SQLite or PostgreSQL reserves for itself",
                      hint: "rename it", at: range)
        } else if name.utf8.count > 63 {
            bag.error("the \(what) '\(name)' is longer than 63 bytes, PostgreSQL's limit", hint: "shorten it", at: range)
        } else if SQLReservedWords.all.contains(lower) {
            bag.warning("the \(what) '\(name)' is a reserved word in SQL",
                        hint: "generated SQL quotes it, but hand-written queries must too; consider another name",
                        at: range)
        }
    }

    mutating func warnUnusedTargets() {
        guard let header = syntax.header, let range = header.targetsRange else { return }
        if schema.targets(.mongo) && schema.collections.isEmpty {
            bag.warning("target 'mongo' generates nothing: the schema has no collections",
                        hint: "remove the target or declare collections", at: range)
        }
        if schema.targets.contains(where: \.isSQL) && schema.tables.isEmpty {
            bag.warning("SQL targets generate nothing: the schema has no tables",
                        hint: "remove the SQL targets or declare tables", at: range)
        }
    }

    // MARK: Caches

    mutating func resolveCache(_ syntax: CacheSyntax) {
        var key: StringSyntax?, ttl: TimeSpan?, value: FieldType?
        var parameters: [Field] = []
        var ok = true
        for item in syntax.items {
            switch item.kind {
            case .key(let string):
                if key != nil { bag.error("the cache's key is given twice", hint: "keep one", at: item.range); ok = false }
                key = string
            case .ttl(let span):
                if ttl != nil { bag.error("the cache's ttl is given twice", hint: "keep one", at: item.range); ok = false }
                ttl = span.span
                if (span.span?.seconds ?? 1) <= 0 { bag.error("a cache ttl must be positive", hint: "write ttl 1h", at: span.range) }
            case .value(let type):
                if value != nil { bag.error("the cache's value is given twice", hint: "keep one", at: item.range); ok = false }
                if let (type, _) = resolveType(type, owner: syntax.name.text, field: "value") { value = type } else { ok = false }
            case .parameter(let fieldSyntax):
                guard let (field, _) = resolveField(fieldSyntax, trivia: item.trivia, owner: syntax.name.text) else { ok = false; continue }
                if field.type.isDocument || field.isOptional {
                    bag.error("key parameter '\(field.name)' must be a required scalar", hint: "use int64, string or uuid",
                              at: fieldSyntax.name.range)
                    ok = false
                }
                if parameters.contains(where: { $0.name == field.name }) {
                    bag.error("parameter '\(field.name)' is declared twice", hint: "keep one", at: fieldSyntax.name.range)
                    ok = false
                }
                parameters.append(field)
            }
        }
        let range = syntax.name.range
        guard let key else { bag.error("cache '\(syntax.name.text)' has no key", hint: "add key \"prefix:{param}\"", at: range); return }
        guard let ttl else { bag.error("cache '\(syntax.name.text)' has no ttl", hint: "add ttl 1h", at: range); return }
        guard let value else {
            if ok { bag.error("cache '\(syntax.name.text)' has no value type", hint: "add value json", at: range) }
            return
        }
        let placeholders = Self.placeholders(in: key.value)
        for placeholder in placeholders where !parameters.contains(where: { $0.name == placeholder }) {
            bag.error("the key uses '{\(placeholder)}', which is not a declared parameter",
                      hint: "declare it: \(placeholder) string", at: key.range)
            ok = false
        }
        for parameter in parameters where !placeholders.contains(parameter.name) {
            bag.error("parameter '\(parameter.name)' is not used in the key", hint: "add {\(parameter.name)} to the key",
                      at: rangeOf(parameter.location))
            ok = false
        }
        guard ok else { return }
        schema.caches.append(CacheSpace(name: syntax.name.text, keyTemplate: key.value, ttl: ttl, valueType: value,
                                        parameters: parameters, doc: syntax.trivia.doc, location: location(range)))
    }
}

/// Words reserved in SQL (SQLite, PostgreSQL or MySQL): names that must always be quoted.
enum SQLReservedWords {
    static let all: Set<String> = [
        "add", "all", "alter", "and", "as", "asc", "between", "by", "case", "check", "column", "constraint",
        "create", "cross", "current_date", "current_time", "current_timestamp", "current_user", "default",
        "delete", "desc", "distinct", "drop", "else", "exists", "foreign", "from", "full", "grant", "group",
        "having", "in", "index", "inner", "insert", "interval", "into", "is", "join", "key", "left", "like",
        "limit", "natural", "not", "null", "offset", "on", "or", "order", "outer", "primary", "references",
        "right", "rows", "select", "set", "table", "then", "to", "union", "unique", "update", "user", "using",
        "values", "when", "where", "with",
    ]
}
