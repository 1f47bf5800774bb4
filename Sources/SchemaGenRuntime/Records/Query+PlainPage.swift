/// Pages of plain queries (a generated repository's index methods: one range, no filter) read
/// with nothing set up per query but the scan.
///
/// ``Query/fetch(limit:after:in:statistics:)`` of any query goes through the filter machinery
/// (``RowChecks``, ``IndexEntryScan``, column projections), all generic over the record type.
/// A record type from another module runs that code unspecialized, where the set-up and each
/// generic type touched looked generic metadata up in the runtime's cache: a typed top-10
/// leaderboard ran at a third of the untyped scan's rate (docs/storage.md, "Typed reads").
extension Query {
    /// Whether a page is read by ``plainPage(limit:after:in:)``: not planned (so one prefix and
    /// no intersection), no filter and no multikey side table.
    var readsPlainly: Bool {
        guard !isPlanned, via == nil, probes.isEmpty, case .none = filter else { return false }
        return true
    }

    /// The page ``fetch(limit:after:in:statistics:)`` returns for a plain query
    /// (``readsPlainly``) on the store, `limit` already clamped: the range scanned by the
    /// non-generic ``StoredRowScan``, each row in the scope decoded straight into a record; the
    /// row after the page's last only tells that more follow.
    func plainPage(limit: Int, after cursor: PageCursor?, in snapshot: Snapshot) throws -> Page<Record> {
        let table = try snapshot.schema.table(Record.tableName)
        var range = (from: from, to: to)
        if let cursor {
            // A cursor past the whole prefix (another prefix's key) leaves nothing to read.
            guard let resumed = probeRange(prefix, after: cursor, orders: try keyOrders(table)) else {
                return Page(items: [], next: nil, tokenMaker: tokenMaker(sealer: snapshot.pageTokenSealer))
            }
            range = resumed
        }
        var scan = try StoredRowScan(snapshot, table: table, index: index, prefix: prefix, from: range.from, to: range.to,
                                     reverse: order == .reverse)
        let (scope, keyPositions, entity) = (self.scope, self.keyPositions, Record.entityName)
        var more = false
        var last: [StoreValue]?
        let items = try [Record](unsafeUninitializedCapacity: limit) { buffer, taken in
            try scan.forEach { found in
                switch found {
                case .stored(let bytes):
                    if let scope, try !scope.contains(stored: bytes, entity: entity) { return true }
                    if taken == limit {
                        more = true
                        return false
                    }
                    (buffer.baseAddress! + taken).initialize(to: try Record.decode(stored: bytes))
                    taken += 1
                    // Only the record that fills the page has a next page to point to.
                    if taken == limit { last = try Self.key(keyPositions, of: bytes) }
                case .covered(let row):
                    if let scope, !scope.contains(row) { return true }
                    if taken == limit {
                        more = true
                        return false
                    }
                    (buffer.baseAddress! + taken).initialize(to: try Record.decode(row))
                    taken += 1
                    if taken == limit { last = keyPositions.map { row[$0] } }
                }
                return true
            }
        }
        return Page(items: items, next: more ? last.map { PageCursor(key: $0) } : nil, tokenMaker: tokenMaker(sealer: snapshot.pageTokenSealer))
    }

    /// The cursor key (the values at `positions`) of the stored row `bytes`.
    private static func key(_ positions: [Int], of bytes: UnsafeBufferPointer<UInt8>) throws -> [StoreValue] {
        try positions.map { position in
            guard let value = RowReader.value(at: position, of: bytes) else {
                throw RecordError.undecodable(entity: Record.entityName, reason: "key column \(position) does not decode")
            }
            return value
        }
    }
}
