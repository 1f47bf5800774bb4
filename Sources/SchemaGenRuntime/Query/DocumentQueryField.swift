/// A JSON or nested-document field of `Record` as typed filters see it. Every such field has
/// null checks. A nested type's sub-fields are typed members (`$0.quiet.ends == "07:00"`, see
/// ``MemberQueryField``) and the whole document compares with `==` by its stored encoding. A JSON
/// field compares with `==` as canonical JSON text (keys sorted, numbers normalized, strings by their bytes).
@dynamicMemberLookup
public struct DocumentQueryField<Record: StoredRecord, Value>: Sendable {
    // Not public: a sub-field of the document named `position` or `name` is reached by
    // `$0.field.name`, which a public property would shadow.
    let position: Int
    let name: String

    /// A document field at `position` of the row, stored in column `name`.
    public init(position: Int, name: String) {
        self.position = position
        self.name = name
    }

    var column: QueryColumn { QueryColumn(position, name) }

    /// Rows whose value is null (a JSON field holding JSON `null` is not: that is a value).
    public var isNull: QueryFilter<Record> { .null(column) }

    /// Rows whose value is not null.
    public var isNotNull: QueryFilter<Record> { .not(.null(column)) }

    /// The sub-field `member` of the nested document (null where the document is).
    public subscript<Member: Sendable>(dynamicMember member: KeyPath<Value.QueryFields, DocumentMember<Value, Member>>) -> MemberQueryField<Record, Member>
    where Value: FilterableDocument {
        let access = Value.queryFields[keyPath: member]
        return MemberQueryField(column: column, path: name + "." + access.name) { stored in
            if stored.isNull { return .null }
            guard let document = try? Value(storeValue: stored) else { return .undecodable }
            return .of(access.read(document))
        }
    }
}

/// Rows whose nested document is `value`, compared by the stored encoding: fields in declaration
/// order, strings by their UTF-8 bytes and doubles by their bits (`-0.0` is not `0.0`).
public func == <Record, Value: DocumentValue>(field: DocumentQueryField<Record, Value>, value: Value) -> QueryFilter<Record> {
    .compare(field.column, .equal, value.storeValue)
}

/// Rows whose JSON value equals `value` as canonical JSON text: no whitespace, object keys sorted
/// by their UTF-8 bytes, whole numbers within ±2^53 as integers (`-0` is `0`), strings by their
/// UTF-8 bytes. A null field is unknown; a field holding JSON `null` equals `.null`.
public func == <Record>(field: DocumentQueryField<Record, JSONValue>, value: JSONValue) -> QueryFilter<Record> {
    field.canonicalComparison(.equal, value)
}

/// Rows whose JSON value is set and differs from `value` as canonical JSON text.
public func != <Record>(field: DocumentQueryField<Record, JSONValue>, value: JSONValue) -> QueryFilter<Record> {
    field.canonicalComparison(.notEqual, value)
}

extension DocumentQueryField where Value == JSONValue {
    /// The field's canonical JSON text compared with `value`'s.
    func canonicalComparison(_ comparison: ComparisonOperator, _ value: JSONValue) -> QueryFilter<Record> {
        let canonical = DerivedColumn(column, path: "json(\(name))") { stored in
            if stored.isNull { return .null }
            guard let json = try? JSONValue(storeValue: stored) else { return nil }
            return .string(JSONCanonicalText.text(of: json))
        }
        return .derived(canonical, .compare(canonical.valueColumn, comparison, .string(JSONCanonicalText.text(of: value))))
    }
}
