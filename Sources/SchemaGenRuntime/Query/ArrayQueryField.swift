import Foundation

/// An array field of `Record` as typed queries see it: null checks, `isEmpty`, `count` (compared
/// like an integer field: `$0.tags.count >= 2`) and `contains(element)` for arrays of scalars
/// (strings, numbers, enums…), decimals, JSON values and nested documents, as a column or as a
/// sub-field of a document (`$0.settings.tags`). Arrays have no order or equality in filters. A
/// top-level `contains` on an array with a multikey index is planned through the index's side
/// table when nothing else bounds the scan (``Query/explain()`` names `multikey:<table>`).
public struct ArrayQueryField<Record: StoredRecord, Element: BinaryCodable>: Sendable {
    /// The field's position in the stored row (of the document holding it, for an array inside one).
    public let position: Int
    /// The store column name (the path, for an array inside a document: `nested.tags`).
    public let name: String
    let source: FieldSource

    /// An array field at `position` of the row, stored in column `name`.
    public init(position: Int, name: String) {
        self.init(source: FieldSource(column: QueryColumn(position, name)))
    }

    /// An array stored as a column or inside a document.
    init(source: FieldSource) {
        position = source.column.position
        name = source.path
        self.source = source
    }

    /// Rows whose array is null (an optional array field that is nil, or one inside a null document).
    public var isNull: QueryFilter<Record> { source.filter { .null($0) } }

    /// Rows whose array is not null.
    public var isNotNull: QueryFilter<Record> { .not(isNull) }

    /// Rows whose array has no elements (a null array is unknown: neither empty nor not).
    public var isEmpty: QueryFilter<Record> { source.filter { .emptyArray($0) } }

    /// The array's element count (null for a null array, as SQLite's `json_array_length`).
    public var count: MemberQueryField<Record, Int64> {
        MemberQueryField(column: source.column, path: "\(name).count", derivation: .count(source.members)) { [source] stored in
            guard let value = source.read(stored) else { return .undecodable }
            guard case .bytes(let bytes) = value else { return value.isNull ? .null : .undecodable }
            // An encoded array starts with its element count.
            var reader = BinaryReader(bytes)
            guard let count = try? reader.readUnsigned(), let value = Int64(exactly: count) else { return .undecodable }
            return .value(value)
        }
    }

    /// Rows whose array holds the element `test` looks for.
    func contains(_ test: ArrayElementTest) -> QueryFilter<Record> { source.filter { .arrayContains($0, test) } }
}

extension ArrayQueryField where Element: QueryValue & Sendable {
    /// Rows whose array holds `element` (strings compared by their UTF-8 bytes, as everywhere
    /// in filters; a null array is unknown, as SQL's `x = ANY(NULL)`).
    public func contains(_ element: Element) -> QueryFilter<Record> {
        contains(ArrayElementTest(element))
    }
}

extension ArrayQueryField where Element: DocumentValue & Sendable {
    /// Rows whose array holds a document equal to `element` by its stored encoding (fields in
    /// declaration order, strings by their bytes, doubles by their bits); a null array is unknown.
    public func contains(_ element: Element) -> QueryFilter<Record> {
        contains(ArrayElementTest(element))
    }
}

extension ArrayQueryField where Element == JSONValue {
    /// Rows whose array holds a JSON value equal to `element` as canonical JSON text (as `==` on
    /// a JSON field compares); a null array is unknown.
    public func contains(_ element: JSONValue) -> QueryFilter<Record> {
        contains(ArrayElementTest(json: element))
    }
}

extension ArrayQueryField where Element == Decimal {
    /// Rows whose array holds a decimal equal to `element` by value (`1.50` is `1.5`); a null array is unknown.
    public func contains(_ element: Decimal) -> QueryFilter<Record> {
        contains(ArrayElementTest(decimal: element))
    }
}

/// The element an ``QueryFilter/arrayContains(_:_:)`` condition looks for, with the decoding of
/// its array type (the stored bytes do not say where one element ends).
public struct ArrayElementTest: Sendable, Hashable {
    /// The element as the store would hold it in a column (a JSON value: its canonical text; a
    /// decimal: its text).
    public let element: StoreValue
    /// How the element compares, for a backend that tests it itself.
    package let kind: Kind
    private let elementType: ObjectIdentifier
    /// Whether the encoded array holds the element; nil when the bytes do not decode.
    let holds: @Sendable ([UInt8]) -> Bool?

    /// How an element compares with the array's.
    package enum Kind: Sendable, Hashable {
        /// A scalar (string, enum, number, boolean, timestamp, UUID, bytes) by its stored value.
        case value
        /// A decimal by its numeric value.
        case decimal(Decimal)
        /// A JSON value by its canonical text.
        case canonicalJSON
        /// A nested document by its stored encoding.
        case document
    }

    init<Element: ColumnValue & BinaryCodable & Sendable>(_ element: Element) {
        let wanted = element.storeValue
        self.element = wanted
        kind = element is any DocumentValue ? .document : .value
        elementType = ObjectIdentifier(Element.self)
        holds = { bytes in
            guard let elements = try? BinaryReader.decode([Element].self, from: bytes) else { return nil }
            return elements.contains { $0.storeValue.isIdentical(to: wanted) }
        }
    }

    init(json: JSONValue) {
        let wanted = JSONCanonicalText.text(of: json)
        element = .string(wanted)
        kind = .canonicalJSON
        elementType = ObjectIdentifier(JSONValue.self)
        holds = { bytes in
            guard let elements = try? BinaryReader.decode([JSONValue].self, from: bytes) else { return nil }
            return elements.contains { JSONCanonicalText.text(of: $0) == wanted }
        }
    }

    init(decimal: Decimal) {
        element = .string("\(decimal)")
        kind = .decimal(decimal)
        elementType = ObjectIdentifier(Decimal.self)
        holds = { bytes in
            guard let elements = try? BinaryReader.decode([Decimal].self, from: bytes) else { return nil }
            // NaN equals nothing, as in SQL.
            return !decimal.isNaN && elements.contains { $0 == decimal }
        }
    }

    /// Tests are equal when they look for the same element in arrays of the same type.
    public static func == (a: ArrayElementTest, b: ArrayElementTest) -> Bool { a.element == b.element && a.elementType == b.elementType }
    /// Hashes the element and its type.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(element)
        hasher.combine(elementType)
    }
}
