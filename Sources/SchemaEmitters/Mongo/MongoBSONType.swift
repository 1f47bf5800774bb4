import SchemaLanguage

/// How schema field types map to MongoDB `$jsonSchema` `bsonType`s.
///
/// | schema type | `bsonType` | notes |
/// | --- | --- | --- |
/// | `int32` | `"int"` | |
/// | `int64` | `["long", "int"]` | drivers store small integers as `int`; both are accepted |
/// | `double` | `["double", "int", "long"]` | drivers store whole numbers (`30`) as integers; all are accepted |
/// | `decimal(p, s)` | `"decimal"` | Decimal128; precision and scale are not enforced |
/// | `bool` | `"bool"` | |
/// | `string`, `string(n)`, `text` | `"string"` | with `maxLength` / `minLength` / `pattern` from the field's checks |
/// | `timestamp`, `date` | `"date"` | BSON dates; TTL indexes only work on these |
/// | `uuid` | `"string"` | canonical 36-character text, checked with a `pattern`; chosen over `binData` so documents read the same in every driver and in JSON exports |
/// | `bytes` | `"binData"` | |
/// | `json` | none | any JSON value: object, array, string, number, boolean or null (MongoDB `Mixed`) |
/// | `objectid` | `"objectId"` | |
/// | enum | `enum: [raw values]` | no `bsonType`: the value list says it all |
/// | nested type | `"object"` | with `properties` and `required` of the type, recursively |
/// | `[T]` | `"array"` | `items` is the element's schema; `keep newest N` adds `maxItems: N` |
/// | `T?` | adds `"null"` | an optional field may be absent or null; an optional enum lists `null` |
///
/// `min`/`max` become `minimum`/`maximum`. Documents may carry keys the schema does not declare
/// (no `additionalProperties: false`), so older documents and driver-added keys stay valid.
enum MongoBSONType {
    /// The `bsonType` names a value of this type may have, or nil when no `bsonType` applies:
    /// enums are checked by their value list, and `json` takes any value.
    static func names(for type: FieldType) -> [String]? {
        switch type {
        case .int32: ["int"]
        case .int64: ["long", "int"]
        case .double: ["double", "int", "long"]
        case .decimal: ["decimal"]
        case .bool: ["bool"]
        case .string, .text, .uuid: ["string"]
        case .timestamp, .date: ["date"]
        case .bytes: ["binData"]
        case .nested: ["object"]
        case .json: nil
        case .objectID: ["objectId"]
        case .array: ["array"]
        case .enumeration: nil
        }
    }

    /// The `pattern` a canonical UUID string matches.
    /// (Anchored by ``WholeMatchPattern`` like every pattern.)
    static let uuidPattern = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
}
