import SchemaLanguage

/// `<Prefix>+Database.swift`: the tables protocol with one accessor per entity, the database
/// facade, and its transaction and snapshot views.
struct DatabaseFile {
    let names: SwiftNames
    var schema: Schema { names.schema }
    var types: SwiftSchemaNames { names.types }
    /// Whether the schema names retention periods (the database then keeps the ones it was opened with).
    var hasPeriods: Bool { !schema.retentionPeriods.isEmpty }

    func declarations() -> [SwiftDeclaration] {
        [tablesProtocol(), accessors(), database(), transaction(), snapshot()]
    }

    private func tablesProtocol() -> SwiftDeclaration {
        .type(SwiftTypeDeclaration(
            doc: ["The repositories of the `\(schema.name)` schema, reachable from the database, a transaction,",
                  "a snapshot and every writer module."],
            keyword: "public protocol", name: types.tablesProtocol, members: [
                .property(SwiftProperty(doc: ["How the repositories reach the store."], keyword: "associatedtype", name: "Access: ReadAccess")),
                .property(SwiftProperty(doc: ["How the repositories reach the store."], keyword: "var", name: "access", type: "Access",
                                        isRequirement: true)),
            ]))
    }

    /// `db.warnings`, or `db.tasks(ownedBy:)` for an entity reached through its scope.
    private func accessors() -> SwiftDeclaration {
        .type(SwiftTypeDeclaration(keyword: "extension", name: types.tablesProtocol, members: names.entities.map { Self.accessor($0) }))
    }

    /// The member reaching one entity's repository through `access` (also on reader modules).
    /// - Parameter accessType: the repository's access type: `Access` on the tables protocol,
    ///   `Self` on a reader.
    static func accessor(_ entity: SwiftEntity, accessType: String = "Access") -> SwiftDeclaration {
        let doc = entity.entity.doc.isEmpty ? ["The `\(entity.entity.name)` records."] : entity.entity.doc
        let repository = "\(entity.repositoryName)<\(accessType)>"
        guard entity.isScoped else {
            return .property(SwiftProperty(doc: doc, keyword: "public var", name: entity.accessor, type: repository, getter: [
                .expression(.call(entity.repositoryName, [SwiftArgument("access", .code("access")), SwiftArgument("scope", .nil)])),
            ]))
        }
        let parameters = entity.scopeFields.map { field -> String in
            (field.field.name == entity.entity.access.owner ? "ownedBy " : "") + "\(field.parameter): \(field.baseType)"
        }
        let scope = SwiftExpression.call("Scope", [
            SwiftArgument("positions", entity.columns(entity.scopeFields, qualified: true)),
            SwiftArgument("values", .array(entity.scopeFields.map { .code("\($0.parameter).storeValue") })),
        ])
        return .function(SwiftFunction(doc: doc, name: entity.accessor, parameters: parameters, returnType: repository, body: [
            .expression(.call(entity.repositoryName, [SwiftArgument("access", .code("access")), SwiftArgument("scope", scope)])),
        ]))
    }

