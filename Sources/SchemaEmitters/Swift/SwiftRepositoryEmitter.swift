import SchemaLanguage

/// Emits `Repositories/<Model>Repository.swift`: typed reads, queries and writes of one entity.
struct SwiftRepositoryEmitter {
    let names: SwiftNames
    let entity: SwiftEntity
    var model: String { entity.typeName }
    var ops: String { "RecordOperations<\(model)>" }

    func emit() -> [String] {
        var lines = SwiftCode.doc(entity.entity.doc, fallback: "The `\(entity.entity.name)` records.")
        lines.append("///")
        if entity.isScoped {
            let labels = entity.scopeFields.map(\.physical).joined(separator: ", ")
            lines.append(SwiftCode.docLine("Reached only through a scope bound to one \(entity.entity.access.owner != nil ? "owner" : "partition") (`\(labels)`):"))
            lines.append("/// every method reads and writes that scope's records alone.")
        } else {
            lines.append("/// Reads work through any access; writes need the capability the schema's access rules name.")
        }
        lines += ["public struct \(entity.repositoryName)<Access: ReadAccess> {",
                  "    /// How the repository reaches the store.",
                  "    public let access: Access",
                  "    let scope: Scope?",
                  "", "    init(access: Access, scope: Scope?) {",
                  "        self.access = access", "        self.scope = scope", "    }", "}", ""]
        lines += reads()
        lines += writes()
        return lines
    }

    // MARK: Reads

    private var keyParameters: String { entity.primaryKey.map { "\($0.parameter): \($0.baseType)" }.joined(separator: ", ") }
    private var keyValues: String { "[\(entity.primaryKey.map { "\($0.parameter).storeValue" }.joined(separator: ", "))]" }

    /// The index whose leading columns are the scope, used to list a scope.
    private var scopeIndex: Index? {
        guard entity.isScoped else { return nil }
        let scope = Set(entity.scopeFields.map(\.field.name))
        return entity.storedIndexes.first { index in
            index.condition == nil && index.fieldNames.count >= scope.count && Set(index.fieldNames.prefix(scope.count)) == scope
        }
    }

    private func reads() -> [String] {
        var lines = ["extension \(entity.repositoryName) {"]
        lines += [SwiftCode.docLine("The record with this primary key\(entity.isScoped ? " (nil outside the scope)" : "").", indent: "    "),
                  "    public func get(\(keyParameters)) throws -> \(model)? {",
                  "        try access.withSnapshot { try \(ops).get(primaryKey: \(keyValues), in: $0, scope: scope) }",
                  "    }"]
        var seen: Set<[String]> = [entity.entity.primaryKey]
        for index in entity.storedIndexes where index.isUnique && index.condition == nil {
            guard seen.insert(index.fieldNames).inserted else { continue }
            let fields = index.fieldNames.compactMap(entity.field(named:))
            lines += ["", SwiftCode.docLine("The record with these values of the unique key `\(index.name)`.", indent: "    "),
                      "    public func get(\(fields.map { "\($0.parameter): \($0.baseType)" }.joined(separator: ", "))) throws -> \(model)? {",
                      "        try access.withSnapshot {",
                      "            try \(ops).get(index: \(SwiftCode.literal(index.name)), key: [\(fields.map { "\($0.parameter).storeValue" }.joined(separator: ", "))], in: $0, scope: scope)",
                      "        }", "    }"]
        }
        lines += ["", SwiftCode.docLine("The number of records\(entity.isScoped ? " in the scope" : "").", indent: "    "),
                  "    public func count() throws -> Int {",
                  "        try access.withSnapshot { try \(ops).count(in: $0, scope: scope, index: \(scopeIndex.map { SwiftCode.literal($0.name) } ?? "nil")) }",
                  "    }"]
        lines += ["", SwiftCode.docLine("Every record\(entity.isScoped ? " of the scope" : ""), in \(scopeIndex == nil ? "primary-key" : "`\(scopeIndex!.name)`") order.", indent: "    "),
                  "    public func all(order: QueryOrder = .indexOrder) -> Query<\(model), Access> {"]
        if let index = scopeIndex {
            lines.append("        Query(access: access, index: \(SwiftCode.literal(index.name)), keyPositions: \(keyPositions(index)), prefix: scope?.values ?? [], order: order, scope: nil)")
        } else {
            lines.append("        Query(access: access, index: nil, keyPositions: \(keyPositions(nil)), prefix: [], order: order, scope: scope)")
        }
        lines.append("    }")
        lines += queries()
        lines += multikeyQueries()
        lines += ["}", ""]
        return lines
    }

