/// The OIDs of PostgreSQL's built-in types this library encodes and decodes (fixed in
/// `pg_type.dat`, identical on every server). Enum types get their OIDs per database.
enum PostgresTypeOID {
    static let unspecified: UInt32 = 0
    static let bool: UInt32 = 16
    static let bytea: UInt32 = 17
    static let char: UInt32 = 18
    static let name: UInt32 = 19
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
    static let text: UInt32 = 25
    static let oid: UInt32 = 26
    static let json: UInt32 = 114
    static let float4: UInt32 = 700
    static let float8: UInt32 = 701
    static let unknown: UInt32 = 705
    static let bpchar: UInt32 = 1042
    static let varchar: UInt32 = 1043
    static let date: UInt32 = 1082
    static let timestamp: UInt32 = 1114
    static let timestamptz: UInt32 = 1184
    static let numeric: UInt32 = 1700
    static let uuid: UInt32 = 2950
    static let jsonb: UInt32 = 3802
    /// What a function returning nothing (`pg_advisory_lock`, `pg_sleep`) yields; read as NULL.
    static let void: UInt32 = 2278

    /// Element OID → array OID, for the element types `PostgresArrayElement` names.
    static let arrayOf: [UInt32: UInt32] = [
        bool: 1000, bytea: 1001, char: 1002, name: 1003, int2: 1005, int4: 1007, text: 1009, oid: 1028,
        bpchar: 1014, varchar: 1015, int8: 1016, float4: 1021, float8: 1022, timestamp: 1115,
        date: 1182, timestamptz: 1185, numeric: 1231, uuid: 2951, json: 199, jsonb: 3807,
    ]

    /// Array OID → element OID.
    static let elementOf: [UInt32: UInt32] = Dictionary(uniqueKeysWithValues: arrayOf.map { ($1, $0) })
}

/// What a type OID that is not built in turned out to be, from `pg_type`.
enum CatalogType: Sendable, Hashable {
    /// An enum type, by name.
    case enumeration(name: String)
    /// An array whose elements have this OID.
    case array(element: UInt32)
    /// A domain over this base type.
    case domain(base: UInt32)
    /// Anything else (a composite, a range, an extension's type), by name.
    case unsupported(name: String)
}
