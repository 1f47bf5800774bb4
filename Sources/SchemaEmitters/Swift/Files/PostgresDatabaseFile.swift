import SchemaLanguage

/// `SwiftPostgres/<Prefix>+Postgres.swift`: the database facade on PostgreSQL, in a library of
/// its own (it imports the generated `<Prefix>Data` library and `SchemaGenPostgresAccess`), so
/// a store-only build links neither it nor libpq. The repositories, writer modules and queries
/// are the generated library's own; only the way in differs: `connect(url:)` for `open(at:)`.
struct PostgresDatabaseFile {
    let names: SwiftNames
    /// The migrations of the schema's versions (`schema/migrations`), oldest first: a database
    /// `connect` accepts has applied exactly these.
    let migrations: [MigrationRecord]
    var schema: Schema { names.schema }
    var types: SwiftSchemaNames { names.types }

    func declarations() -> [SwiftDeclaration] { [database(), transaction(), snapshot()] }

    private func database() -> SwiftDeclaration {
        let database = types.postgresDatabaseType
        return .type(SwiftTypeDeclaration(
            doc: [
                "The `\(schema.name)` repositories on PostgreSQL: the same repositories, writer modules and queries as",
                "`\(types.databaseType)`, over a database created with the generated `sql/postgres.sql`.",
                "", "```swift", "let db = try \(database).connect(url: \"postgresql://bot@127.0.0.1/\(schema.name)\")",
                "try db.write { tx in … }      // one transaction over several repositories", "```",
                "", "`close`, `perform`, the `read` and `write` blocks, `applyPendingMigrations(url:from:)` and `startSweeping`",
                "come from `PostgresDatabaseFacade`.",
            ],
            keyword: "public struct", name: database,
            conformances: [types.tablesProtocol, SwiftNaming.postgresQualified("PostgresDatabaseFacade")], members: [
                .property(SwiftProperty(doc: ["The database: every repository call is its own transaction."], keyword: "public let",
                                        name: "access", type: SwiftNaming.postgresQualified("PostgresAccess"))),
                .property(SwiftProperty(doc: ["The schema's name, under which `schemagen_migrations` records its migrations."],
                                        keyword: "public static let", name: "schemaName", type: "String", value: .string(schema.name))),
                .property(SwiftProperty(
                    doc: ["The schema's migrations this library was built with (`schema/migrations/\(schema.name)`), which",
                          "`connect` requires the database to have applied (`schemagen_migrations`)."],
                    keyword: "public static let", name: "migrations", type: "[\(SwiftNaming.postgresQualified("PostgresMigration"))]",
                    value: .array(migrations.map { record in
                        .call(SwiftNaming.postgresQualified("PostgresMigration"), [SwiftArgument("version", .integer(record.version)), SwiftArgument("name", .string(record.folder)),
                                                    SwiftArgument("checksum", .string(record.checksum))])
                    }))),
                retentionJobs(),
            ] + roles() + [
                .function(SwiftFunction(
                    doc: [
                        "Connects to the database at `url` (a URL or libpq `key=value` pairs) with a pool of at most",
                        "`maximumConnections` connections, and checks it has every table and column of the schema",
                        "(throwing `PostgresSchemaMismatch` naming what is missing). With `checkMigrations`, it first",
                        "requires the database to have applied exactly ``migrations`` (throwing `MigrationRefusal`, whose",
                        "`remedy` names what to run). `clock` stamps writes. With `pageTokenSecret` (16 random bytes,",
                        "the same for every process serving the database, kept like a password) pages carry page tokens",
                        "(`nextToken`, `fetch(limit:afterToken:)`) as on the store; without it tokens throw `UnsupportedOperation`.",
                    ] + (writerModules.isEmpty ? [] : [
                        "With `role`, every transaction runs as that writer module's generated role (`SET LOCAL ROLE`; the",
                        "user of `url` must be a member of it), so the server refuses a write the module may not do",
                        "(`WriterRoleRefusal`).",
                    ]),
                    modifiers: "public static", name: "connect",
                    parameters: ["url: String"] + (writerModules.isEmpty ? [] : ["as role: Role? = nil"])
                        + ["checkMigrations: Bool = true", "maximumConnections: Int = 4", "pageTokenSecret: [UInt8]? = nil",
                                 "clock: @escaping @Sendable () -> Date = { Date() }"],
                    effects: "throws", returnType: database, body: [
                        .expression("let access = ", .call("try \(SwiftNaming.postgresQualified("PostgresAccess")).connect", [
                            SwiftArgument("url", .code("url")), SwiftArgument("schema", .code("\(types.storeLayoutType).schema")),
                            SwiftArgument("migrations", .code(migrations.isEmpty ? "nil"
                                : "checkMigrations ? (schemaName, migrations) : nil")),
                            SwiftArgument("retention", .code("retention")),
                        ] + (writerModules.isEmpty ? [] : [SwiftArgument("role", .code("role?.rawValue"))])
                          + (schema.tables.count == schema.entities.count ? [] : [
                              // Collections live in MongoDB: the database has the schema's tables only.
                              SwiftArgument("sqlTables", .array(schema.tables.map { .string($0.physicalName) })),
                          ]) + [
                            SwiftArgument("pageTokenSecret", .code("pageTokenSecret")),
                            SwiftArgument("maximumConnections", .code("maximumConnections")), SwiftArgument("clock", .code("clock")),
                        ])),
                        .expression("return ", .call(database, [SwiftArgument("access", .code("access"))])),
                    ])),
                sweep(),
            ] + defaultPeriodsSweep() + (handled.isEmpty ? [] : [sweep(handling: true)]) + [
                .function(SwiftFunction(
                    doc: ["The repositories over one open transaction (`write`)."], modifiers: "public static", name: "transactionView",
                    parameters: ["_ access: \(SwiftNaming.postgresQualified("PostgresTransactionAccess"))"],
                    returnType: types.postgresTransactionType, body: [
                        .expression("return ", .call(types.postgresTransactionType, [SwiftArgument("access", .code("access"))])),
                    ])),
                .function(SwiftFunction(
                    doc: ["The repositories over one snapshot (`read`)."], modifiers: "public static", name: "snapshotView",
                    parameters: ["_ access: \(SwiftNaming.postgresQualified("PostgresSnapshotAccess"))"],
                    returnType: types.postgresSnapshotType, body: [
                        .expression("return ", .call(types.postgresSnapshotType, [SwiftArgument("access", .code("access"))])),
                    ])),
            ]))
    }