    private func keyPositions(_ index: Index?) -> String {
        let columns = (index?.fieldNames ?? []).compactMap { entity.field(named: $0)?.position } + entity.primaryKey.map(\.position)
        return "[\(columns.map(String.init).joined(separator: ", "))]"
    }

    private func queries() -> [String] {
        var lines: [String] = []
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
            let name = "by" + remaining.map { SwiftNaming.typeName($0) }.joined()
            guard seen.insert(name).inserted else { continue }
            let descending = Dictionary(index.columns.map { ($0.field, $0.descending) }, uniquingKeysWith: { first, _ in first })
            for prefixLength in 0...fields.count {
                var parameters = fields.prefix(prefixLength).map { "\($0.parameter): \($0.type)" }
                var doc = "Records in `\(index.name)` order"
                if prefixLength > 0 { doc += " with these values of \(fields.prefix(prefixLength).map { "`\($0.physical)`" }.joined(separator: ", "))" }
                var range = "nil"
                if prefixLength < fields.count {
                    let next = fields[prefixLength]
                    parameters.append("\(next.parameter): KeyRange<\(next.baseType)>? = nil")
                    doc += ", optionally within a range of `\(next.physical)`"
                    range = "\(next.parameter)?.bounds(descending: \(descending[next.field.name] ?? false))"
                }
                if let condition = index.condition { doc += " (only records where \(describe(condition)))" }
                parameters.append("order: QueryOrder = .indexOrder")
                let prefix = (entity.isScoped ? ["(scope?.values ?? [])"] : [])
                    + (prefixLength > 0 ? ["[\(fields.prefix(prefixLength).map { "\($0.parameter).storeValue" }.joined(separator: ", "))]"] : [])
                lines += ["", SwiftCode.docLine(doc + ".", indent: "    "),
                          "    public func \(name)(\(parameters.joined(separator: ", "))) -> Query<\(model), Access> {",
                          "        Query(access: access, index: \(SwiftCode.literal(index.name)), keyPositions: \(keyPositions(index)),",
                          "              prefix: \(prefix.isEmpty ? "[]" : prefix.joined(separator: " + ")), range: \(range), order: order, scope: nil)",
                          "    }"]
            }
        }
        return lines
    }

    private func multikeyQueries() -> [String] {
        var lines: [String] = []
        for (position, index) in entity.multikeyIndexes.enumerated() {
            let field = index.field
            let name = "by" + SwiftNaming.typeName(field.field.name)
            lines += ["", SwiftCode.docLine("Records whose `\(field.physical)` holds this element (multikey index `\(index.index.name)`), in primary-key order.", indent: "    "),
                      "    public func \(name)(\(field.parameter): \(SwiftNames.swiftType(index.element)), order: QueryOrder = .indexOrder) -> Query<\(model), Access> {",
                      "        Query(access: access, multikey: \(model).multikeyIndexes[\(position)], element: \(field.parameter).storeValue, order: order, scope: scope)",
                      "    }"]
        }
        return lines
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

    // MARK: Writes

    private func writes() -> [String] {
        var lines: [String] = []
        let insert = entity.capability(.insert), update = entity.capability(.update), delete = entity.capability(.delete)
        let call = "try access.withTransaction { tx in"
        if let constraint = insert.constraint {
            lines += ["extension \(entity.repositoryName) where Access: \(constraint) {",
                      "    /// Inserts `record`: applies defaults and auto-updated timestamps, validates (throwing a",
                      "    /// `ValidationError` that lists every failure, writing nothing), assigns an auto-increment",
                      "    /// key and returns the record as stored. Unique keys and foreign keys throw `StoreError`s.",
                      "    @discardableResult",
                      "    public func insert(_ record: \(model)) throws -> \(model) {",
                      "        \(call) try \(ops).insert(record, in: tx, now: access.now, scope: scope) }",
                      "    }", "",
                      "    /// The stored record with `record`'s primary key or any of its unique keys; otherwise",
                      "    /// inserts `record`. Returns the record and whether it was created.",
                      "    @discardableResult",
                      "    public func getOrCreate(_ record: \(model)) throws -> (record: \(model), created: Bool) {",
                      "        \(call) try \(ops).getOrCreate(record, in: tx, now: access.now, scope: scope) }",
                      "    }", "}", ""]
        }
        if let constraint = update.constraint {
            lines += ["extension \(entity.repositoryName) where Access: \(constraint) {",
                      "    /// Replaces the stored record with `record`'s primary key (validated; throws",
                      "    /// `RecordError.notFound` when there is none) and returns it as stored.",
                      "    @discardableResult",
                      "    public func update(_ record: \(model)) throws -> \(model) {",
                      "        \(call) try \(ops).update(record, in: tx, now: access.now, scope: scope) }",
                      "    }", "",
                      "    /// Reads the record with this key, applies `change` and writes it back in one transaction;",
                      "    /// returns the stored result, or nil when there is no such record.",
                      "    @discardableResult",
                      "    public func update(\(keyParameters), _ change: (inout \(model)) throws -> Void) throws -> \(model)? {",
                      "        \(call) try \(ops).modify(primaryKey: \(keyValues), in: tx, now: access.now, scope: scope, change) }",
                      "    }"]
            for field in entity.fields {
                guard let cap = field.field.keepNewest, case .array(let element) = field.field.type else { continue }
                let method = "appendTo\(SwiftNaming.typeName(field.field.name))"
                lines += ["", SwiftCode.docLine("Appends to `\(field.physical)` of the record with this key, keeping the newest \(cap) elements.", indent: "    "),
                          "    @discardableResult",
                          "    public func \(method)(_ elements: [\(SwiftNames.swiftType(element))], \(keyParameters)) throws -> \(model)? {",
                          "        try update(\(entity.primaryKey.map { "\($0.bareParameter): \($0.parameter)" }.joined(separator: ", "))) { $0.\(method)(elements) }",
                          "    }"]
            }
            lines += ["}", ""]
        }
        if let insertConstraint = insert.constraint, let updateConstraint = update.constraint {
            let constraint = insertConstraint == updateConstraint ? insertConstraint : "\(insertConstraint) & \(updateConstraint)"
            lines += ["extension \(entity.repositoryName) where Access: \(constraint) {",
                      "    /// Inserts `record`, or replaces the stored record with its primary key or any of its unique",
                      "    /// keys (keeping the stored primary key and insert defaults). Returns the record as stored.",
                      "    @discardableResult",
                      "    public func upsert(_ record: \(model)) throws -> \(model) {",
                      "        \(call) try \(ops).upsert(record, in: tx, now: access.now, scope: scope) }",
                      "    }", "}", ""]
        }
        if let constraint = delete.constraint {
            lines += ["extension \(entity.repositoryName) where Access: \(constraint) {",
                      "    /// Deletes the record with this key, applying the schema's on-delete actions to referencing",
                      SwiftCode.docLine("records; returns whether it existed\(entity.isScoped ? " in the scope" : "").", indent: "    "),
                      "    @discardableResult",
                      "    public func delete(\(keyParameters)) throws -> Bool {",
                      "        \(call) try \(ops).delete(primaryKey: \(keyValues), in: tx, scope: scope) }",
                      "    }", "}", ""]
        }
        let rules = SwiftRetention(names: names, entity: entity).actions()
        if !rules.isEmpty {
            let visibility = entity.isScoped ? "" : "public "
            lines += ["extension \(entity.repositoryName) where Access: WriteAccess {",
                      SwiftCode.docLine("The retention rules of `\(entity.entity.name)`:", indent: "    ")]
            lines += entity.entity.retention.filter(\.isJob).map { SwiftCode.docLine("- `\($0.source)`", indent: "    ") }
            lines += SwiftRetention(names: names, entity: entity).ttlSources().map { SwiftCode.docLine("- `\($0)`", indent: "    ") }
            lines += ["    static var retentionRules: [RetentionAction] {", "        ["]
            lines += rules.map { "            \($0)," }
            lines += ["        ]", "    }", "",
                      SwiftCode.docLine("Applies every retention rule\(entity.isScoped ? " to all scopes" : "") in one transaction and reports what it did.", indent: "    "),
                      "    \(visibility)func sweep(now: Date) throws -> SweepReport {",
                      "        try access.withTransaction { tx in",
                      "            try Retention.sweep(entity: \(model).entityName, table: \(model).tableName,",
                      "                                primaryKey: \(model).primaryKeyPositions, rules: Self.retentionRules, in: tx, now: now)",
                      "        }", "    }", "}", ""]
        }
        return lines
    }
}
