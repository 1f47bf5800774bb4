/// Every type name one schema's generated Swift library declares, decided here alone: the
/// checker reports the collisions this finds, and the Swift emitter writes exactly these names,
/// so a schema the checker accepts cannot declare one Swift type twice or shadow a runtime,
/// standard-library or Foundation type.
public struct SwiftSchemaNames: Sendable {
    /// The schema's type prefix (`DiscordBot`).
    public let prefix: String
    /// The model type of each entity, in schema order (`Warning`, `TaskManagerTask`, `StoreRecord`).
    public let entityTypes: [String]
    /// The database accessor of each entity, in schema order (`warnings`).
    public let accessors: [String]
    /// Swift types declared twice, or named like a type the library imports: the checker's errors.
    public let conflicts: [SwiftNameConflict]

    /// The facade protocol every table view conforms to (`DiscordBotTables`).
    public var tablesProtocol: String { prefix + "Tables" }
    /// The database facade (`DiscordBotDatabase`).
    public var databaseType: String { prefix + "Database" }
    /// The write-transaction view (`DiscordBotTransaction`).
    public var transactionType: String { prefix + "Transaction" }
    /// The snapshot view (`DiscordBotSnapshot`).
    public var snapshotType: String { prefix + "Snapshot" }
    /// The store layout namespace (`DiscordBotStoreLayout`).
    public var storeLayoutType: String { prefix + "StoreLayout" }
    /// The store's versions and migration steps (`DiscordBotStoreEvolution`).
    public var storeEvolutionType: String { prefix + "StoreEvolution" }
    /// The cache facade (`DiscordBotCaches`).
    public var cachesType: String { prefix + "Caches" }
    /// The named retention periods with their defaults (`DiscordBotRetentionPeriods`).
    public var retentionPeriodsType: String { prefix + "RetentionPeriods" }
    /// The database facade on PostgreSQL (`DiscordBotPostgresDatabase`), in the PostgreSQL library.
    public var postgresDatabaseType: String { prefix + "PostgresDatabase" }
    /// The write-transaction view on PostgreSQL (`DiscordBotPostgresTransaction`).
    public var postgresTransactionType: String { prefix + "PostgresTransaction" }
    /// The snapshot view on PostgreSQL (`DiscordBotPostgresSnapshot`).
    public var postgresSnapshotType: String { prefix + "PostgresSnapshot" }
    /// The module the PostgreSQL library imports the generated library as (`DiscordBotData`):
    /// the target name the package gives `Swift/` by convention.
    public var dataModule: String { prefix + "Data" }

    /// The Swift property of a named retention period (`warning_expiry` → `warningExpiry`).
    public static func retentionPeriodProperty(_ period: String) -> String { SwiftNaming.memberName(period) }

    /// Names every entity, declared type and facade type of `schema`.
    public init(_ schema: Schema) {
        prefix = SwiftNaming.typeName(schema.name)
        var declared: [(name: String, owner: String, range: SourceRange)] = []
        for type in schema.types { declared.append((Self.declaredType(type.name), "type '\(type.name)'", type.range)) }
        for enumeration in schema.enums { declared.append((Self.declaredType(enumeration.name), "enum '\(enumeration.name)'", enumeration.range)) }
        let facades = [prefix + "Tables", prefix + "Database", prefix + "Transaction", prefix + "Snapshot",
                       prefix + "StoreLayout", prefix + "StoreEvolution", prefix + "Caches", prefix + "RetentionPeriods",
                       prefix + "PostgresDatabase", prefix + "PostgresTransaction", prefix + "PostgresSnapshot"]
        // An entity whose natural name is taken by an imported or facade type gets `Record`
        // appended (`stores` → `StoreRecord`); other collisions are the schema's to resolve.
        let natural = schema.entities.map { SwiftNaming.typeName(Self.qualifiedName($0), singular: true) }
        let unavailable = SwiftNaming.importedTypeNames.union(facades)
        var taken = Set(declared.map(\.name) + natural)
        var entityTypes: [String] = []
        for name in natural {
            var typeName = name
            if unavailable.contains(typeName) {
                repeat { typeName += "Record" } while unavailable.contains(typeName) || taken.contains(typeName)
                taken.insert(typeName)
            }
            entityTypes.append(typeName)
        }
        self.entityTypes = entityTypes
        let nameCounts = Dictionary(schema.entities.map { ($0.name, 1) }, uniquingKeysWith: +)
        let accessors = schema.entities.map { entity in
            Self.memberAvoidingFacade(SwiftNaming.propertyName((nameCounts[entity.name] ?? 0) > 1 ? Self.qualifiedName(entity) : entity.name))
        }
        self.accessors = accessors

        var owners: [String: String] = [:]
        var conflicts: [SwiftNameConflict] = []
        func declare(_ name: String, _ owner: String, at range: SourceRange?) {
            if let first = owners[name] {
                conflicts.append(SwiftNameConflict(swiftName: name, first: first, second: owner, range: range, kind: "type"))
            } else if SwiftNaming.importedTypeNames.contains(name) {
                conflicts.append(SwiftNameConflict(swiftName: name, first: owner, second: nil, range: range, kind: "type"))
            }
            owners[name] = owners[name] ?? owner
        }
        for name in facades { declare(name, "the generated facade", at: nil) }
        for (name, owner, range) in declared { declare(name, owner, at: range) }
        // Derived names of an entity whose own name collides would only repeat that error.
        var distinct: [(Entity, String)] = []
        for (entity, typeName) in zip(schema.entities, entityTypes) {
            if owners[typeName] == nil { distinct.append((entity, typeName)) }
            declare(typeName, "entity '\(entity.name)'", at: entity.range)
        }
        for (entity, typeName) in distinct {
            declare(Self.repositoryType(typeName), "the repository of '\(entity.name)'", at: entity.range)
            for verb in Self.capabilityVerbs { declare(Self.capabilityType(typeName, verb: verb), "a write capability of '\(entity.name)'", at: entity.range) }
        }
        var modulePaths = Set<[String]>()
        for entity in schema.entities {
            for module in entity.access.modules {
                let parts = module.split(separator: ".").map(String.init)
                for end in parts.indices { modulePaths.insert(Array(parts[...end])) }
            }
        }
        for path in modulePaths.sorted(by: { $0.joined(separator: ".") < $1.joined(separator: ".") }) {
            let user = schema.entities.first { entity in entity.access.modules.contains { $0.hasPrefix(path.joined(separator: ".")) } }
            declare(Self.writerType(path), "the writer of module '\(path.joined(separator: "."))'", at: user?.range)
        }
        for module in AccessRules.readOnlyModules(of: schema.entities) {
            let user = schema.entities.first { $0.access.read.contains(module) }
            declare(Self.readerType(module), "the reader of module '\(module)'", at: user?.range)
        }
        for cache in schema.caches { declare(Self.cacheType(cache.name), "cache '\(cache.name)'", at: cache.range) }
        var accessorOwners: [String: String] = [:]
        for (entity, accessor) in zip(schema.entities, accessors) {
            if let first = accessorOwners[accessor] {
                conflicts.append(SwiftNameConflict(swiftName: accessor, first: first, second: "entity '\(entity.name)'",
                                                   range: entity.range, kind: "accessor"))
            }
            accessorOwners[accessor] = accessorOwners[accessor] ?? "entity '\(entity.name)'"
        }
        self.conflicts = conflicts
    }