    /// Modules with a generated PostgreSQL role (writers and readers of the access rules), sorted.
    private var writerModules: [String] { WriterRoles.modules(of: schema.tables) }

    /// `enum Role` (each module's role, as the DDL names it) and `acting(as:)`, when the schema has modules.
    private func roles() -> [SwiftDeclaration] {
        guard !writerModules.isEmpty else { return [] }
        let database = types.postgresDatabaseType
        let cases = writerModules.map { module in
            SwiftDeclaration.enumCase(doc: ["`\(module)`"],
                                      name: SwiftNaming.escaped(SwiftNaming.memberName(module.replacingOccurrences(of: ".", with: "_"))),
                                      rawValue: WriterRoles.roleName(schema: schema.name, module: module, in: .postgres))
        }
        return [
            .type(SwiftTypeDeclaration(
                doc: ["The PostgreSQL roles `sql/postgres.sql` creates for the schema's modules, with exactly the grants the",
                      "access rules give each: connect a module's database with its role (`connect(url:as:)`)."],
                keyword: "public enum", name: "Role", conformances: ["String", "Sendable", "CaseIterable"], members: cases)),
            .function(SwiftFunction(
                doc: ["This database with every transaction running as `role` (nil: the connection's own), on the same pool."],
                name: "acting", parameters: ["as role: Role?"], returnType: database, body: [
                    .expression("return ", .call(database, [SwiftArgument("access", .code("access.acting(as: role?.rawValue)"))])),
                ])),
        ]
    }

    /// Tables with retention rules, in schema order. A collection of a schema that also targets
    /// MongoDB has no table here: its rules run in MongoDB (`mongo/`), so it has no jobs.
    private var swept: [SwiftEntity] {
        names.entities.filter { $0.entity.kind == .table && !RetentionActions(names: names, entity: $0).actions().isEmpty }
    }

