import Foundation

// Sub-fields of nested documents that are decimals, arrays or JSON values get what a top-level
// field of their type offers: a decimal compares exactly (on the integer scaled by its scale, as
// a decimal column), an array is an ``ArrayQueryField`` (`count`, `isEmpty`, `contains`), a JSON
// value a ``DocumentQueryField`` (`==`, `!=` and `isIn` by canonical text). A member of a null
// document is null, as everywhere.

extension MemberQueryField {
    /// The optional decimal member as a decimal member that is null when nil.
    func flattened() -> MemberQueryField<Record, Decimal> where Member == Decimal? {
        MemberQueryField<Record, Decimal>(column: column, path: path, derivation: derivation, scale: scale) { [read] stored in
            switch read(stored) {
            case .value(let decimal?): return .value(decimal)
            case .value(nil), .null: return .null
            case .undecodable: return .undecodable
            }
        }
    }

    /// The array member as an array field.
    func array<Element: BinaryCodable & Sendable>() -> ArrayQueryField<Record, Element> where Member == [Element] {
        ArrayQueryField(source: source { .bytes(BinaryWriter.encode($0)) })
    }

    /// The optional array member as an array field (null when nil).
    func array<Element: BinaryCodable & Sendable>() -> ArrayQueryField<Record, Element> where Member == [Element]? {
        ArrayQueryField(source: source { $0.map { .bytes(BinaryWriter.encode($0)) } ?? .null })
    }

    /// The JSON member as a JSON field.
    func json() -> DocumentQueryField<Record, JSONValue> where Member == JSONValue {
        DocumentQueryField(source: source { $0.storeValue })
    }

    /// The optional JSON member as a JSON field (null when nil).
    func json() -> DocumentQueryField<Record, JSONValue> where Member == JSONValue? {
        DocumentQueryField(source: source { $0.storeValue })
    }
}

extension MemberQueryField where Member == Decimal {
    /// The member as a decimal column holds it: the integer scaled by 10^scale (unknown when the
    /// stored decimal has more fraction digits or leaves 64 bits).
    var scaled: FieldSource {
        FieldSource(column: column, members: members, path: path, decimalScale: scale) { [read, scale] stored in
            switch read(stored) {
            case .value(let decimal):
                return DecimalQueryField<Record>.scaled(decimal, scale: scale).flatMap { Decimal.exactInteger($0) }.map(StoreValue.int)
            case .null: return .null
            case .undecodable: return nil
            }
        }
    }

    /// Rows whose decimal member equals one of `values` (never a null); values with more
    /// fraction digits than its scale match nothing.
    public func isIn(_ values: [Decimal]) -> QueryFilter<Record> {
        scaled.filter { [scale] in DecimalQueryField<Record>.oneOf($0, scale: scale, values) }
    }

    func decimalComparison(_ comparison: ComparisonOperator, _ value: Decimal) -> QueryFilter<Record> {
        scaled.filter { [scale] in DecimalQueryField<Record>.comparison($0, scale: scale, comparison, value) }
    }
}

/// Rows whose decimal member equals `value` exactly.
public func == <Record>(field: MemberQueryField<Record, Decimal>, value: Decimal) -> QueryFilter<Record> { field.decimalComparison(.equal, value) }
/// Rows whose decimal member is set and differs from `value`.
public func != <Record>(field: MemberQueryField<Record, Decimal>, value: Decimal) -> QueryFilter<Record> { field.decimalComparison(.notEqual, value) }
/// Rows whose decimal member is less than `value`.
public func < <Record>(field: MemberQueryField<Record, Decimal>, value: Decimal) -> QueryFilter<Record> { field.decimalComparison(.less, value) }
/// Rows whose decimal member is at most `value`.
public func <= <Record>(field: MemberQueryField<Record, Decimal>, value: Decimal) -> QueryFilter<Record> { field.decimalComparison(.lessOrEqual, value) }
/// Rows whose decimal member is greater than `value`.
public func > <Record>(field: MemberQueryField<Record, Decimal>, value: Decimal) -> QueryFilter<Record> { field.decimalComparison(.greater, value) }
/// Rows whose decimal member is at least `value`.
public func >= <Record>(field: MemberQueryField<Record, Decimal>, value: Decimal) -> QueryFilter<Record> { field.decimalComparison(.greaterOrEqual, value) }

