import Foundation

/// An array field of `Record` as typed queries see it: null checks, `isEmpty`, `count` (compared
/// like an integer field: `$0.tags.count >= 2`) and `contains(element)` for arrays of scalars
/// (strings, numbers, enums…) and of nested documents. Arrays have no order or equality in filters. A top-level `contains` on an array with a multikey index is planned through the
/// index's side table when nothing else bounds the scan (``Query/explain()`` names `multikey:<table>`).
public struct ArrayQueryField<Record: StoredRecord, Element: BinaryCodable>: Sendable {
    /// The field's position in the stored row.
    public let position: Int
    /// The store column name.
    public let name: String

    /// An array field at `position` of the row, stored in column `name`.
    public init(position: Int, name: String) {
        self.position = position
        self.name = name
    }

    var column: QueryColumn { QueryColumn(position, name) }

    /// Rows whose array is null (an optional array field that is nil).
    public var isNull: QueryFilter<Record> { .null(column) }

    /// Rows whose array is not null.
    public var isNotNull: QueryFilter<Record> { .not(.null(column)) }

    /// Rows whose array has no elements (a null array is unknown: neither empty nor not).
    public var isEmpty: QueryFilter<Record> { .emptyArray(column) }

    /// The array's element count (null for a null array, as SQLite's `json_array_length`).
    public var count: MemberQueryField<Record, Int64> {
        MemberQueryField(column: column, path: "\(name).count") { stored in
            guard case .bytes(let bytes) = stored else { return stored.isNull ? .null : .undecodable }
            // An encoded array starts with its element count.
            var reader = BinaryReader(bytes)
            guard let count = try? reader.readUnsigned(), let value = Int64(exactly: count) else { return .undecodable }
            return .value(value)
        }
    }
}

extension ArrayQueryField where Element: QueryValue & Sendable {
    /// Rows whose array holds `element` (strings compared by their UTF-8 bytes, as everywhere
    /// in filters; a null array is unknown, as SQL's `x = ANY(NULL)`).
    public func contains(_ element: Element) -> QueryFilter<Record> {
        .arrayContains(column, ArrayElementTest(element))
    }
}

extension ArrayQueryField where Element: DocumentValue & Sendable {
    /// Rows whose array holds a document equal to `element` by its stored encoding (fields in
    /// declaration order, strings by their bytes, doubles by their bits); a null array is unknown.
    public func contains(_ element: Element) -> QueryFilter<Record> {
        .arrayContains(column, ArrayElementTest(element))
    }
}

extension ArrayQueryField where Element == JSONValue {
    /// Rows whose array holds a JSON value equal to `element` as canonical JSON text (as `==` on
    /// a JSON field compares); a null array is unknown.
    public func contains(_ element: JSONValue) -> QueryFilter<Record> {
        .arrayContains(column, ArrayElementTest(json: element))
    }
}

/// The element an ``QueryFilter/arrayContains(_:_:)`` condition looks for, with the decoding of
/// its array type (the stored bytes do not say where one element ends).
public struct ArrayElementTest: Sendable, Hashable {
    /// The element as the store would hold it in a column.
    public let element: StoreValue
    private let elementType: ObjectIdentifier
    /// Whether the encoded array holds the element; nil when the bytes do not decode.
    let holds: @Sendable ([UInt8]) -> Bool?

    init<Element: ColumnValue & BinaryCodable & Sendable>(_ element: Element) {
        let wanted = element.storeValue
        self.element = wanted
        elementType = ObjectIdentifier(Element.self)
        holds = { bytes in
            guard let elements = try? BinaryReader.decode([Element].self, from: bytes) else { return nil }
            return elements.contains { $0.storeValue.isIdentical(to: wanted) }
        }
    }

    init(json: JSONValue) {
        let wanted = JSONCanonicalText.text(of: json)
        element = .string(wanted)
        elementType = ObjectIdentifier(JSONValue.self)
        holds = { bytes in
            guard let elements = try? BinaryReader.decode([JSONValue].self, from: bytes) else { return nil }
            return elements.contains { JSONCanonicalText.text(of: $0) == wanted }
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
