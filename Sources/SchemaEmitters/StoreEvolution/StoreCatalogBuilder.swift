import SchemaLanguage

/// Builds the embedded store's catalog of a schema: the same tables, columns, keys, indexes
/// (partial conditions included), foreign keys and TTL spaces the Swift emitter's `StoreLayout`
/// declares, plus the shape of every column. A test compares the two for every seed.
public struct StoreCatalogBuilder: Sendable {
    /// The schema described.
    public let schema: Schema

    /// A builder for `schema`.
    public init(_ schema: Schema) { self.schema = schema }

    /// The catalog.
    public func catalog() -> StoreCatalog {
        var tables: [StoreCatalog.Table] = []
        for entity in schema.entities {
            tables.append(table(entity))
            tables += multikeyIndexes(of: entity).map { sideTable($0, of: entity) }
        }
        return StoreCatalog(tables: tables, keyValueSpaces: schema.caches.map(\.name))
    }

    // MARK: Which indexes the store keeps

    /// Whether equality and range queries (so store indexes) can address a field's values.
    static func isQueryable(_ type: FieldType) -> Bool {
        switch type {
        case .json, .nested, .array, .decimal: false
        default: true
        }
    }

    /// Indexes the store keeps as index trees: those over queryable fields only.
    static func storedIndexes(of entity: Entity) -> [Index] {
        entity.indexes.filter { index in
            index.fieldNames.allSatisfy { name in entity.field(named: name).map { isQueryable($0.type) } ?? false }
        }
    }

    /// A multikey index (over an array of scalars) and its side table's names.
    struct MultikeyIndex {
        let index: Index
        let field: Field
        let element: FieldType
        let table: String
        let elementColumn: String
    }

    /// Single-column, non-unique, unconditional indexes over an array of scalars or enums.
    func multikeyIndexes(of entity: Entity) -> [MultikeyIndex] {
        entity.indexes.compactMap { index in
            guard index.columns.count == 1, !index.isUnique, index.condition == nil, index.ttl == nil,
                  let field = entity.field(named: index.columns[0].field), case .array(let element) = field.type,
                  Self.isQueryable(element) else { return nil }
            let taken = Set(entity.primaryKeyFields.map(\.physicalName))
            return MultikeyIndex(index: index, field: field, element: element, table: "\(entity.physicalName)__\(index.name)",
                                 elementColumn: taken.contains("element") ? "element_value" : "element")
        }
    }

    // MARK: Tables

    private func table(_ entity: Entity) -> StoreCatalog.Table {
        let columns = entity.fields.map { field in
            StoreCatalog.Column(name: field.physicalName, storage: Self.storage(field.type), isNullable: field.isOptional,
                                shape: shape(field.type, cap: field.keepNewest))
        }
        let auto = entity.fields.contains { $0.isAuto && $0.type.isInteger && entity.primaryKey == [$0.name] }
        let indexes = Self.storedIndexes(of: entity).map { index in
            StoreCatalog.Index(
                name: index.name,
                columns: index.columns.map { StoreCatalog.IndexColumn(name: physical($0.field, in: entity), descending: $0.descending) },
                isUnique: index.isUnique, condition: index.condition.map { condition($0, in: entity) })
        }
        let foreignKeys = entity.foreignKeys.compactMap { field, reference -> StoreCatalog.ForeignKey? in
            guard let parent = schema.entity(named: reference.entity),
                  let parentField = parent.field(named: reference.field) else { return nil }
            return StoreCatalog.ForeignKey(name: "fk_\(entity.physicalName)_\(field.physicalName)", columns: [field.physicalName],
                                           parentTable: parent.physicalName, parentColumns: [parentField.physicalName],
                                           onDelete: reference.onDelete == .setNull ? "setNull" : reference.onDelete.rawValue)
        }
        return StoreCatalog.Table(name: entity.physicalName, columns: columns,
                                  primaryKey: entity.primaryKeyFields.map(\.physicalName), autoIncrement: auto,
                                  indexes: indexes, foreignKeys: foreignKeys)
    }

