import SchemaLanguage

/// A field as generated Swift sees it: its property name, row position and Swift type.
struct SwiftField {
    let field: Field
    /// The property name, backticked when a keyword.
    let property: String
    /// The property name without backticks, for labels in composed names.
    let bareProperty: String
    /// The name as a repository or facade method parameter (see ``SwiftSchemaNames/parameter(_:)``).
    var bareParameter: String { SwiftSchemaNames.parameter(bareProperty) }
    /// ``bareParameter``, backticked when a keyword.
    var parameter: String { SwiftNaming.escaped(bareParameter) }
    /// Position in the store row (entities) or in the encoding (nested types).
    let position: Int
    /// The Swift type without optionality.
    let baseType: String
    /// A required `= now` field of an entity: kept in optional backing storage (``storage``) so
    /// that, left out of the initializer, the insert stamps it with the database clock.
    var isStampedOnInsert = false

    /// The stored property holding the value: ``bareProperty``, or `_<bareProperty>` (optional)
    /// for a field stamped on insert.
    var storage: String { isStampedOnInsert ? "_" + bareProperty : bareProperty }

    /// The Swift type of the property.
    var type: String { field.isOptional ? "\(baseType)?" : baseType }
    /// The type spelled so that `T(from:)` / `T(storeValue:)` can be called on it.
    var constructorType: String { field.isOptional ? "Optional<\(baseType)>" : baseType }
    /// Whether the field is a decimal (stored scaled, so outside ``ColumnValue``).
    var decimalScale: Int? { if case .decimal(_, let scale) = field.type { scale } else { nil } }
    /// The physical name (coding key, store column, validation path).
    var physical: String { field.physicalName }
}

/// A multikey index over an array field and its side table.
struct SwiftMultikeyIndex {
    let index: Index
    /// The array field.
    let field: SwiftField
    /// The array's element type.
    let element: FieldType
    /// The side table: (element, primary key…), primary key all columns.
    let table: String
    /// The side table's element column.
    let elementColumn: String
    /// The side table's index on the primary-key columns.
    var ownerIndex: String { "\(table)_owner" }
}

/// An entity with the names its generated code uses.
struct SwiftEntity {
    let entity: Entity
    /// The model struct (`Warning`).
    let typeName: String
    /// The accessor on the database (`warnings`, or `tasks` for a scoped entity's function).
    let accessor: String
    /// The fields with positions.
    let fields: [SwiftField]
    /// The store table name.
    var table: String { entity.physicalName }
    /// The repository type (`WarningRepository`).
    var repositoryName: String { SwiftSchemaNames.repositoryType(typeName) }
    /// Scope fields: partition keys, then the owner.
    var scopeFields: [SwiftField] {
        var names = entity.partitionKeys
        if let owner = entity.access.owner, !names.contains(owner) { names.append(owner) }
        return names.compactMap(field(named:))
    }
    /// Whether it is reached only through an owner or partition scope.
    var isScoped: Bool { !scopeFields.isEmpty }
    func field(named name: String) -> SwiftField? { fields.first { $0.field.name == name } }
    var primaryKey: [SwiftField] { entity.primaryKey.compactMap(field(named:)) }
    /// Indexes the store keeps as ordered indexes (``StoreIndexSupport`` decides, for the checks too).
    var storedIndexes: [Index] { entity.indexes.filter { StoreIndexSupport($0, of: entity) == .ordered } }
    /// The integer primary key the store assigns on insert, if any.
    var autoIncrementField: SwiftField? {
        fields.first { $0.field.isAuto && $0.field.type.isInteger && entity.primaryKey == [$0.field.name] }
    }
    /// The row position constant of a field: `Columns.guildID`, or `Warning.Columns.guildID`
    /// outside the model's own declarations.
    func column(_ field: SwiftField, qualified: Bool = false) -> SwiftExpression {
        .code((qualified ? "\(typeName)." : "") + "\(SwiftSchemaNames.columnsType).\(field.property)")
    }
    /// `[Columns.a, Columns.b]`.
    func columns(_ fields: [SwiftField], qualified: Bool = false) -> SwiftExpression {
        .array(fields.map { column($0, qualified: qualified) })
    }
    /// Multikey indexes: single-column, non-unique, unconditional indexes over an array of
    /// scalars or enums, each kept in a side table of (element, primary key).
    var multikeyIndexes: [SwiftMultikeyIndex] {
        entity.indexes.compactMap { index in
            guard case .multikey(let element) = StoreIndexSupport(index, of: entity), let field = field(named: index.columns[0].field) else { return nil }
            let taken = Set(primaryKey.map(\.physical))
            return SwiftMultikeyIndex(index: index, field: field, element: element,
                                      table: "\(table)__\(index.name)", elementColumn: taken.contains("element") ? "element_value" : "element")
        }
    }
    /// The operations a restricted entity allows, with the protocol naming each; nil entries are unrestricted.
    func capability(_ operation: WriteOperation) -> Capability {
        if entity.isAppendOnly && operation != .insert { return .forbidden }
        guard let modules = entity.access.modules(allowedTo: operation) else { return .anyone }
        if modules.isEmpty { return .forbidden }
        let verb = switch operation {
        case .insert: SwiftSchemaNames.capabilityVerbs[0]
        case .update: SwiftSchemaNames.capabilityVerbs[1]
        case .delete: SwiftSchemaNames.capabilityVerbs[2]
        }
        return .modules(protocolName: SwiftSchemaNames.capabilityType(typeName, verb: verb), modules: modules)
    }
}

