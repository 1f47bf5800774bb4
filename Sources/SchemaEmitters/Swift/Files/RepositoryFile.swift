import SchemaLanguage

/// `Repositories/<Model>Repository.swift`: the repository type and its reads and queries (writes
/// are in ``RepositoryWrites``).
struct RepositoryFile {
    let names: SwiftNames
    let entity: SwiftEntity
    var model: String { entity.typeName }
    var operations: String { "RecordOperations<\(model)>" }
    var queryType: String { "Query<\(model), Access>" }

    func declarations() -> [SwiftDeclaration] {
        var doc = entity.entity.doc.isEmpty ? ["The `\(entity.entity.name)` records."] : entity.entity.doc
        if entity.isScoped {
            let labels = entity.scopeFields.map(\.physical).joined(separator: ", ")
            doc += ["", "Reached only through a scope bound to one \(entity.entity.access.owner != nil ? "owner" : "partition") (`\(labels)`):",
                    "every method reads and writes that scope's records alone."]
        } else {
            doc += ["", "Reads work through any access; writes need the capability the schema's access rules name."]
        }
        let repository = SwiftTypeDeclaration(doc: doc, keyword: "public struct", name: "\(entity.repositoryName)<Access: ReadAccess>", members: [
            .property(SwiftProperty(doc: ["How the repository reaches the store."], keyword: "public let", name: "access", type: "Access")),
            .property(SwiftProperty(keyword: "let", name: "scope", type: "Scope?")),
            .function(SwiftFunction(modifiers: "", name: "init", parameters: ["access: Access", "scope: Scope?"],
                                    body: [.code("self.access = access"), .code("self.scope = scope")])),
        ])
        let reads = SwiftTypeDeclaration(keyword: "extension", name: entity.repositoryName, members: self.reads() + queries() + multikeyQueries())
        let writes = RepositoryWrites(names: names, entity: entity).declarations()
        return [.type(repository), .type(reads)] + writes + CapabilityGuidance(names: names, entity: entity).declarations(mirroring: writes)
    }

    /// `try access.withSnapshot { try RecordOperations<Model>.<call> }`.
    private func snapshotRead(_ call: String, _ arguments: [SwiftArgument]) -> SwiftStatement {
        .expression(.call("try access.withSnapshot", [], trailingClosure: SwiftClosure([.expression("try ", .call("\(operations).\(call)", arguments))])))
    }

    private var keyParameters: [String] { entity.primaryKey.map { "\($0.parameter): \($0.baseType)" } }

    private func values(_ fields: [SwiftField]) -> SwiftExpression { .array(fields.map { .code("\($0.parameter).storeValue") }) }

    /// The index whose leading columns are the scope, used to list a scope.
    private var scopeIndex: Index? {
        guard entity.isScoped else { return nil }
        let scope = Set(entity.scopeFields.map(\.field.name))
        return entity.storedIndexes.first { index in
            index.condition == nil && index.fieldNames.count >= scope.count && Set(index.fieldNames.prefix(scope.count)) == scope
        }
    }

    private func reads() -> [SwiftDeclaration] {
        let scoped = entity.isScoped
        let snapshotScope = [SwiftArgument("in", .code("$0")), SwiftArgument("scope", .code("scope"))]
        var reads: [SwiftDeclaration] = [.function(SwiftFunction(
            doc: ["The record with this primary key\(scoped ? " (nil outside the scope)" : "")."], name: "get", parameters: keyParameters,
            effects: "throws", returnType: "\(model)?",
            body: [snapshotRead("get", [SwiftArgument("primaryKey", values(entity.primaryKey))] + snapshotScope)]))]
        var seen: Set<[String]> = [entity.entity.primaryKey]
        for index in entity.storedIndexes where index.isUnique && index.condition == nil {
            guard seen.insert(index.fieldNames).inserted else { continue }
            let fields = index.fieldNames.compactMap(entity.field(named:))
            reads.append(.function(SwiftFunction(
                doc: ["The record with these values of the unique key `\(index.name)`."], name: "get",
                parameters: fields.map { "\($0.parameter): \($0.baseType)" }, effects: "throws", returnType: "\(model)?",
                body: [snapshotRead("get", [SwiftArgument("index", .string(index.name)), SwiftArgument("key", values(fields))] + snapshotScope)])))
        }
        reads.append(.function(SwiftFunction(
            doc: ["The number of records\(scoped ? " in the scope" : "")."], name: "count", effects: "throws", returnType: "Int",
            body: [snapshotRead("count", snapshotScope + [SwiftArgument("index", .optionalString(scopeIndex?.name))])])))
        let all: SwiftExpression = if let index = scopeIndex {
            query(index: index, prefix: .code("scope?.values ?? []"), range: nil, scope: .nil)
        } else {
            query(index: nil, prefix: .array([]), range: nil, scope: .code("scope"))
        }
        reads.append(.function(SwiftFunction(
            doc: ["Every record\(scoped ? " of the scope" : ""), in \(scopeIndex.map { "`\($0.name)`" } ?? "primary-key") order."],
            name: "all", parameters: ["order: QueryOrder = .indexOrder"], returnType: queryType, body: [.expression(all)])))
        return reads
    }