    /// The side table of a multikey index: one row per (distinct element, record), removed with the record.
    private func sideTable(_ index: MultikeyIndex, of entity: Entity) -> StoreCatalog.Table {
        let keys = entity.primaryKeyFields.map(\.physicalName)
        var columns = [StoreCatalog.Column(name: index.elementColumn, storage: Self.storage(index.element), isNullable: false,
                                           shape: shape(index.element, cap: nil))]
        columns += entity.primaryKeyFields.map { field in
            StoreCatalog.Column(name: field.physicalName, storage: Self.storage(field.type), isNullable: false,
                                shape: shape(field.type, cap: field.keepNewest))
        }
        return StoreCatalog.Table(
            name: index.table, columns: columns, primaryKey: [index.elementColumn] + keys, autoIncrement: false,
            indexes: [StoreCatalog.Index(name: "\(index.table)_owner",
                                         columns: keys.map { StoreCatalog.IndexColumn(name: $0, descending: false) },
                                         isUnique: false, condition: nil)],
            foreignKeys: [StoreCatalog.ForeignKey(name: "fk_\(index.table)", columns: keys, parentTable: entity.physicalName,
                                                  parentColumns: keys, onDelete: "cascade")])
    }

    private func physical(_ field: String, in entity: Entity) -> String {
        entity.field(named: field)?.physicalName ?? field
    }

    // MARK: Types and shapes

    /// The runtime `ColumnType` a field type is stored as.
    static func storage(_ type: FieldType) -> String {
        switch type {
        case .int32, .int64, .decimal: "int"
        case .double: "double"
        case .bool: "bool"
        case .string, .text, .enumeration: "string"
        case .timestamp, .date: "timestamp"
        case .uuid: "uuid"
        case .bytes, .json, .objectID, .nested, .array: "bytes"
        }
    }

    /// The shape of a field type's values; `cap` is an array field's `keep newest`.
    func shape(_ type: FieldType, cap: Int?) -> StoreShape {
        switch type {
        case .int32: .integer(bits: 32)
        case .int64: .integer(bits: 64)
        case .double: .double
        case .decimal(let precision, let scale): .decimal(precision: precision, scale: scale)
        case .bool: .bool
        case .string(let maxLength): .string(maxLength: maxLength)
        case .text: .string(maxLength: nil)
        case .timestamp: .timestamp
        case .date: .date
        case .uuid: .uuid
        case .bytes: .bytes
        case .json: .json
        case .objectID: .objectID
        case .enumeration(let enumType): .enumeration(enumType.name, cases: enumType.rawValues)
        case .nested(let name): .document(name, fields: documentFields(name))
        case .array(let element): .array(shape(element, cap: nil), maxCount: cap)
        }
    }

    /// A nested type's fields in encoding (declaration) order; the checker rules out cycles.
    func documentFields(_ name: String) -> [StoreDocumentField] {
        (schema.type(named: name)?.fields ?? []).map { field in
            StoreDocumentField(name: field.name, shape: shape(field.type, cap: field.keepNewest), isOptional: field.isOptional)
        }
    }

    // MARK: Conditions

    /// A schema condition over `entity`'s physical columns, literals as the columns store them.
    func condition(_ condition: Condition, in entity: Entity) -> StoreCondition {
        switch condition {
        case .comparison(let field, let op, let value):
            let name = switch op {
            case .equal: "equal"
            case .notEqual: "notEqual"
            case .less: "less"
            case .lessOrEqual: "lessOrEqual"
            case .greater: "greater"
            case .greaterOrEqual: "greaterOrEqual"
            }
            return .compare(physical(field, in: entity), name, literal(value, field: entity.field(named: field)))
        case .isIn(let field, let values):
            return .or(values.map { .compare(physical(field, in: entity), "equal", literal($0, field: entity.field(named: field))) })
        case .isNull(let field): return .isNull(physical(field, in: entity))
        case .isNotNull(let field): return .isNotNull(physical(field, in: entity))
        case .and(let left, let right): return .and([self.condition(left, in: entity), self.condition(right, in: entity)])
        case .or(let left, let right): return .or([self.condition(left, in: entity), self.condition(right, in: entity)])
        case .not(let inner): return .not(self.condition(inner, in: entity))
        }
    }

    /// A condition literal as the field stores it (decimals scaled, enums by raw value).
    func literal(_ literal: Literal, field: Field?) -> StoreLiteral {
        switch literal {
        case .integer(let value):
            if case .decimal(_, let scale)? = field?.type {
                var scaled = value
                for _ in 0..<scale { scaled *= 10 }
                return .int(scaled)
            }
            return field?.type == .double ? .double(String(value)) : .int(value)
        case .number(_, let text): return .double(text)
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .enumCase(_, let raw): return .string(raw)
        }
    }
}