/// Who may perform a write operation.
enum Capability: Equatable {
    case anyone
    case forbidden
    case modules(protocolName: String, modules: [String])

    /// The constraint a repository extension needs, or nil when forbidden.
    var constraint: String? {
        switch self {
        case .anyone: "WriteAccess"
        case .forbidden: nil
        case .modules(let name, _): name
        }
    }
}

/// The Swift names of one schema's generated code as ``SwiftSchemaNames`` (the authority the
/// checker uses too) decides them, gathered per entity with fields and positions. It decides no
/// name itself.
struct SwiftNames {
    let schema: Schema
    /// Every generated type name.
    let types: SwiftSchemaNames
    /// `DiscordBot`.
    var prefix: String { types.prefix }
    let entities: [SwiftEntity]

    init(_ schema: Schema) {
        self.schema = schema
        types = SwiftSchemaNames(schema)
        entities = zip(schema.entities, zip(types.entityTypes, types.accessors)).map { entity, names in
            let fields = entity.fields.enumerated().map { position, field in
                var swiftField = SwiftNames.field(field, position: position)
                swiftField.isStampedOnInsert = !field.isOptional && field.defaultValue == .now
                return swiftField
            }
            return SwiftEntity(entity: entity, typeName: names.0, accessor: names.1, fields: fields)
        }
    }

    static func field(_ field: Field, position: Int) -> SwiftField {
        let bare = SwiftSchemaNames.property(field.name)
        return SwiftField(field: field, property: SwiftNaming.escaped(bare), bareProperty: bare, position: position,
                          baseType: swiftType(field.type))
    }

    /// The Swift type of a schema type (without optionality).
    static func swiftType(_ type: FieldType) -> String {
        switch type {
        case .int32: "Int32"
        case .int64: "Int64"
        case .double: "Double"
        case .decimal: "Decimal"
        case .bool: "Bool"
        case .string, .text: "String"
        case .timestamp, .date: "Date"
        case .uuid: "UUID"
        case .bytes: "Data"
        case .json: "JSONValue"
        case .objectID: "ObjectID"
        case .enumeration(let type): declaredType(type.name)
        case .nested(let name): declaredType(name)
        case .array(let element): "[\(swiftType(element))]"
        }
    }

    func entity(named name: String) -> SwiftEntity? { entities.first { $0.entity.name == name } }

    /// The Swift name of a declared enum or nested type (see ``SwiftSchemaNames/declaredType(_:)``).
    static func declaredType(_ name: String) -> String { SwiftSchemaNames.declaredType(name) }
}