extension DocumentQueryField where Value: FilterableDocument {
    /// The optional decimal sub-field `member` (null when nil).
    public subscript(dynamicMember member: KeyPath<Value.QueryFields, DocumentMember<Value, Decimal?>>) -> MemberQueryField<Record, Decimal> {
        root().member(Value.queryFields[keyPath: member]) { $0 }.flattened()
    }
    /// The array sub-field `member`.
    public subscript<Element: BinaryCodable & Sendable>(dynamicMember member: KeyPath<Value.QueryFields, DocumentMember<Value, [Element]>>) -> ArrayQueryField<Record, Element> {
        root().member(Value.queryFields[keyPath: member]) { $0 }.array()
    }
    /// The optional array sub-field `member` (null when nil).
    public subscript<Element: BinaryCodable & Sendable>(dynamicMember member: KeyPath<Value.QueryFields, DocumentMember<Value, [Element]?>>) -> ArrayQueryField<Record, Element> {
        root().member(Value.queryFields[keyPath: member]) { $0 }.array()
    }
    /// The JSON sub-field `member`.
    public subscript(dynamicMember member: KeyPath<Value.QueryFields, DocumentMember<Value, JSONValue>>) -> DocumentQueryField<Record, JSONValue> {
        root().member(Value.queryFields[keyPath: member]) { $0 }.json()
    }
    /// The optional JSON sub-field `member` (null when nil).
    public subscript(dynamicMember member: KeyPath<Value.QueryFields, DocumentMember<Value, JSONValue?>>) -> DocumentQueryField<Record, JSONValue> {
        root().member(Value.queryFields[keyPath: member]) { $0 }.json()
    }
}

extension MemberQueryField where Member: FilterableDocument {
    /// The optional decimal sub-field `member` (null when nil).
    public subscript(dynamicMember member: KeyPath<Member.QueryFields, DocumentMember<Member, Decimal?>>) -> MemberQueryField<Record, Decimal> {
        self.member(Member.queryFields[keyPath: member]) { $0 }.flattened()
    }
    /// The array sub-field `member`.
    public subscript<Element: BinaryCodable & Sendable>(dynamicMember member: KeyPath<Member.QueryFields, DocumentMember<Member, [Element]>>) -> ArrayQueryField<Record, Element> {
        self.member(Member.queryFields[keyPath: member]) { $0 }.array()
    }
    /// The optional array sub-field `member` (null when nil).
    public subscript<Element: BinaryCodable & Sendable>(dynamicMember member: KeyPath<Member.QueryFields, DocumentMember<Member, [Element]?>>) -> ArrayQueryField<Record, Element> {
        self.member(Member.queryFields[keyPath: member]) { $0 }.array()
    }
    /// The JSON sub-field `member`.
    public subscript(dynamicMember member: KeyPath<Member.QueryFields, DocumentMember<Member, JSONValue>>) -> DocumentQueryField<Record, JSONValue> {
        self.member(Member.queryFields[keyPath: member]) { $0 }.json()
    }
    /// The optional JSON sub-field `member` (null when nil).
    public subscript(dynamicMember member: KeyPath<Member.QueryFields, DocumentMember<Member, JSONValue?>>) -> DocumentQueryField<Record, JSONValue> {
        self.member(Member.queryFields[keyPath: member]) { $0 }.json()
    }
}

extension MemberQueryField {
    /// The optional decimal sub-field `member` of this optional nested document (null when either is nil).
    public subscript<Document: FilterableDocument>(dynamicMember member: KeyPath<Document.QueryFields, DocumentMember<Document, Decimal?>>)
        -> MemberQueryField<Record, Decimal> where Member == Document? {
        self.member(Document.queryFields[keyPath: member]) { $0 }.flattened()
    }
    /// The array sub-field `member` of this optional nested document (null when it is nil).
    public subscript<Document: FilterableDocument, Element: BinaryCodable & Sendable>(dynamicMember member: KeyPath<Document.QueryFields, DocumentMember<Document, [Element]>>)
        -> ArrayQueryField<Record, Element> where Member == Document? {
        self.member(Document.queryFields[keyPath: member]) { $0 }.array()
    }
    /// The optional array sub-field `member` of this optional nested document (null when either is nil).
    public subscript<Document: FilterableDocument, Element: BinaryCodable & Sendable>(dynamicMember member: KeyPath<Document.QueryFields, DocumentMember<Document, [Element]?>>)
        -> ArrayQueryField<Record, Element> where Member == Document? {
        self.member(Document.queryFields[keyPath: member]) { $0 }.array()
    }
    /// The JSON sub-field `member` of this optional nested document (null when it is nil).
    public subscript<Document: FilterableDocument>(dynamicMember member: KeyPath<Document.QueryFields, DocumentMember<Document, JSONValue>>)
        -> DocumentQueryField<Record, JSONValue> where Member == Document? {
        self.member(Document.queryFields[keyPath: member]) { $0 }.json()
    }
    /// The optional JSON sub-field `member` of this optional nested document (null when either is nil).
    public subscript<Document: FilterableDocument>(dynamicMember member: KeyPath<Document.QueryFields, DocumentMember<Document, JSONValue?>>)
        -> DocumentQueryField<Record, JSONValue> where Member == Document? {
        self.member(Document.queryFields[keyPath: member]) { $0 }.json()
    }
}