    private func database() -> SwiftDeclaration {
        let database = types.databaseType
        var members: [SwiftDeclaration] = [
            .property(SwiftProperty(doc: ["The store, stamping writes with the database clock."], keyword: "public let", name: "access",
                                    type: "StoreAccess")),
            .property(SwiftProperty(doc: ["The underlying store."], keyword: "public var", name: "store", type: "Store",
                                    getter: [.code("access.store")])),
        ]
        if hasPeriods {
            members.append(.property(SwiftProperty(
                doc: ["The named retention periods ``sweep(now:periods:)`` uses when given none: those `open` was given."],
                keyword: "public var", name: "retentionPeriods", type: types.retentionPeriodsType,
                value: .code("\(types.retentionPeriodsType)()"))))
        }
        members += [
            .property(SwiftProperty(doc: ["The store layout of the schema."], keyword: "public static var", name: "storeSchema",
                                    type: "StoreSchema", getter: [.code("\(types.storeLayoutType).schema")])),
            open(),
            .function(SwiftFunction(doc: ["Makes every commit durable and closes the store."], name: "close", body: [.code("store.close()")])),
            .function(SwiftFunction(
                doc: ["Runs `body` on one consistent snapshot of every repository."], name: "read<T>",
                parameters: ["_ body: (\(types.snapshotType)) throws -> T"], effects: "throws", returnType: "T", body: [
                    .expression(.call("try store.read", [], trailingClosure: SwiftClosure([
                        .expression("try ", .call("body", [.call(types.snapshotType, [SwiftArgument("access", .code("SnapshotAccess(snapshot: $0)"))])])),
                    ]))),
                ])),
            .function(SwiftFunction(
                doc: ["Runs `body` as one all-or-nothing transaction over every repository; if it throws, nothing is kept."],
                attributes: ["@discardableResult"], name: "write<T>", parameters: ["_ body: (\(types.transactionType)) throws -> T"],
                effects: "throws", returnType: "T", body: [
                    .code("let now = access.now"),
                    .expression("return ", .call("try store.write", [], trailingClosure: SwiftClosure([
                        .expression("try ", .call("body", [.call(types.transactionType, [
                            SwiftArgument("access", .code("TransactionAccess(transaction: $0, now: now)")),
                        ])])),
                    ]))),
                ])),
            sweep(),
        ]
        if hasHandledRules { members.append(sweep(handling: true)) }
        if !schema.caches.isEmpty {
            members.append(.property(SwiftProperty(doc: ["The cache key spaces."], keyword: "public var", name: "caches", type: types.cachesType,
                                                   getter: [.code("\(types.cachesType)(store: store)")])))
        }
        return .type(SwiftTypeDeclaration(
            doc: (schema.doc.isEmpty ? ["The `\(schema.name)` database."] : schema.doc) + [
                "", "```swift", "let db = try \(database).open(at: path)",
                "try db.write { tx in … }      // one transaction over several repositories",
                "let report = try db.sweep()   // retention rules", "```",
            ],
            keyword: "public struct", name: database, conformances: [types.tablesProtocol, "Sendable"], members: members))
    }

    /// `open(at:options:clock:migration:transforms:progress:)`: the store at the newest version of
    /// the schema's evolution, migrating an older store; one clock, the store's.
    private func open() -> SwiftDeclaration {
        .function(SwiftFunction(
            doc: [
                "Opens (or creates) the database in directory `path`, migrating a store an older version of the schema",
                "wrote (`\(types.storeEvolutionType)`) as `migration` allows, with `transforms` for steps no rule can derive",
                "and `progress` reporting the rows migrated.",
                "",
                "`options.clock` (replaced by `clock` when given) is the database's one clock: `now` defaults,",
                "auto-updated timestamps, caches, expiry and sweeps all read it.",
            ] + (hasPeriods ? ["`retentionPeriods` are the named retention periods every ``sweep(now:periods:)`` uses unless given others."] : []),
            modifiers: "public static", name: "open",
            parameters: [
                "at path: String", "options: StoreOptions = StoreOptions()", "clock: (@Sendable () -> Date)? = nil",
                "migration: StoreMigrationPolicy = .automatic", "transforms: [StoreTransform] = []",
                "progress: ((StoreMigrationProgress) -> Void)? = nil",
            ] + (hasPeriods ? ["retentionPeriods: \(types.retentionPeriodsType) = \(types.retentionPeriodsType)()"] : []),
            effects: "throws", returnType: types.databaseType, body: [
                .code("var options = options"),
                .code("options.clock = clock ?? options.clock"),
                .expression("let store = ", .call("try Store.open", [
                    SwiftArgument("at", .code("path")), SwiftArgument("evolution", .code("\(types.storeEvolutionType).evolution")),
                    SwiftArgument("options", .code("options")), SwiftArgument("migration", .code("migration")),
                    SwiftArgument("transforms", .code("transforms")), SwiftArgument("progress", .code("progress")),
                ])),
                .expression("return ", .call(types.databaseType, [SwiftArgument("access", .code("StoreAccess(store: store)"))]
                    + (hasPeriods ? [SwiftArgument("retentionPeriods", .code("retentionPeriods"))] : []))),
            ]))
    }

