/// A JSON or nested-document field of `Record` as typed filters see it. Every such field has
/// null checks. A nested type's sub-fields are typed members (`$0.quiet.ends == "07:00"`, see
/// ``MemberQueryField``) and the whole document compares with `==` by its stored encoding. A JSON
/// field compares with `==`, `!=` and `isIn` as canonical JSON text (keys sorted, numbers
/// normalized, strings by their bytes), at the top level or as a sub-field of a document.
@dynamicMemberLookup
public struct DocumentQueryField<Record: StoredRecord, Value>: Sendable {
    // Not public: a sub-field of the document named `source` is reached by `$0.field.source`,
    // which a public property would shadow.
    let source: FieldSource

    /// A document field at `position` of the row, stored in column `name`.
    public init(position: Int, name: String) {
        source = FieldSource(column: QueryColumn(position, name))
    }

    /// A JSON member inside a stored document (`$0.settings.extra`).
    init(source: FieldSource) {
        self.source = source
    }

    /// Rows whose value is null (a JSON field holding JSON `null` is not: that is a value).
    public var isNull: QueryFilter<Record> { source.filter { .null($0) } }

    /// Rows whose value is not null.
    public var isNotNull: QueryFilter<Record> { .not(isNull) }

    /// The sub-field `member` of the nested document (null where the document is).
    public subscript<Member: Sendable>(dynamicMember member: KeyPath<Value.QueryFields, DocumentMember<Value, Member>>) -> MemberQueryField<Record, Member>
    where Value: FilterableDocument {
        root().member(Value.queryFields[keyPath: member]) { $0 }
    }
}

extension DocumentQueryField where Value: FilterableDocument {
    /// The document itself as a member, for reaching its sub-fields.
    func root() -> MemberQueryField<Record, Value> {
        MemberQueryField(column: source.column, path: source.path, derivation: .member(source.members)) { [source] stored in
            guard let value = source.read(stored) else { return .undecodable }
            if value.isNull { return .null }
            guard let document = try? Value(storeValue: value) else { return .undecodable }
            return .value(document)
        }
    }
}

/// Rows whose nested document is `value`, compared by the stored encoding: fields in declaration
/// order, strings by their UTF-8 bytes and doubles by their bits (`-0.0` is not `0.0`).
public func == <Record, Value: DocumentValue>(field: DocumentQueryField<Record, Value>, value: Value) -> QueryFilter<Record> {
    field.source.filter { .compare($0, .equal, value.storeValue) }
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
    /// Rows whose JSON value is one of `values` as canonical JSON text (as `==` compares); a null field is unknown.
    public func isIn(_ values: [JSONValue]) -> QueryFilter<Record> {
        let canonical = canonicalText
        return .derived(canonical, .oneOf(canonical.valueColumn, values.map { .string(JSONCanonicalText.text(of: $0)) }))
    }

    /// The field's canonical JSON text.
    var canonicalText: DerivedColumn {
        source.derived("json(\(source.path))", .canonicalJSON(source.members)) { value in
            guard let json = try? JSONValue(storeValue: value) else { return nil }
            return .string(JSONCanonicalText.text(of: json))
        }
    }

    /// The field's canonical JSON text compared with `value`'s.
    func canonicalComparison(_ comparison: ComparisonOperator, _ value: JSONValue) -> QueryFilter<Record> {
        let canonical = canonicalText
        return .derived(canonical, .compare(canonical.valueColumn, comparison, .string(JSONCanonicalText.text(of: value))))
    }
}
