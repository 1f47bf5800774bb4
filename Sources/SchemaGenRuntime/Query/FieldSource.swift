import Foundation

/// Where a typed field's value is read: a stored column, or a member inside the document a
/// stored column holds (`$0.nested.tags`), which filters read as if it were a column of its own.
struct FieldSource: Sendable {
    /// The stored column.
    let column: QueryColumn
    /// The schema names of the members on the way inside the column's document (empty: the column itself).
    let members: [String]
    /// The field as plans print it (`nested.tags`).
    let path: String
    /// The member as a column of its own would hold it: `.null` when it or a document on the
    /// way is absent, nil when the stored bytes do not decode.
    let read: @Sendable (StoreValue) -> StoreValue?
    /// A decimal member's scale: it reads as the integer scaled by 10^scale, as a decimal column holds it.
    let decimalScale: Int?

    /// The stored column itself.
    init(column: QueryColumn) {
        self.column = column
        members = []
        path = column.name
        read = { $0 }
        decimalScale = column.decimalScale
    }

    /// The member `members` of the document in `column`, read by `read`.
    init(column: QueryColumn, members: [String], path: String, decimalScale: Int? = nil,
         read: @escaping @Sendable (StoreValue) -> StoreValue?) {
        self.column = column
        self.members = members
        self.path = path
        self.decimalScale = decimalScale
        self.read = read
    }

    /// The condition `make` builds on the value's column: on the stored column itself, or on
    /// the member read from it (``QueryFilter/derived(_:_:)``).
    func filter<Record>(_ make: (QueryColumn) -> QueryFilter<Record>) -> QueryFilter<Record> {
        guard !members.isEmpty else { return make(column) }
        let member = DerivedColumn(column, path: path, derivation: .member(members), derive: read)
        return .derived(member, make(QueryColumn(0, path, decimalScale: decimalScale)))
    }

    /// A value computed from the field's value by `compute` (given a non-null value; nil when it
    /// does not decode), as `derivation` says.
    func derived(_ path: String, _ derivation: Derivation, _ compute: @escaping @Sendable (StoreValue) -> StoreValue?) -> DerivedColumn {
        DerivedColumn(column, path: path, derivation: derivation) { [read] stored in
            guard let value = read(stored) else { return nil }
            return value.isNull ? .null : compute(value)
        }
    }
}