    /// `Query(access:index:keyPositions:prefix:range:order:scope:)`, key positions named by column.
    private func query(index: Index?, prefix: SwiftExpression, range: SwiftExpression?, scope: SwiftExpression) -> SwiftExpression {
        let columns = (index?.fieldNames ?? []).compactMap(entity.field(named:)) + entity.primaryKey
        return .call("Query", [SwiftArgument("access", .code("access")), SwiftArgument("index", .optionalString(index?.name)),
                               SwiftArgument("keyPositions", entity.columns(columns, qualified: true)), SwiftArgument("prefix", prefix)]
                     + (range.map { [SwiftArgument("range", $0)] } ?? [])
                     + [SwiftArgument("order", .code("order")), SwiftArgument("scope", scope)])
    }

    /// `by<Fields>(…)` per stored index (past the scope columns), one overload per prefix length.
    private func queries() -> [SwiftDeclaration] {
        var queries: [SwiftDeclaration] = []
        var seen: Set<String> = []
        let scopeNames = entity.scopeFields.map(\.field.name)
        for index in entity.storedIndexes {
            var remaining = index.fieldNames
            if entity.isScoped {
                guard Set(remaining.prefix(scopeNames.count)) == Set(scopeNames) else { continue }
                remaining = Array(remaining.dropFirst(scopeNames.count))
            }
            guard !remaining.isEmpty else { continue }
            let fields = remaining.compactMap(entity.field(named:))
            let name = SwiftSchemaNames.queryMethod(remaining)
            guard seen.insert(name).inserted else { continue }
            let descending = Dictionary(index.columns.map { ($0.field, $0.descending) }, uniquingKeysWith: { first, _ in first })
            for prefixLength in 0...fields.count {
                let given = Array(fields.prefix(prefixLength))
                var parameters = given.map { "\($0.parameter): \($0.type)" }
                var doc = "Records in `\(index.name)` order"
                if !given.isEmpty { doc += " with these values of \(given.map { "`\($0.physical)`" }.joined(separator: ", "))" }
                var range = SwiftExpression.nil
                if prefixLength < fields.count {
                    let next = fields[prefixLength]
                    parameters.append("\(next.parameter): KeyRange<\(next.baseType)>? = nil")
                    doc += ", optionally within a range of `\(next.physical)`"
                    range = .code("\(next.parameter)?.bounds(descending: \(descending[next.field.name] ?? false))")
                }
                if let condition = index.condition { doc += " (only records where \(describe(condition)))" }
                parameters.append("order: QueryOrder = .indexOrder")
                var prefixes: [SwiftExpression] = entity.isScoped ? [.code("(scope?.values ?? [])")] : []
                if !given.isEmpty { prefixes.append(values(given)) }
                let prefix = prefixes.dropFirst().reduce(prefixes.first ?? .array([])) { .infix($0, "+", $1) }
                queries.append(.function(SwiftFunction(doc: [doc + "."], name: name, parameters: parameters, returnType: queryType,
                                                       body: [.expression(query(index: index, prefix: prefix, range: range, scope: .nil))])))
            }
        }
        return queries
    }

    private func multikeyQueries() -> [SwiftDeclaration] {
        entity.multikeyIndexes.map { index in
            let field = index.field
            return .function(SwiftFunction(
                doc: ["Records whose `\(field.physical)` holds this element (multikey index `\(index.index.name)`), in primary-key order."],
                name: SwiftSchemaNames.queryMethod([field.field.name]),
                parameters: ["\(field.parameter): \(SwiftNames.swiftType(index.element))", "order: QueryOrder = .indexOrder"], returnType: queryType,
                body: [.expression(.call("Query", [
                    SwiftArgument("access", .code("access")), SwiftArgument("multikey", .code("\(model).\(SwiftSchemaNames.multikeyIndexProperty(field.field.name))")),
                    SwiftArgument("element", .code("\(field.parameter).storeValue")), SwiftArgument("order", .code("order")),
                    SwiftArgument("scope", .code("scope")),
                ]))]))
        }
    }

    private func describe(_ condition: Condition) -> String {
        switch condition {
        case .comparison(let field, let op, _): "`\(field)` \(op.rawValue) …"
        case .isIn(let field, _): "`\(field)` in a list"
        case .isNull(let field): "`\(field)` is null"
        case .isNotNull(let field): "`\(field)` is not null"
        case .and(let a, let b): "\(describe(a)) and \(describe(b))"
        case .or(let a, let b): "\(describe(a)) or \(describe(b))"
        case .not(let a): "not (\(describe(a)))"
        }
    }
}