    /// `static let retention`: each entity's jobs, one per `RetentionAction` of its repository and
    /// in the same order, holding the SQL emitter's own rendering of the rule's job (what
    /// `sql/postgres.retention.sql` runs), so a sweep on PostgreSQL runs exactly that SQL.
    private func retentionJobs() -> SwiftDeclaration {
        let entries: [SwiftDictionaryEntry] = swept.map { entity in
            let jobs = RetentionActions(names: names, entity: entity).origins().map { origin -> SwiftExpression in
                let rule: RetentionRule
                switch origin {
                case .rule(let schemaRule): rule = schemaRule
                case .ttl(let field, let lifetime):
                    // A TTL index deletes as `delete after <lifetime> by <field>` does.
                    rule = RetentionRule(kind: .expire(after: lifetime, field: field, condition: nil), source: "",
                                         range: SourceRange(start: 0, end: 0))
                }
                let job = RetentionJob(rule: rule, entity: entity.entity, schema: schema, dialect: .postgres)
                let sql = rule.isHandled ? nil : job.render()
                var arguments = [SwiftArgument("sql", .optionalString(sql))]
                if let period = rule.namedPeriod {
                    arguments.append(SwiftArgument("periodSetting", .string(RetentionPeriodSQL(period: period, schema: schema, dialect: .postgres).settingName)))
                    arguments.append(SwiftArgument("secondsPerPeriodUnit", .integer(period.sqlUnit == .days ? 86_400 : 1)))
                }
                if sql != nil, let heldBack = job.heldBackCount() { arguments.append(SwiftArgument("heldBack", .string(heldBack))) }
                return .call(SwiftNaming.postgresQualified("PostgresRetentionJob"), arguments)
            }
            return SwiftDictionaryEntry(.string(entity.entity.name), .array(jobs))
        }
        return .property(SwiftProperty(
            doc: ["Each entity's retention jobs on PostgreSQL (by entity name): the jobs of `sql/postgres.retention.sql`, one per",
                  "retention rule of the entity's repository, which ``sweep(now:)`` and the repositories' `sweep` run."],
            keyword: "public static let", name: "retention", type: "[String: [\(SwiftNaming.postgresQualified("PostgresRetentionJob"))]]", value: .dictionary(entries)))
    }

    /// `sweep(now:)`, as on the store's database: every entity with retention rules, each rule in
    /// a transaction of its own; with `handling`, the overload taking a handler per entity with
    /// `handled delete` rules, which runs those too.
    private func sweep(handling: Bool = false) -> SwiftDeclaration {
        let hasPeriods = swept.contains { RetentionActions(names: names, entity: $0).usesPeriods }
        let body: [SwiftStatement] = swept.isEmpty ? [
            .code("_ = now"), .expression("return ", .call("DatabaseSweepReport", [SwiftArgument("reports", .array([]))])),
        ] : [
            .code("let now = now ?? access.now"),
        ] + (hasPeriods ? [.code("let periods = periods ?? \(types.retentionPeriodsType)()")] : []) + [
            .expression("return ", .call("DatabaseSweepReport", [SwiftArgument("reports", .array(swept.map { sweepCall($0, handling: handling) }))])),
        ]
        let role = "`\(WriterRoles.retentionRoleName(schema: schema.name))`"
        let handledDoc = handling
            ? ["did: the generated retention SQL as of `now` (the database clock's time when nil), and `handled delete` rules:",
               "each due record goes to its entity's handler first and is deleted only when the handler returns (when it",
               "throws the record stays, listed in the report's `handlerFailures`). An owner-scoped table's rules, handled",
               "ones too, run as the retention role \(role)",
               "(`SET LOCAL ROLE`; row-level security hides every row from other roles), of which the connecting user",
               "must be a member."]
            : ["did: the generated retention SQL as of `now` (the database clock's time when nil). `handled delete` rules are",
               handled.isEmpty ? "left to the repositories' `sweep(now:handle:)`. An owner-scoped table's rules run as the retention role"
                   : "left to ``sweep(now:\(hasPeriods ? "periods:" : "")\(handled.map { DatabaseFile.handlerParameter($0) + ":" }.joined()))``. An owner-scoped table's rules run as the retention role",
               "\(role) (`SET LOCAL ROLE`; row-level security hides every row from other roles), of which",
               "the connecting user must be a member."]
        return .function(SwiftFunction(
            doc: ["Applies every retention rule of every table, each rule in a transaction of its own, and reports what it"]
                + handledDoc
                + (hasPeriods ? ["Named retention periods are `periods`, the schema's defaults when nil."] : []),
            // Without a handler, `periods` has no default: `sweep(now:)` (``defaultPeriodsSweep()``) is the call
            // without it, the one `PostgresDatabaseFacade.startSweeping` runs.
            name: "sweep", parameters: ["now: Date? = nil"] + (hasPeriods ? ["periods: \(types.retentionPeriodsType)?" + (handling ? " = nil" : "")] : [])
                + (handling ? handled.map { "\(DatabaseFile.handlerParameter($0)): (\($0.typeName)) throws -> Void" } : []),
            effects: "throws", returnType: "DatabaseSweepReport", body: body))
    }

