import Foundation

/// An array field of `Record` as typed queries see it: null checks, `isEmpty` and, for arrays of
/// scalars (strings, numbers, enums…), `contains(element)`. Arrays have no order or equality
/// in filters. A top-level `contains` on an array with a multikey index is planned through the
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
}

extension ArrayQueryField where Element: QueryValue & Sendable {
    /// Rows whose array holds `element` (strings compared by their UTF-8 bytes, as everywhere
    /// in filters; a null array is unknown, as SQL's `x = ANY(NULL)`).
    public func contains(_ element: Element) -> QueryFilter<Record> {
        .arrayContains(column, ArrayElementTest(element))
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

    init<Element: QueryValue & BinaryCodable & Sendable>(_ element: Element) {
        let wanted = element.storeValue
        self.element = wanted
        elementType = ObjectIdentifier(Element.self)
        holds = { bytes in
            guard let elements = try? BinaryReader.decode([Element].self, from: bytes) else { return nil }
            return elements.contains { $0.storeValue.isIdentical(to: wanted) }
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
