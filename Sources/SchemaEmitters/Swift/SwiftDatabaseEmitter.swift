import SchemaLanguage

/// Emits the database facade (`Database.swift`), writer capabilities (`Writers.swift`), the
/// store layout (`StoreLayout.swift`) and cache key spaces (`Caches.swift`).
struct SwiftDatabaseEmitter {
    let names: SwiftNames
    var schema: Schema { names.schema }
    var tablesProtocol: String { names.types.tablesProtocol }

    // MARK: Store layout

    func storeLayout() -> [String] {
        var lines = [SwiftCode.docLine("The store tables, indexes and foreign keys of the `\(schema.name)` schema."),
                     "public enum \(names.types.storeLayoutType) {",
                     "    /// The schema the store is opened with.",
                     "    public static let schema = StoreSchema(", "        tables: ["]
        for entity in names.entities {
            lines += table(entity)
            for index in entity.multikeyIndexes { lines += sideTable(index, of: entity) }
        }
        lines.append("        ],")
        lines.append("        keyValueSpaces: [\(schema.caches.map { SwiftCode.literal($0.name) }.joined(separator: ", "))]")
        lines += ["    )", "}"]
        return lines
    }

    private func columnType(_ type: FieldType) -> String {
        switch type {
        case .int32, .int64, .decimal: ".int"
        case .double: ".double"
        case .bool: ".bool"
        case .string, .text, .enumeration: ".string"
        case .timestamp, .date: ".timestamp"
        case .uuid: ".uuid"
        case .bytes, .json, .objectID, .nested, .array: ".bytes"
        }
    }

    private func table(_ entity: SwiftEntity) -> [String] {
        let retention = SwiftRetention(names: names, entity: entity)
        var lines = ["            TableDefinition(", "                \(SwiftCode.literal(entity.table)),", "                columns: ["]
        for field in entity.fields {
            lines.append("                    ColumnDefinition(\(SwiftCode.literal(field.physical)), \(columnType(field.field.type))\(field.field.isOptional ? ", nullable: true" : "")),")
        }
        lines.append("                ],")
        lines.append("                primaryKey: [\(entity.primaryKey.map { SwiftCode.literal($0.physical) }.joined(separator: ", "))],")
        let auto = entity.fields.contains { $0.field.isAuto && $0.field.type.isInteger && entity.entity.primaryKey == [$0.field.name] }
        lines.append("                autoIncrement: \(auto),")
        lines.append("                indexes: [")
        for index in entity.storedIndexes {
            let columns = index.columns.map { column -> String in
                let name = SwiftCode.literal(entity.field(named: column.field)?.physical ?? column.field)
                return column.descending ? "IndexColumn(\(name), .descending)" : "IndexColumn(\(name))"
            }
            var arguments = "\(SwiftCode.literal(index.name)), on: [\(columns.joined(separator: ", "))]"
            if index.isUnique { arguments += ", unique: true" }
            if let condition = index.condition { arguments += ", where: \(retention.rowCondition(condition))" }
            lines.append("                    IndexDefinition(\(arguments)),")
        }
        lines.append("                ],")
        lines.append("                foreignKeys: [")
        for (field, reference) in entity.entity.foreignKeys {
            guard let parent = names.entity(named: reference.entity),
                  let parentField = parent.field(named: reference.field) else { continue }
            let action = switch reference.onDelete {
            case .cascade: ".cascade"
            case .setNull: ".setNull"
            case .restrict: ".restrict"
            }
            lines.append("                    ForeignKeyDefinition(\(SwiftCode.literal("fk_\(entity.table)_\(field.physicalName)")), columns: [\(SwiftCode.literal(field.physicalName))], references: \(SwiftCode.literal(parent.table)), [\(SwiftCode.literal(parentField.physical))], onDelete: \(action)),")
        }
        lines += ["                ]", "            ),"]
        return lines
    }

    /// The side table of a multikey index: one row per (distinct element, record), removed with the record.
    private func sideTable(_ index: SwiftMultikeyIndex, of entity: SwiftEntity) -> [String] {
        let keys = entity.primaryKey.map { SwiftCode.literal($0.physical) }.joined(separator: ", ")
        var lines = [SwiftCode.comment("Multikey index `\(index.index.name)` of `\(entity.table)` (\(index.field.physical)): maintained by RecordOperations.", indent: "            "),
                     "            TableDefinition(", "                \(SwiftCode.literal(index.table)),", "                columns: [",
                     "                    ColumnDefinition(\(SwiftCode.literal(index.elementColumn)), \(columnType(index.element))),"]
        for field in entity.primaryKey {
            lines.append("                    ColumnDefinition(\(SwiftCode.literal(field.physical)), \(columnType(field.field.type))),")
        }
        lines += ["                ],",
                  "                primaryKey: [\(SwiftCode.literal(index.elementColumn)), \(keys)],",
                  "                indexes: [IndexDefinition(\(SwiftCode.literal(index.ownerIndex)), on: [\(keys)])],",
                  "                foreignKeys: [",
                  "                    ForeignKeyDefinition(\(SwiftCode.literal("fk_\(index.table)")), columns: [\(keys)], references: \(SwiftCode.literal(entity.table)), [\(keys)], onDelete: .cascade),",
                  "                ]", "            ),"]
        return lines
    }

