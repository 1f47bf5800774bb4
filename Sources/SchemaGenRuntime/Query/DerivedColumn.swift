import Foundation

/// A value a filter computes from one stored column before testing it: a sub-field of a nested
/// document (`quiet.ends`), an array's element count (`tags.count`) or a JSON value's canonical
/// text (`json(payload)`). ``QueryFilter/derived(_:_:)`` tests it with an ordinary condition.
public struct DerivedColumn: Sendable, Hashable {
    /// The stored column the value comes from.
    public let column: QueryColumn
    /// What is computed, as plans and page-token shapes print it.
    public let path: String
    /// What is computed, for a backend that computes it itself (PostgreSQL on `jsonb`).
    package let derivation: Derivation
    /// The value from the stored one: `.null` when it is absent (a null column or a null member),
    /// nil when the stored bytes do not decode (the condition is then unknown).
    let derive: @Sendable (StoreValue) -> StoreValue?

    init(_ column: QueryColumn, path: String, derivation: Derivation, derive: @escaping @Sendable (StoreValue) -> StoreValue?) {
        self.column = column
        self.path = path
        self.derivation = derivation
        self.derive = derive
    }

    /// The column the inner condition of ``QueryFilter/derived(_:_:)`` reads: position 0 of the
    /// one-value row holding the derived value, named by the path.
    var valueColumn: QueryColumn { QueryColumn(0, path) }

    /// Derived columns are equal when they compute the same path from the same column (the
    /// generated types fix what a path computes).
    public static func == (a: DerivedColumn, b: DerivedColumn) -> Bool { a.column == b.column && a.path == b.path }
    /// Hashes the column and the path.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(column)
        hasher.combine(path)
    }
}

/// What a ``DerivedColumn`` computes from its column's value (a document, array or JSON value),
/// each at a path of schema field names inside the column's document (empty: the column itself).
package enum Derivation: Sendable, Hashable {
    /// The member at the path (`["quiet", "ends"]`), as the store would hold it in a column of
    /// its own: null when it or a document on the way is absent.
    case member([String])
    /// The element count of the array at the path.
    case count([String])
    /// The canonical text (``JSONCanonicalText``) of the JSON value at the path.
    case canonicalJSON([String])
}
