/// The support sources every generated Swift package carries in `Support/`: the same text for
/// every schema, so the generated library depends on `SchemaGenRuntime` alone.
enum SupportFiles {
    /// File name (under `Support/`) and contents, in output order.
    static let all: [(name: String, text: String)] = [
        ("Access.swift", access),
        ("BinaryCoding.swift", binaryCoding),
        ("CacheSpace.swift", cacheSpace),
        ("ColumnValue.swift", columnValue),
        ("JSONValue.swift", jsonValue),
        ("ObjectID.swift", objectID),
        ("Query.swift", query),
        ("RecordStore.swift", recordStore),
        ("Retention.swift", retention),
        ("ValidationChecks.swift", validation),
    ]
}