    /// `sweep(now:)`: every entity with retention rules, one transaction each; with `handling`,
    /// the overload taking a handler per entity with `handled delete` rules, which runs those too.
    private func sweep(handling: Bool = false) -> SwiftDeclaration {
        let swept = names.entities.filter { !RetentionActions(names: names, entity: $0).actions().isEmpty }
        let handled = swept.filter { RetentionActions(names: names, entity: $0).hasHandledRules }
        // Expired cache entries go with every sweep: nothing else removes them.
        let caches = schema.caches.isEmpty ? [] : [SwiftArgument("purgedCacheEntries", .code("try store.purgeExpiredEntries()"))]
        let body: [SwiftStatement] = swept.isEmpty ? [
            .code("_ = now"), .expression("return ", .call("DatabaseSweepReport", [SwiftArgument("reports", .array([]))] + caches)),
        ] : [
            .code("let now = now ?? access.now"),
        ] + (hasPeriods ? [.code("let periods = periods ?? retentionPeriods")] : []) + [
            .expression("return ", .call("DatabaseSweepReport", [SwiftArgument("reports", .array(swept.map { entity in
                let usesPeriods = RetentionActions(names: names, entity: entity).usesPeriods
                let arguments = [SwiftArgument("now", .code("now"))] + (usesPeriods ? [SwiftArgument("periods", .code("periods"))] : [])
                    + (handling && handled.contains { $0.typeName == entity.typeName }
                        ? [SwiftArgument("handle", .code(Self.handlerParameter(entity)))] : [])
                // One call, so a line too long for the width breaks between the sweep's arguments.
                return SwiftExpression.call("try \(entity.repositoryName)(access: access, scope: nil).sweep", arguments)
            }))] + caches)),
        ]
        let handledDoc = handling
            ? ["`handled delete` rules run too: each due record goes to its entity's handler first and is deleted only",
               "when the handler returns (when it throws the record stays, listed in the report's `handlerFailures`);",
               "the handler runs inside that entity's write transaction, so it must not write to this database."]
            : handled.isEmpty ? [] : ["`handled delete` rules are left alone: ``sweep(now:\(hasPeriods ? "periods:" : "")\(handled.map { Self.handlerParameter($0) + ":" }.joined()))`` runs them."]
        return .function(SwiftFunction(
            doc: (caches.isEmpty ? ["Applies every retention rule of every entity, one transaction per entity, and reports what it did."]
                : ["Applies every retention rule of every entity, one transaction per entity, and deletes expired cache",
                   "entries; reports what it did."])
                + handledDoc
                + (hasPeriods ? ["Named retention periods are `periods`, or ``retentionPeriods`` when nil."] : []),
            name: "sweep", parameters: ["now: Date? = nil"] + (hasPeriods ? ["periods: \(types.retentionPeriodsType)? = nil"] : [])
                + (handling ? handled.map { "\(Self.handlerParameter($0)): (\($0.typeName)) throws -> Void" } : []),
            effects: "throws", returnType: "DatabaseSweepReport", body: body))
    }

    /// Whether some entity has `handled delete` rules: the database then has a `sweep` taking their handlers.
    private var hasHandledRules: Bool {
        names.entities.contains { RetentionActions(names: names, entity: $0).hasHandledRules }
    }

    /// The database `sweep`'s parameter for `entity`'s handler of `handled delete` rules (`handleReminder`).
    static func handlerParameter(_ entity: SwiftEntity) -> String { "handle" + entity.typeName }

    private func transaction() -> SwiftDeclaration {
        .type(SwiftTypeDeclaration(
            doc: ["The repositories inside one write transaction of `\(types.databaseType)`."], keyword: "public struct",
            name: types.transactionType, conformances: [types.tablesProtocol], members: [
                .property(SwiftProperty(doc: ["The open transaction."], keyword: "public let", name: "access", type: "TransactionAccess")),
            ]))
    }

    private func snapshot() -> SwiftDeclaration {
        .type(SwiftTypeDeclaration(
            doc: ["The repositories of one consistent, read-only snapshot of `\(types.databaseType)`."], keyword: "public struct",
            name: types.snapshotType, conformances: [types.tablesProtocol, "Sendable"], members: [
                .property(SwiftProperty(doc: ["The snapshot."], keyword: "public let", name: "access", type: "SnapshotAccess")),
            ]))
    }
}