    /// The swept tables with `handled delete` rules, in schema order.
    private var handled: [SwiftEntity] { swept.filter { RetentionActions(names: names, entity: $0).hasHandledRules } }

    /// One entity's sweep in ``sweep(handling:)``: its repository's `sweep`, or for a scoped entity
    /// (reached only through a scope) `sweepAllScopes`, as the retention role when row-level
    /// security guards it; with `handling`, an entity with `handled delete` rules gets its handler.
    private func sweepCall(_ entity: SwiftEntity, handling: Bool) -> SwiftExpression {
        let usesPeriods = RetentionActions(names: names, entity: entity).usesPeriods
        let handler = handling && RetentionActions(names: names, entity: entity).hasHandledRules ? DatabaseFile.handlerParameter(entity) : nil
        guard entity.isScoped else {
            let arguments = ["now: now"] + (usesPeriods ? ["periods: periods"] : []) + (handler.map { ["handle: \($0)"] } ?? [])
            return SwiftExpression.code("try \(SwiftNaming.escaped(entity.accessor))").member("sweep(\(arguments.joined(separator: ", ")))")
        }
        // The retention role exists when some rule runs as it (``RetentionGrants``).
        let access = entity.entity.access.owner == nil || !RetentionGrants(schema: schema).isNeeded ? "access"
            : "access.acting(as: \(SwiftCode.literal(WriterRoles.retentionRoleName(schema: schema.name))))"
        return .call("try \(entity.repositoryName)<\(SwiftNaming.postgresQualified("PostgresAccess"))>.sweepAllScopes", [
            SwiftArgument("through", .code(access)), SwiftArgument("now", .code("now")),
        ] + (usesPeriods ? [SwiftArgument("periods", .code("periods"))] : []) + (handler.map { [SwiftArgument("handle", .code($0))] } ?? []))
    }

    /// For a schema with named retention periods, `sweep(now:)` with the schema's default periods:
    /// the `PostgresDatabaseFacade` requirement its `startSweeping` runs (the `periods` overload has no default).
    private func defaultPeriodsSweep() -> [SwiftDeclaration] {
        guard swept.contains(where: { RetentionActions(names: names, entity: $0).usesPeriods }) else { return [] }
        return [.function(SwiftFunction(
            doc: ["Applies every retention rule of every table with the schema's default retention periods:",
                  "``sweep(now:periods:)`` with `periods` nil."],
            name: "sweep", parameters: ["now: Date? = nil"], effects: "throws", returnType: "DatabaseSweepReport", body: [
                .expression("return ", .call("try sweep", [SwiftArgument("now", .code("now")), SwiftArgument("periods", .code("nil"))])),
            ]))]
    }

    private func transaction() -> SwiftDeclaration {
        .type(SwiftTypeDeclaration(
            doc: ["The repositories inside one write transaction of `\(types.postgresDatabaseType)`."], keyword: "public struct",
            name: types.postgresTransactionType, conformances: [types.tablesProtocol], members: [
                .property(SwiftProperty(doc: ["The open transaction."], keyword: "public let", name: "access", type: SwiftNaming.postgresQualified("PostgresTransactionAccess"))),
            ]))
    }

    private func snapshot() -> SwiftDeclaration {
        .type(SwiftTypeDeclaration(
            doc: ["The repositories of one consistent, read-only snapshot of `\(types.postgresDatabaseType)`."], keyword: "public struct",
            name: types.postgresSnapshotType, conformances: [types.tablesProtocol], members: [
                .property(SwiftProperty(doc: ["The snapshot."], keyword: "public let", name: "access", type: SwiftNaming.postgresQualified("PostgresSnapshotAccess"))),
            ]))
    }
}
