import Foundation

/// A value inside a stored column as typed filters see it: a sub-field of a nested document
/// (`$0.quiet.ends`, `$0.profile.address.city`) or an array's element count (`$0.tags.count`).
/// It offers what a top-level field of its type offers (equality, ranges, `isIn`, null checks,
/// string prefixes; a decimal member exact comparisons at its scale), evaluated on the stored
/// document during the scan; no index bounds it. Array and JSON sub-fields are an
/// ``ArrayQueryField`` and a ``DocumentQueryField`` reading inside the document (`MemberKinds.swift`).
/// A member is null when its document (or any document on the way) is null, as SQLite's
/// `json_extract` of a null is null.
@dynamicMemberLookup
public struct MemberQueryField<Record: StoredRecord, Member: Sendable>: Sendable {
    let column: QueryColumn
    let path: String
    /// What the member is, for a backend that reads it itself: a member path, or a count.
    let derivation: Derivation
    /// A decimal member's scale (see ``DocumentMember``).
    let scale: Int
    let read: @Sendable (StoreValue) -> MemberReading<Member>

    init(column: QueryColumn, path: String, derivation: Derivation, scale: Int = 0,
         read: @escaping @Sendable (StoreValue) -> MemberReading<Member>) {
        self.column = column
        self.path = path
        self.derivation = derivation
        self.scale = scale
        self.read = read
    }

    /// The schema names of the members on the way inside the column's document.
    var members: [String] {
        switch derivation {
        case .member(let members), .count(let members), .canonicalJSON(let members): members
        }
    }

    /// The member `access` of the document this member holds, read from it by `document`.
    func member<Document, Inner>(_ access: DocumentMember<Document, Inner>,
                                 _ document: @escaping @Sendable (Member) -> Document?) -> MemberQueryField<Record, Inner> {
        MemberQueryField<Record, Inner>(column: column, path: path + "." + access.name, derivation: .member(members + [access.name]),
                                        scale: access.scale) { [read] stored in
            switch read(stored) {
            case .value(let value): return document(value).map { .of(access.read($0)) } ?? .null
            case .null: return .null
            case .undecodable: return .undecodable
            }
        }
    }

    /// The member as a column of its own would hold it, `convert`ed from its value (nil: it does not decode).
    func source(_ convert: @escaping @Sendable (Member) -> StoreValue?) -> FieldSource {
        FieldSource(column: column, members: members, path: path) { [read] stored in
            switch read(stored) {
            case .value(let member): return convert(member)
            case .null: return .null
            case .undecodable: return nil
            }
        }
    }

    /// Rows whose member is null (or whose document on the way is).
    public var isNull: QueryFilter<Record> { .derived(presence, .null(presence.valueColumn)) }

    /// Rows whose member is set.
    public var isNotNull: QueryFilter<Record> { .not(isNull) }

    /// The member's presence: null or not, whatever its type.
    private var presence: DerivedColumn {
        DerivedColumn(column, path: path, derivation: derivation) { [read] stored in
            switch read(stored) {
            case .value: return .bool(true)
            case .null: return .null
            case .undecodable: return nil
            }
        }
    }

    /// The sub-field `member` of this nested-document member.
    public subscript<Inner: Sendable>(dynamicMember member: KeyPath<Member.QueryFields, DocumentMember<Member, Inner>>) -> MemberQueryField<Record, Inner>
    where Member: FilterableDocument {
        self.member(Member.queryFields[keyPath: member]) { $0 }
    }

    /// The sub-field `member` of this optional nested-document member (null when it is).
    public subscript<Document: FilterableDocument, Inner: Sendable>(
        dynamicMember member: KeyPath<Document.QueryFields, DocumentMember<Document, Inner>>
    ) -> MemberQueryField<Record, Inner> where Member == Document? {
        self.member(Document.queryFields[keyPath: member]) { $0 }
    }
}

extension MemberQueryField where Member: QueryValue {
    /// The member as a stored value (`.null` for a nil one).
    var derived: DerivedColumn {
        DerivedColumn(column, path: path, derivation: derivation) { [read] stored in
            switch read(stored) {
            case .value(let member): return member.storeValue
            case .null: return .null
            case .undecodable: return nil
            }
        }
    }

    /// The condition `inner` on the member's value.
    func condition(_ inner: QueryFilter<Record>) -> QueryFilter<Record> { .derived(derived, inner) }

    /// Rows whose member is one of `values` (never a null).
    public func isIn(_ values: [Member.QueryOperand]) -> QueryFilter<Record> {
        condition(.oneOf(derived.valueColumn, values.map { $0.storeValue }))
    }

    /// Rows whose member lies in `range` (nulls never do).
    public func isIn(_ range: KeyRange<Member.QueryOperand>) -> QueryFilter<Record> {
        let value = derived.valueColumn
        let lower: QueryFilter<Record>? = range.lower.map { .compare(value, $0.inclusive ? .greaterOrEqual : .greater, $0.value.storeValue) }
        let upper: QueryFilter<Record>? = range.upper.map { .compare(value, $0.inclusive ? .lessOrEqual : .less, $0.value.storeValue) }
        switch (lower, upper) {
        case let (lower?, upper?): return condition(lower && upper)
        case let (lower?, nil): return condition(lower)
        case let (nil, upper?): return condition(upper)
        case (nil, nil): return isNotNull
        }
    }

    func compare(_ comparison: ComparisonOperator, _ value: Member.QueryOperand) -> QueryFilter<Record> {
        condition(.compare(derived.valueColumn, comparison, value.storeValue))
    }
}

extension MemberQueryField where Member: QueryValue, Member.QueryOperand == String {
    /// Rows whose string member starts with `prefix` (compared by UTF-8 bytes, case-sensitive).
    public func hasPrefix(_ prefix: String) -> QueryFilter<Record> { condition(.prefix(derived.valueColumn, prefix)) }
}

extension MemberQueryField where Member: QueryValue, Member.QueryOperand == Data {
    /// Rows whose bytes member starts with `prefix`.
    public func hasPrefix(_ prefix: Data) -> QueryFilter<Record> { condition(.bytesPrefix(derived.valueColumn, Array(prefix))) }
}

/// Rows whose member equals `value`.
public func == <Record, Member: QueryValue>(field: MemberQueryField<Record, Member>, value: Member.QueryOperand) -> QueryFilter<Record> {
    field.compare(.equal, value)
}
/// Rows whose member is set and differs from `value` (SQL `<>`: nulls do not match).
public func != <Record, Member: QueryValue>(field: MemberQueryField<Record, Member>, value: Member.QueryOperand) -> QueryFilter<Record> {
    field.compare(.notEqual, value)
}
/// Rows whose member is less than `value`.
public func < <Record, Member: QueryValue>(field: MemberQueryField<Record, Member>, value: Member.QueryOperand) -> QueryFilter<Record> {
    field.compare(.less, value)
}
/// Rows whose member is at most `value`.
public func <= <Record, Member: QueryValue>(field: MemberQueryField<Record, Member>, value: Member.QueryOperand) -> QueryFilter<Record> {
    field.compare(.lessOrEqual, value)
}
/// Rows whose member is greater than `value`.
public func > <Record, Member: QueryValue>(field: MemberQueryField<Record, Member>, value: Member.QueryOperand) -> QueryFilter<Record> {
    field.compare(.greater, value)
}
/// Rows whose member is at least `value`.
public func >= <Record, Member: QueryValue>(field: MemberQueryField<Record, Member>, value: Member.QueryOperand) -> QueryFilter<Record> {
    field.compare(.greaterOrEqual, value)
}