    // MARK: Writers

    /// Every module named in access rules, with the intermediate path components.
    private var modulePaths: [[String]] {
        var paths = Set<[String]>()
        for entity in schema.entities {
            for module in entity.access.modules {
                let parts = module.split(separator: ".").map(String.init)
                for length in 1...parts.count { paths.insert(Array(parts.prefix(length))) }
            }
        }
        return paths.sorted { $0.joined(separator: ".") < $1.joined(separator: ".") }
    }

    private func writerType(_ path: [String]) -> String { SwiftSchemaNames.writerType(path) }

    private func accessorName(_ component: String) -> String { names.types.writerAccessor(component) }

    func writers() -> [String] {
        var lines: [String] = []
        var grants: [[String]: [String]] = [:]
        for entity in names.entities {
            for operation in WriteOperation.allCases {
                guard case .modules(let protocolName, let modules) = entity.capability(operation) else { continue }
                lines += [SwiftCode.docLine("The capability to \(operation.rawValue) `\(entity.entity.name)` records, held by \(modules.map { "`\($0)`" }.joined(separator: ", "))."),
                          "public protocol \(protocolName): WriteAccess {}", ""]
                for module in modules { grants[module.split(separator: ".").map(String.init), default: []].append(protocolName) }
            }
        }
        for path in modulePaths {
            let type = writerType(path)
            let module = path.joined(separator: ".")
            let granted = grants[path] ?? []
            lines.append(SwiftCode.docLine("Writes as module `\(module)`\(granted.isEmpty ? " (a namespace of modules; it holds no capability of its own)" : "")."))
            if !granted.isEmpty {
                lines.append("///")
                lines.append(SwiftCode.docLine("Holds: \(granted.map { "`\($0)`" }.joined(separator: ", "))."))
            }
            lines += ["public struct \(type)<Base: RootAccess>: WriteAccess, \(tablesProtocol) {",
                      "    let base: Base",
                      "", SwiftCode.docLine("The writer itself: repositories reached through it write as `\(module)`.", indent: "    "),
                      "    public var access: Self { self }",
                      "    /// The base access's time.",
                      "    public var now: Date { base.now }",
                      "    /// Reads through the base access.",
                      "    public func withSnapshot<T>(_ body: (Snapshot) throws -> T) throws -> T { try base.withSnapshot(body) }",
                      "    /// Writes through the base access.",
                      "    public func withTransaction<T>(_ body: (WriteTransaction) throws -> T) throws -> T { try base.withTransaction(body) }",
                      "}", ""]
            if !granted.isEmpty {
                lines += granted.map { "extension \(type): \($0) {}" } + [""]
            }
            let children = modulePaths.filter { $0.count == path.count + 1 && Array($0.prefix(path.count)) == path }
            if !children.isEmpty {
                lines.append("extension \(type) {")
                for child in children {
                    lines += [SwiftCode.docLine("Writes as module `\(child.joined(separator: "."))`.", indent: "    "),
                              "    public var \(SwiftNaming.escaped(accessorName(child.last!))): \(writerType(child))<Base> { \(writerType(child))(base: base) }"]
                }
                lines += ["}", ""]
            }
        }
        let roots = modulePaths.filter { $0.count == 1 }
        if !roots.isEmpty {
            lines.append("extension \(tablesProtocol) where Access: RootAccess {")
            for root in roots {
                lines += [SwiftCode.docLine("Writes as module `\(root[0])`: `db.\(accessorName(root[0])).<entity>.insert(…)`.", indent: "    "),
                          "    public var \(SwiftNaming.escaped(accessorName(root[0]))): \(writerType(root))<Access> { \(writerType(root))(base: access) }"]
            }
            lines += ["}"]
        }
        return lines
    }

    // MARK: Database

