/// Which version of an evolution wrote a store, from the catalog it recorded.
enum StoredVersion {
    /// The index in `versions` of the latest version whose catalog equals `stored`.
    ///
    /// A store written before catalogs recorded value shapes (every column's `shape` nil) is
    /// matched with its shapes left out, but only when every version matching it that way has the
    /// same shapes: versions differing only in shapes (a swapped nested field, an enum case) could
    /// each have written it, and reading it with the wrong one would misread it.
    static func find(_ stored: StoreSchema, in versions: [StoreVersion]) throws -> Int {
        if let exact = versions.lastIndex(where: { $0.schema == stored }) { return exact }
        if !stored.tables.contains(where: { $0.columns.contains { $0.shape != nil } }) {
            let matches = versions.indices.filter { withoutShapes(versions[$0].schema) == stored }
            if let last = matches.last {
                guard matches.allSatisfy({ versions[$0].schema == versions[last].schema }) else {
                    throw StoreError.unknownStoreVersion(
                        "the store records no value shapes, and versions \(matches.map { String(versions[$0].number) }.joined(separator: ", ")) "
                            + "match it with different ones, so which of them wrote it is unknown")
                }
                return last
            }
        }
        let differences = Catalog.differences(stored: stored, requested: versions.last!.schema, columns: true)
        throw StoreError.unknownStoreVersion(differences.joined(separator: "; "))
    }

    static func withoutShapes(_ schema: StoreSchema) -> StoreSchema {
        var copy = schema
        for t in copy.tables.indices {
            for c in copy.tables[t].columns.indices { copy.tables[t].columns[c].shape = nil }
        }
        return copy
    }
}