    /// The verbs of the write-capability protocols (`WarningInserting`).
    public static let capabilityVerbs = ["Inserting", "Updating", "Deleting"]

    /// The entity's name with its namespace (`task_manager_tasks`), before conversion.
    public static func qualifiedName(_ entity: Entity) -> String {
        entity.namespace.map { "\($0)_\(entity.name)" } ?? entity.name
    }

    /// The Swift name of a declared enum or nested type: kept as written when it already is a
    /// type name (`AIInterpretation`), converted otherwise (`tasks_status` → `TasksStatus`).
    public static func declaredType(_ name: String) -> String {
        if let first = name.unicodeScalars.first, first.properties.isUppercase, !name.contains("_") { return name }
        return SwiftNaming.typeName(name)
    }

    /// The repository type of a model type (`WarningRepository`).
    public static func repositoryType(_ modelType: String) -> String { modelType + "Repository" }

    /// The writer type of a module path (`moderation.pardon` → `ModerationPardonWriter`).
    public static func writerType(_ path: [String]) -> String { path.map { SwiftNaming.typeName($0) }.joined() + "Writer" }

    /// The reader type of a read-only module (`admin.audit` → `AdminAuditReader`).
    public static func readerType(_ module: String) -> String {
        module.split(separator: ".").map { SwiftNaming.typeName(String($0)) }.joined() + "Reader"
    }

    /// The accessor of a read-only module (`db.analytics`, `db.adminAudit` for `admin.audit`), with
    /// `Reader` appended when a repository accessor, facade or writer member has the name.
    /// Write it through ``SwiftNaming/escaped(_:)``.
    public func readerAccessor(_ module: String) -> String {
        let name = SwiftNaming.memberName(module.replacingOccurrences(of: ".", with: "_"))
        let taken = Self.facadeMembers.union(Self.writerMembers).union(accessors)
        return taken.contains(name) ? name + "Reader" : name
    }

    /// Members the database and cache facades declare themselves (`db.store`, `db.write { … }`).
    public static let facadeMembers: Set<String> = ["access", "store", "caches", "read", "write", "sweep", "close", "open", "storeSchema",
                                                    "perform", "startSweeping", "retentionPeriods"]

    /// `name`, or `name` + `Records` when a facade member has it: `table store` is `db.storeRecords`.
    public static func memberAvoidingFacade(_ name: String) -> String {
        facadeMembers.contains(name) ? name + "Records" : name
    }

    /// Members every writer type declares (`moderation.now`).
    public static let writerMembers: Set<String> = ["access", "now", "base", "withSnapshot", "withTransaction"]

