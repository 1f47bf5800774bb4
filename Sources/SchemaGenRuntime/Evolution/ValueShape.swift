import Foundation

/// What a column's values mean, beyond the storage type the engine orders them by.
///
/// The catalog records the shape of every column it was written with, down to the fields of
/// nested documents and the cases of enums, so that opening a store with a schema whose shapes
/// differ is either migrated (see ``StoreEvolution``) or refused — never misread. A nested
/// document's bytes carry no field names (see ``BinaryWriter``); its ``ValueShape/document(_:fields:)``
/// shape is what says which bytes belong to which field.
public indirect enum ValueShape: Codable, Sendable, Hashable {
    /// A signed integer of `bits` (32 or 64) bits; stored as ``ColumnType/int``.
    case integer(bits: Int)
    /// An IEEE-754 double.
    case double
    /// A decimal with `precision` digits, `scale` of them after the point; a column stores it
    /// as an integer scaled by 10^scale, a document field as its decimal text.
    case decimal(precision: Int, scale: Int)
    /// A boolean.
    case bool
    /// A string of at most `maxLength` characters (`nil`: unbounded text).
    case string(maxLength: Int?)
    /// An instant (microseconds since 1970).
    case timestamp
    /// A calendar date (stored as the timestamp of its midnight UTC).
    case date
    /// A UUID.
    case uuid
    /// Raw bytes.
    case bytes
    /// A JSON value (``JSONValue``'s tagged binary encoding).
    case json
    /// A MongoDB-style object id (``ObjectID``).
    case objectID
    /// A string enum named `name` whose values are `cases` (raw values, in declaration order).
    case enumeration(_ name: String, cases: [String])
    /// A nested document named `name`: its fields encoded in this order (``BinaryWriter``).
    case document(_ name: String, fields: [DocumentField])
    /// An array of `element`s, at most `maxCount` of them (`nil`: unbounded).
    case array(_ element: ValueShape, maxCount: Int?)
}

/// One field of a nested document's shape.
public struct DocumentField: Codable, Sendable, Hashable {
    /// The field's schema name (a document is encoded by position; the name identifies the field across versions).
    public var name: String
    /// The shape of its values.
    public var shape: ValueShape
    /// Whether the field may be absent (encoded with a presence byte).
    public var isOptional: Bool

    /// A field named `name`.
    public init(_ name: String, _ shape: ValueShape, optional: Bool = false) {
        self.name = name
        self.shape = shape
        self.isOptional = optional
    }
}
