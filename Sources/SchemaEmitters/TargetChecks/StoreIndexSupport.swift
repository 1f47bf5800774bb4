import SchemaLanguage

/// How the embedded store serves an index: the one decision the Swift emitter (which indexes
/// get a store index and a query method) and the store's target check (which indexes to warn
/// about) both read.
public enum StoreIndexSupport: Sendable, Hashable {
    /// An ordered index over scalar fields, with equality and range queries.
    case ordered
    /// A multikey index over an array of scalars (one side-table row per element): a lone,
    /// plain index (not unique, no condition, no TTL) whose array holds this element type.
    case multikey(element: FieldType)
    /// Kept by the database servers only: this field cannot be a store key (a document, an
    /// array outside a multikey index, or a decimal, which the store keeps scaled).
    case serversOnly(field: Field)

    /// How the store serves `index` of `entity`.
    public init(_ index: Index, of entity: Entity) {
        let fields = index.fieldNames.compactMap(entity.field(named:))
        if fields.count == 1, !index.isUnique, index.condition == nil, index.ttl == nil,
           case .array(let element) = fields[0].type, Self.isKey(element) {
            self = .multikey(element: element)
        } else if let field = fields.first(where: { !Self.isKey($0.type) }) {
            self = .serversOnly(field: field)
        } else {
            self = .ordered
        }
    }

    /// Whether values of the type can be store index keys: scalars and enums, not documents,
    /// arrays or decimals.
    static func isKey(_ type: FieldType) -> Bool {
        switch type {
        case .json, .nested, .array, .decimal: false
        default: true
        }
    }
}
