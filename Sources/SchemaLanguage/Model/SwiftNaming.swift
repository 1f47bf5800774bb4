/// How schema names become Swift names. Lives with the model because the checker must reject
/// schemas whose names would collide once converted (`user_id` and `userId` both become `userID`).
public enum SwiftNaming {
    /// Words written all upper-case in Swift names (`userID`, `imageURL`).
    static let initialisms: Set<String> = ["id", "url", "uuid", "ip", "ttl", "ai", "api", "json", "xp"]

    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousWasLower = false
        for character in name {
            if character == "_" || character == "-" || character == " " {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousWasLower = false
                continue
            }
            if character.isUppercase && previousWasLower {
                words.append(current)
                current = ""
            }
            current.append(character)
            previousWasLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    static func capitalized(_ word: String) -> String {
        let lower = word.lowercased()
        if initialisms.contains(lower) { return lower.uppercased() }
        return lower.prefix(1).uppercased() + lower.dropFirst()
    }

    /// `created_at` → `createdAt`, `user_id` → `userID`, `_id` → `id`.
    public static func propertyName(_ name: String) -> String {
        let parts = words(name)
        guard let first = parts.first else { return "value" }
        var result = first.lowercased() + parts.dropFirst().map(capitalized).joined()
        if let initial = result.first, initial.isNumber { result = "_" + result }
        return result
    }

    /// `guild_members` → `GuildMember`, `user_preferences` (a type) → `UserPreferences` when not singularized.
    public static func typeName(_ name: String, singular: Bool = false) -> String {
        var parts = words(name).map(capitalized)
        if singular, let last = parts.popLast() { parts.append(singularize(last)) }
        var result = parts.joined()
        if let initial = result.first, initial.isNumber { result = "_" + result }
        return result.isEmpty ? "Value" : result
    }

    /// A naive English singular, good for table names (`summaries` → `summary`, `users` → `user`).
    public static func singularize(_ word: String) -> String {
        let lower = word.lowercased()
        if lower.hasSuffix("ies") && word.count > 3 { return String(word.dropLast(3)) + "y" }
        if lower.hasSuffix("sses") || lower.hasSuffix("xes") || lower.hasSuffix("ches") || lower.hasSuffix("shes") {
            return String(word.dropLast(2))
        }
        if lower.hasSuffix("s") && !lower.hasSuffix("ss") && !lower.hasSuffix("us") && !lower.hasSuffix("is")
            && word.count > 1 {
            return String(word.dropLast())
        }
        return word
    }

    /// Member names a field or enum case cannot take even backticked: `x.self`, `x.init` and
    /// `x.Type` mean something else after a dot, a parameter named `self` hides `self`, and the
    /// rest are members every generated model has (its row, coding, validation and hashing).
    public static let reservedMemberNames: Set<String> = [
        "self", "Self", "init", "deinit", "subscript", "super", "Type", "Protocol",
        "row", "applyInsertDefaults", "applyWriteTimestamps", "keepInsertDefaults", "collectFailures", "validate",
        "validated", "isValid", "encode",
    ]

    /// The property or enum case name of a schema field or case: ``propertyName(_:)``, with
    /// `Value` appended when that is a ``reservedMemberNames`` entry (`self` → `selfValue`).
    /// Write it through ``escaped(_:)``.
    public static func memberName(_ name: String) -> String {
        let property = propertyName(name)
        return reservedMemberNames.contains(property) ? property + "Value" : property
    }

    /// Swift keywords that need backticks when used as identifiers.
    public static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static",
        "struct", "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do",
        "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while",
        "as", "any", "catch", "false", "is", "nil", "super", "self", "Self", "throw", "throws", "true", "try",
        "Type", "Protocol",
    ]

    /// The identifier as it must be written in Swift source (backticked when a keyword).
    public static func escaped(_ identifier: String) -> String {
        keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }

    /// Every public type of `SchemaGenRuntime`; a test reads the runtime's sources and fails when
    /// one is missing, so a generated type can never shadow one.
    public static let runtimeTypeNames: Set<String> = [
        "ArrayElementTest", "ArrayQueryField", "BTreeInvariantViolation", "BackgroundSweeper", "BinaryCodable", "BinaryDecodingError", "BinaryReader", "BinaryWriter", "CapRule",
        "Check", "ColumnDecodingError", "ColumnDefinition", "ColumnOrder", "ColumnType", "ColumnValue",
        "CommitDurability", "ComparisonOperator", "DatabaseSweepReport", "DecimalColumn", "DecimalQueryField", "DerivedColumn", "DocumentMember", "DocumentQueryField", "DocumentValue", "Durability",
        "FilterableDocument", "FilterableRecord", "ForeignKeyDefinition", "GroupOrder", "GroupedQuery", "HandlerFailure", "IndexColumn", "IndexDefinition", "IndexKeyEncoder", "JSONValue", "KeyRange",
        "MemberQueryField", "MultikeyIndex", "NumericTotal", "ObjectID", "OwnerReference", "POSIXFileSystem", "Page", "PageCursor", "PageTokenCodec",
        "PageTokenError", "Query", "QueryAggregateError", "QueryColumn", "QueryField", "QueryFilter",
        "QueryGroup", "QueryOperand", "QueryOrder", "QueryPlan", "QuerySum", "QueryValue",
        "ReadAccess", "RecordError", "RecordOperations", "ReferentialAction", "RelatedTime", "Retention", "RetentionAction", "RetentionError", "RetentionSweeping",
        "RollUpKey", "RollUpTarget", "RollUpTotal", "RootAccess", "Row", "RowCondition", "RowCursor", "RowReader", "ScanBound", "ScanDirection", "ScanStep", "Scope", "Snapshot",
        "SnapshotAccess", "StorageFile", "StorageFileSystem", "StorageLock", "Store", "StoreAccess", "StoreError",
        "StoreOptions", "StoreSchema", "StoreTime", "StoreValue", "StoredRecord", "SummableQueryValue", "SweepReport", "TTLSpace",
        "TableDefinition", "TableCatalog", "TableReader", "TableWriter", "TransactionAccess", "TypedCache", "Validatable", "ValidationError", "ValidationFailure",
        "UnsupportedOperation", "VerificationReport", "WriteAccess", "WriteTransaction",
        // Store evolution (Evolution/).
        "ColumnSource", "DocumentField", "DocumentSource", "MigrationFailure", "MigrationRow", "MigrationRowError",
        "StoreChange", "StoreEvolution", "StoreMigrationPolicy", "StoreMigrationProgress", "StoreTransform", "StoreVersion",
        "StoreVersionStep", "ValueShape",
        // Operations (Operations/).
        "BackupManifest", "CivilInstant", "Function", "LogSummary", "PointInTimeRestoreReport", "PortableField", "PortableJSONError", "PortableValue", "PortableValueError", "PushdownAggregate", "PushdownGroup", "PushdownGroupPart", "PushdownOperation", "PushdownRange", "PushdownRequest", "PushdownResult", "StoreInspection", "StoreOperationError", "TableSummary",
    ]

    /// Standard-library and Foundation types and modules generated code names or that user code
    /// importing the library expects to mean the usual thing.
    public static let standardTypeNames: Set<String> = [
        "Swift", "Foundation", "SchemaGenRuntime", "SchemaGenPostgres", "SchemaGenPostgresAccess",
        "Any", "AnyObject", "Array", "Bool", "Character", "Codable", "CodingKey", "Collection", "Comparable", "Data",
        "Date", "Decimal", "Decodable", "Decoder", "Dictionary", "Double", "Duration", "Encodable", "Encoder", "Equatable", "Error",
        "Float", "Group", "Hashable", "Identifiable", "Index", "Int", "Int8", "Int16", "Int32", "Int64", "JSONDecoder",
        "JSONEncoder", "Never", "Notification", "Optional", "Protocol", "Range", "Result", "Self", "Sendable", "Sequence",
        "Set", "String", "Substring", "Task", "Type", "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "URL", "UUID",
        "Void", "Conditions", "Value",
        // Types nested in generated models (``SwiftSchemaNames/modelNestedTypes``): a field of a
        // schema type with one of these names would mean the nested type inside the model.
        "CodingKeys", "Columns", "ID", "QueryFields",
        // Generic parameters of generated repositories, writers and facades.
        "Access", "Base", "T",
    ]

    /// The public types of `SchemaGenPostgres` and `SchemaGenPostgresAccess` the PostgreSQL facade
    /// (`SwiftPostgres/`) names, with their modules. Not reserved like ``runtimeTypeNames``: the
    /// facade imports the generated library, whose entity types may take these names, so it
    /// always writes them qualified (``postgresQualified(_:)``).
    public static let postgresTypeModules: [String: String] = [
        "PostgresAccess": "SchemaGenPostgresAccess", "PostgresTransactionAccess": "SchemaGenPostgresAccess",
        "PostgresSnapshotAccess": "SchemaGenPostgresAccess", "PostgresRetentionJob": "SchemaGenPostgresAccess",
        "WriterRoleRefusal": "SchemaGenPostgresAccess", "PostgresSchemaMismatch": "SchemaGenPostgresAccess",
        "PostgresDatabaseFacade": "SchemaGenPostgresAccess",
        "PostgresMigration": "SchemaGenPostgres", "MigrationState": "SchemaGenPostgres", "MigrationFolder": "SchemaGenPostgres",
        "MigrationRefusal": "SchemaGenPostgres", "PostgresError": "SchemaGenPostgres",
    ]

    /// `SchemaGenPostgresAccess.PostgresAccess`: a type of ``postgresTypeModules`` with its module.
    public static func postgresQualified(_ name: String) -> String {
        postgresTypeModules[name].map { "\($0).\(name)" } ?? name
    }

    /// Type names a generated library must not declare: it imports or is imported beside them.
    public static let importedTypeNames: Set<String> = runtimeTypeNames.union(standardTypeNames)
}
