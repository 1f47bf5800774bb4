/// What ``Store/verify(at:schema:fileSystem:)`` checked.
public struct VerificationReport: Sendable, Hashable {
    /// Rows per table (TTL spaces appear as `$kv.<name>`).
    public var rowCounts: [String: Int]
    /// Transactions replayed from the logs after the snapshot.
    public var replayedTransactions: Int
    /// Whether the newest log ends in a torn record that an open would discard.
    public var hasTornTail: Bool
}

extension Store {
    /// Checks a closed store without changing it: every record checksum in the snapshot and the
    /// logs, the catalog, every tree's invariants, every index against its rows, every
    /// foreign key, and (page file of format 5) that no free page run holds a live record. Throws the first problem found (``StoreError/corrupted(file:offset:reason:)``
    /// names the file and offset; a tree fault is a ``BTreeInvariantViolation``).
    public static func verify(at path: String, schema: StoreSchema,
                              fileSystem: any StorageFileSystem = POSIXFileSystem()) throws -> VerificationReport {
        let resolved = try ResolvedSchema(schema)
        let lock = try fileSystem.lock(path + "/" + FileFormat.Directory.lock)
        defer { lock.release() }
        guard fileSystem.fileExists(path + "/" + FileFormat.Directory.snapshot) || PageStore.exists(in: path, fileSystem: fileSystem) else {
            throw StoreError.missingCheckpoint(in: path)
        }
        let recovered = try Recovery.open(path, schema: resolved, fileSystem: fileSystem, sync: false, readOnly: true)
        do {
            // Walks every node, so every page of a page file is read and checked.
            try StoreConsistency.check(recovered.state, schema: resolved)
            try checkForeignKeys(recovered.state, schema: resolved)
            try recovered.pages?.checkFreeRuns()
        } catch {
            // A damaged page reads as an empty leaf; the page fault is the cause to report.
            try recovered.state.pageFaults?.check()
            throw error
        }
        try recovered.state.pageFaults?.check()
        var counts: [String: Int] = [:]
        for t in resolved.tables { counts[t.name] = recovered.state.tables[t.id].primary.count }
        return VerificationReport(rowCounts: counts, replayedTransactions: recovered.replayedTransactions,
                                  hasTornTail: recovered.discardedTornTail)
    }

    static func checkForeignKeys(_ state: StoreState, schema: ResolvedSchema) throws {
        for table in schema.tables where !table.foreignKeys.isEmpty {
            var rows = BTreeRangeIterator(state.tables[table.id].primary, lower: nil, upper: nil, reverse: false)
            while let (_, bytes) = rows.next() {
                let row = RowDecoding.decode(bytes, table: table)
                for fk in table.foreignKeys {
                    let values = fk.columns.map { row[$0] }
                    if values.contains(where: \.isNull) { continue }
                    guard ForeignKeyLookup.parentExists(fk, values: values, schema: schema, state: state) else {
                        throw StoreError.missingParent(table: table.name, foreignKey: fk.name,
                                                       parentTable: schema.tables[fk.parentTable].name, key: values)
                    }
                }
            }
        }
    }
}
