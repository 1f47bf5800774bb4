/// Replaying one log's committed transactions at open as one batch: each row's net change,
/// applied tree by tree in key order.
///
/// Applying the records one by one inserts each row into the primary tree and each index in
/// commit order, so an index receives its entries scattered over its whole range (a chat's
/// newest messages, then another chat's): every insert descends to a different leaf, and at
/// 1M rows three quarters of the replay's CPU samples waited on those descents' cache misses
/// (`docs/storage.md`, "Log replay at open"). Here every record is first checked as before
/// (its table, its row well formed; the log's chain and checksums were checked by
/// ``WriteAheadLog/read(_:generation:fileSystem:)``), then the last change of each primary key
/// wins, and each tree receives its changes sorted, so consecutive inserts land in the same
/// leaf. The result holds exactly the rows and index entries that applying the records one by
/// one leaves (an index entry is a function of its row, so the entries to remove are those of
/// the rows the batch replaces or deletes, and those to add are those of its final rows); the
/// trees' shapes may differ, which nothing reads.
enum LogReplay {
    /// Re-applies `transactions` (one log's, in commit order) to `state`. A record naming an
    /// unknown table or holding a row that does not decode throws `corrupted` with its offset,
    /// before anything is applied.
    static func apply(_ transactions: [(offset: Int, operations: [LogOperation])], to state: inout StoreState,
                      schema: ResolvedSchema, file: String) throws {
        var changes = [TableChanges](repeating: TableChanges(), count: schema.tables.count)
        for (offset, operations) in transactions {
            func corrupt(_ reason: String) -> StoreError { .corrupted(file: file, offset: offset, reason: reason) }
            for op in operations {
                switch op {
                case .put(let t, let bytes):
                    let (table, row) = try Recovery.checkedPut(table: t, bytes, schema: schema, corrupt: corrupt)
                    changes[t].append(key: IndexKeys.primaryKey(table, row: row), row: bytes)
                    // As a put one at a time: the largest id ever stored, even if a later record deletes it.
                    if table.autoIncrement, case .int(let id) = row[table.primaryKey[0]] {
                        changes[t].largestID = max(changes[t].largestID ?? id, id)
                    }
                case .delete(let t, let key):
                    guard t < schema.tables.count else { throw corrupt("unknown table \(t)") }
                    changes[t].append(key: key, row: nil)
                case .deleteAll(let t, let keys):
                    // Never read from a log (it holds separate deletes); applied the same way.
                    guard t < schema.tables.count else { throw corrupt("unknown table \(t)") }
                    for i in 0..<keys.count { changes[t].append(key: keys.key(i), row: nil) }
                }
            }
        }
        for t in changes.indices where !changes[t].rows.isEmpty {
            apply(changes[t], table: schema.tables[t], to: &state)
            if let id = changes[t].largestID, id > state.tables[t].lastAutoID { state.tables[t].lastAutoID = id }
        }
    }

    /// One table's changes in log order: the primary key of each, and the row it puts (nil: a delete).
    struct TableChanges {
        var keys = PackedKeys()
        var rows: [[UInt8]?] = []
        /// The largest auto-increment id among the rows put.
        var largestID: Int64?

        mutating func append(key: [UInt8], row: [UInt8]?) {
            keys.append(key)
            rows.append(row)
        }
    }

    /// Applies one table's changes: the primary tree in key order, reading each key's current
    /// row just before changing it; then each index's removed entries in one ordered pass and
    /// its new entries in key order.
    private static func apply(_ changes: TableChanges, table: ResolvedTable, to state: inout StoreState) {
        let generation: UInt64 = 1
        var removed = [PackedKeys](repeating: PackedKeys(), count: table.indexes.count)
        var added = [PackedKeys](repeating: PackedKeys(), count: table.indexes.count)
        changes.keys.withView { view in
            // Ties stay in log order, so the last of a run of equal keys is the change that stands.
            let order = sortedPositions(view)
            var i = 0
            while i < order.count {
                var last = i
                while last + 1 < order.count, PackedKeys.View.compare(view.key(order[last + 1]), view.key(order[i])) == 0 { last += 1 }
                let position = order[last]
                i = last + 1
                let key = Array(view.key(position))
                let old = state.row(table, key: key)
                if let bytes = changes.rows[position] {
                    let row = RowDecoding.decode(bytes, table: table)
                    state.tables[table.id].primary.insert(key, bytes, generation: generation)
                    for (x, index) in table.indexes.enumerated() {
                        let oldEntry = old.flatMap { IndexKeys.entry(index, row: $0, primaryKey: key) }
                        let newEntry = IndexKeys.entry(index, row: row, primaryKey: key)
                        if oldEntry == newEntry { continue }
                        if let oldEntry { removed[x].append(oldEntry) }
                        if let newEntry { added[x].append(newEntry) }
                    }
                } else if let old {
                    state.tables[table.id].primary.remove(key, generation: generation)
                    for (x, index) in table.indexes.enumerated() {
                        if let oldEntry = IndexKeys.entry(index, row: old, primaryKey: key) { removed[x].append(oldEntry) }
                    }
                }
            }
        }
        // An entry removed here belongs to a row the batch replaced or deleted and one added to
        // a row it stores; an entry in both would be one row's unchanged entry, skipped above, so
        // the two sets are disjoint and their order does not matter.
        for x in table.indexes.indices {
            if !removed[x].isEmpty { state.tables[table.id].indexes[x].removeAll(removed[x], generation: generation) }
            added[x].withView { view in
                var previous: UnsafeBufferPointer<UInt8>?
                for p in sortedPositions(view) {
                    let entry = view.key(p)
                    if let previous, PackedKeys.View.compare(previous, entry) == 0 { continue }
                    state.tables[table.id].indexes[x].insert(Array(entry), [], generation: generation)
                    previous = entry
                }
            }
        }
    }

    /// The positions of `view`'s keys in ascending key order, equal keys in position order.
    ///
    /// Keys of one tree often share their first bytes (an index's leading columns, the high
    /// bytes of ids), where a byte comparison spends most of its time; so the bytes all keys
    /// share are found once, and positions are sorted by the 16 bytes after them taken as two
    /// integers (zeros past a key's end), comparing whole keys only where those are equal.
    /// Integer order implies key order: the first byte where two windows differ is either
    /// where the keys differ, or where the shorter key, equal so far, has ended.
    static func sortedPositions(_ view: PackedKeys.View) -> [Int] {
        let n = view.count
        guard n > 1 else { return Array(0..<n) }
        let first = view.key(0)
        var shared = first.count
        for i in 1..<n where shared > 0 {
            let key = view.key(i)
            var j = 0
            let limit = min(shared, key.count)
            while j < limit, key[j] == first[j] { j += 1 }
            shared = j
        }
        @inline(__always) func word(_ key: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt64 {
            var w: UInt64 = 0
            for b in start..<start + 8 { w = w << 8 | UInt64(b < key.count ? key[b] : 0) }
            return w
        }
        var tagged: [(high: UInt64, low: UInt64, position: Int)] = []
        tagged.reserveCapacity(n)
        for i in 0..<n {
            let key = view.key(i)
            tagged.append((word(key, from: shared), word(key, from: shared + 8), i))
        }
        tagged.sort { a, b in
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            let c = PackedKeys.View.compare(view.key(a.position), view.key(b.position))
            return c < 0 || (c == 0 && a.position < b.position)
        }
        return tagged.map(\.position)
    }
}