    /// The accessor of a writer module path component (`db.moderation`, `db.moderation.pardon`):
    /// `Writer` appended when a repository accessor, facade or writer member has the name.
    /// Write it through ``SwiftNaming/escaped(_:)``.
    public func writerAccessor(_ component: String) -> String {
        let name = SwiftNaming.memberName(component)
        let taken = Self.facadeMembers.union(Self.writerMembers).union(accessors)
        return taken.contains(name) ? name + "Writer" : name
    }

    /// The accessor of a cache key space on the caches facade (`server_info` → `serverInfo`).
    public static func cacheAccessor(_ name: String) -> String { memberAvoidingFacade(SwiftNaming.propertyName(name)) }

    /// Names repository and facade method bodies use beside field parameters
    /// (`Query(access: access, …, order: order, scope: scope)`, `insert(_ record:)`).
    public static let methodNames: Set<String> = ["access", "scope", "order", "record", "change", "elements", "tx", "now"]

    /// A field's name as a method parameter (`get(id:)`, `byGuildID(guildID:)`): its property
    /// name, with `Value` appended when a method body uses the name itself (`order` → `orderValue`).
    public static func parameter(_ property: String) -> String {
        methodNames.contains(property) ? property + "Value" : property
    }

    /// Names a cache's methods use beside its key parameters (`set(_ value:…, ttl:)`, `space()`).
    public static let cacheMethodNames: Set<String> = ["space", "value", "ttl"]

    /// The Swift name of a cache key parameter: ``SwiftNaming/memberName(_:)``, with `Key`
    /// appended when a cache method uses the name itself (`ttl` → `ttlKey`).
    public static func cacheParameter(_ name: String) -> String {
        let member = SwiftNaming.memberName(name)
        return cacheMethodNames.contains(member) ? member + "Key" : member
    }

    /// The type of a cache key space (`server_info` → `ServerInfoCache`).
    public static func cacheType(_ name: String) -> String { SwiftNaming.typeName(name) + "Cache" }

    /// The property of a field (`guild_id` → `guildID`, `self` → `selfValue`), unescaped: write
    /// it through ``SwiftNaming/escaped(_:)``. Also the name of its column constant in `Columns`.
    public static func property(_ fieldName: String) -> String { SwiftNaming.memberName(fieldName) }

    /// The case of a schema enum case (`default` → `default`, escaped when written).
    public static func enumCase(_ caseName: String) -> String { SwiftNaming.memberName(caseName) }

    /// The types every generated model nests: its coding keys, its column positions and its
    /// composite primary key. ``SwiftNaming/standardTypeNames`` reserves them.
    public static let codingKeysType = "CodingKeys"
    /// See ``codingKeysType``: `Warning.Columns.guildID` is the row position of `guild_id`.
    public static let columnsType = "Columns"
    /// See ``codingKeysType``: the composite primary key of a model.
    public static let compositeKeyType = "ID"
    /// See ``codingKeysType``: the typed query fields of a model (`Message.QueryFields`).
    public static let queryFieldsType = "QueryFields"
    /// The model's static property holding its ``queryFieldsType`` value (`Message.queryFields`).
    public static let queryFieldsProperty = "queryFields"
    /// The repository method running a planned typed filter (`messages.filter { $0.chatID == 5 }`).
    public static let filterMethod = "filter"
    /// The file of a model's query fields (`Queries/Message+QueryFields.swift`).
    public static func queryFieldsFile(_ modelType: String) -> String { "Queries/\(modelType)+\(queryFieldsType).swift" }

    /// The query method over index fields (`guild_id`, `user_id` → `byGuildIDUserID`).
    public static func queryMethod(_ fieldNames: [String]) -> String {
        "by" + fieldNames.map { SwiftNaming.typeName($0) }.joined()
    }

    /// The method appending to a `keep newest` array field (`history` → `appendToHistory`).
    public static func appendMethod(_ fieldName: String) -> String { "appendTo" + SwiftNaming.typeName(fieldName) }

    /// The model's static property holding the multikey index over an array field
    /// (`tags` → `tagsMultikeyIndex`); no other static member of a model ends so.
    public static func multikeyIndexProperty(_ fieldName: String) -> String { property(fieldName) + "MultikeyIndex" }

    /// The write-capability protocol of a model type for one of ``capabilityVerbs`` (`WarningInserting`).
    public static func capabilityType(_ modelType: String, verb: String) -> String { modelType + verb }

    /// The file holding code that is not one type's (`DiscordBot+Database.swift`): `+` is never
    /// part of a type name, so it cannot collide with `Models/<Type>.swift` once SwiftPM
    /// flattens the folders into one module.
    public func topicFile(_ topic: String) -> String { "\(prefix)+\(topic).swift" }
}

/// A Swift type name two schema declarations would both get, or one shadowing an imported type.
public struct SwiftNameConflict: Sendable, Hashable {
    /// The Swift type name.
    public let swiftName: String
    /// What gets it first (`entity 'users'`).
    public let first: String
    /// What gets it too, or nil when `first` shadows a runtime, standard-library or Foundation type.
    public let second: String?
    /// Where the second (or shadowing) declaration is; nil for the generated facade.
    public let range: SourceRange?
    /// What the name is: `type` or `accessor`.
    public let kind: String
}