    func database() -> [String] {
        var lines = [SwiftCode.docLine("The repositories of the `\(schema.name)` schema, reachable from the database, a transaction,"),
                     "/// a snapshot and every writer module.",
                     "public protocol \(tablesProtocol) {",
                     "    /// How the repositories reach the store.",
                     "    associatedtype Access: ReadAccess",
                     "    /// How the repositories reach the store.",
                     "    var access: Access { get }",
                     "}", "", "extension \(tablesProtocol) {"]
        var first = true
        for entity in names.entities {
            if !first { lines.append("") }
            first = false
            lines += SwiftCode.doc(entity.entity.doc, fallback: "The `\(entity.entity.name)` records.", indent: "    ")
            if entity.isScoped {
                let parameters = entity.scopeFields.map { field -> String in
                    if field.field.name == entity.entity.access.owner { return "ownedBy \(field.parameter): \(field.baseType)" }
                    return "\(field.parameter): \(field.baseType)"
                }
                let positions = entity.scopeFields.map { "\($0.position)" }.joined(separator: ", ")
                let values = entity.scopeFields.map { "\($0.parameter).storeValue" }.joined(separator: ", ")
                lines += ["    public func \(entity.accessor)(\(parameters.joined(separator: ", "))) -> \(entity.repositoryName)<Access> {",
                          "        \(entity.repositoryName)(access: access, scope: Scope(positions: [\(positions)], values: [\(values)]))",
                          "    }"]
            } else {
                lines.append("    public var \(entity.accessor): \(entity.repositoryName)<Access> { \(entity.repositoryName)(access: access, scope: nil) }")
            }
        }
        lines += ["}", ""]
        let database = names.types.databaseType
        lines += SwiftCode.doc(schema.doc, fallback: "The `\(schema.name)` database.")
        lines += ["///",
                  "/// ```swift",
                  SwiftCode.docLine("let db = try \(database).open(at: path)"),
                  "/// try db.write { tx in … }      // one transaction over several repositories",
                  "/// let report = try db.sweep()   // retention rules",
                  "/// ```",
                  "public struct \(database): \(tablesProtocol), Sendable {",
                  "    /// The store, stamping writes with the database clock.",
                  "    public let access: StoreAccess",
                  "",
                  "    /// The underlying store.",
                  "    public var store: Store { access.store }",
                  "",
                  "    /// The store layout of the schema.",
                  "    public static var storeSchema: StoreSchema { \(names.types.storeLayoutType).schema }",
                  "",
                  "    /// Opens (or creates) the database in directory `path`; `clock` stamps `now` defaults and",
                  "    /// auto-updated timestamps.",
                  "    public static func open(at path: String, options: StoreOptions = StoreOptions(),",
                  "                            clock: @escaping @Sendable () -> Date = { Date() }) throws -> \(database) {",
                  "        \(database)(access: StoreAccess(store: try Store.open(at: path, schema: storeSchema, options: options), clock: clock))",
                  "    }",
                  "",
                  "    /// Makes every commit durable and closes the store.",
                  "    public func close() { store.close() }",
                  "",
                  "    /// Runs `body` on one consistent snapshot of every repository.",
                  "    public func read<T>(_ body: (\(names.types.snapshotType)) throws -> T) throws -> T {",
                  "        try store.read { try body(\(names.types.snapshotType)(access: SnapshotAccess(snapshot: $0))) }",
                  "    }",
                  "",
                  "    /// Runs `body` as one all-or-nothing transaction over every repository; if it throws, nothing is kept.",
                  "    @discardableResult",
                  "    public func write<T>(_ body: (\(names.types.transactionType)) throws -> T) throws -> T {",
                  "        let now = access.now",
                  "        return try store.write { try body(\(names.types.transactionType)(access: TransactionAccess(transaction: $0, now: now))) }",
                  "    }",
                  "",
                  "    /// Applies every retention rule of every entity, one transaction per entity, and reports what it did.",
                  "    public func sweep(now: Date? = nil) throws -> DatabaseSweepReport {"]
        let swept = names.entities.filter { !SwiftRetention(names: names, entity: $0).actions().isEmpty }
        if swept.isEmpty {
            lines += ["        _ = now", "        return DatabaseSweepReport(reports: [])", "    }"]
        } else {
            lines += ["        let now = now ?? access.now", "        return DatabaseSweepReport(reports: ["]
            lines += swept.map { "            try \($0.repositoryName)(access: access, scope: nil).sweep(now: now)," }
            lines += ["        ])", "    }"]
        }
        if !schema.caches.isEmpty {
            lines += ["", "    /// The cache key spaces.", "    public var caches: \(names.types.cachesType) { \(names.types.cachesType)(store: store) }"]
        }
        lines += ["}", "",
                  SwiftCode.docLine("The repositories inside one write transaction of `\(database)`."),
                  "public struct \(names.types.transactionType): \(tablesProtocol) {",
                  "    /// The open transaction.",
                  "    public let access: TransactionAccess",
                  "}", "",
                  SwiftCode.docLine("The repositories of one consistent, read-only snapshot of `\(database)`."),
                  "public struct \(names.types.snapshotType): \(tablesProtocol), Sendable {",
                  "    /// The snapshot.",
                  "    public let access: SnapshotAccess",
                  "}"]
        return lines
    }

    // MARK: Caches

    func caches() -> [String] {
        var lines = [SwiftCode.docLine("The cache key spaces of the `\(schema.name)` schema (TTL entries in the store)."),
                     "public struct \(names.types.cachesType): Sendable {", "    let store: Store"]
        for cache in schema.caches {
            lines += [""] + SwiftCode.doc(cache.doc, fallback: "The `\(cache.name)` cache.", indent: "    ")
            lines.append("    public var \(SwiftNaming.escaped(SwiftSchemaNames.cacheAccessor(cache.name))): \(SwiftSchemaNames.cacheType(cache.name)) { \(SwiftSchemaNames.cacheType(cache.name))(store: store) }")
        }
        lines += ["}", ""]
        for cache in schema.caches { lines += self.cache(cache) + [""] }
        return lines
    }

    private func cache(_ cache: CacheSpace) -> [String] {
        let type = SwiftSchemaNames.cacheType(cache.name)
        let value = SwiftNames.swiftType(cache.valueType)
        let parameters = cache.parameters.enumerated().map { position, field in
            let name = SwiftSchemaNames.cacheParameter(field.name)
            return SwiftField(field: field, property: SwiftNaming.escaped(name), bareProperty: name, position: position,
                              baseType: SwiftNames.swiftType(field.type))
        }
        let signature = parameters.map { "\($0.property): \($0.baseType)" }.joined(separator: ", ")
        let arguments = parameters.map { "\($0.bareProperty): \($0.property)" }.joined(separator: ", ")
        var key = ""
        var rest = Substring(cache.keyTemplate)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            key += String(SwiftCode.literal(String(rest[..<open])).dropFirst().dropLast())
            let name = String(rest[rest.index(after: open)..<close])
            if let field = parameters.first(where: { $0.field.name == name }) {
                key += field.baseType == "UUID" ? "\\(\(field.property).uuidString.lowercased())" : "\\(\(field.property))"
            }
            rest = rest[rest.index(after: close)...]
        }
        key += String(SwiftCode.literal(String(rest)).dropFirst().dropLast())
        let validates: Bool = {
            switch cache.valueType {
            case .nested: true
            case .array(.nested): true
            default: false
            }
        }()
        var lines = SwiftCode.doc(cache.doc, fallback: "The `\(cache.name)` cache.")
        lines += ["///", SwiftCode.docLine("Key `\(cache.keyTemplate)`, entries live \(cache.ttl.text)."),
                  "public struct \(type): Sendable {", "    let store: Store", "",
                  SwiftCode.docLine("The schema's entry lifetime (\(cache.ttl.text)).", indent: "    "),
                  "    public static let ttl: TimeInterval = \(cache.ttl.seconds)", "",
                  SwiftCode.docLine("The key of an entry: `\(cache.keyTemplate)`.", indent: "    "),
                  "    public static func key(\(signature)) -> String { \"\(key)\" }", "",
                  "    private func space() throws -> TypedCache<\(value)> {",
                  "        try TypedCache(store: store, name: \(SwiftCode.literal(cache.name)), ttl: Self.ttl)",
                  "    }", "",
                  "    /// The cached value, unless missing or expired.",
                  "    public func get(\(signature)) throws -> \(value)? { try space().get(Self.key(\(arguments))) }", "",
                  SwiftCode.docLine("Caches `value` for the schema's TTL (or `ttl` seconds)\(validates ? "; an invalid value throws a `ValidationError`" : "").", indent: "    "),
                  "    public func set(_ value: \(value)\(signature.isEmpty ? "" : ", \(signature)"), ttl: TimeInterval? = nil) throws {"]
        if validates { lines.append("        _ = try value.validated(as: \(SwiftCode.literal(cache.name)))") }
        lines += ["        try space().set(value, for: Self.key(\(arguments)), ttl: ttl)", "    }", "",
                  "    /// Removes the entry; returns whether it was present.",
                  "    @discardableResult",
                  "    public func remove(\(signature)) throws -> Bool { try space().remove(Self.key(\(arguments))) }",
                  "}"]
        return lines
    }
}
