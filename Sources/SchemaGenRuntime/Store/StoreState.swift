/// The trees of one table: rows by primary key, and one tree per secondary index.
struct TableState: Sendable {
    /// Encoded primary key → encoded row (``RowCodec``).
    var primary = BTree()
    /// Per index: index key (see ``IndexKeys``) → empty value.
    var indexes: [BTree]
    /// The largest auto-increment id ever assigned or inserted.
    var lastAutoID: Int64 = 0

    init(indexCount: Int) {
        indexes = Array(repeating: BTree(), count: indexCount)
    }
}

/// The whole database at one moment: an immutable value once published, so a reader holding it
/// sees one consistent state for as long as it likes.
struct StoreState: Sendable {
    var tables: [TableState]
    /// Faults met reading the page file this state's trees come from (nil when every node is in memory).
    var pageFaults: PageFaults?

    init(schema: ResolvedSchema) {
        tables = schema.tables.map { TableState(indexCount: $0.indexes.count) }
    }

    /// Writes `row` (replacing `oldRow`, the row currently stored under the same key, if any)
    /// and updates every index. Performs no constraint checks: callers have done them, or are
    /// replaying a log whose records passed them when first committed.
    mutating func put(_ table: ResolvedTable, key: [UInt8], row: Row, encoded: [UInt8], replacing oldRow: Row?,
                      generation: UInt64) {
        tables[table.id].primary.insert(key, encoded, generation: generation)
        for (i, index) in table.indexes.enumerated() {
            let old = oldRow.flatMap { IndexKeys.entry(index, row: $0, primaryKey: key) }
            let new = IndexKeys.entry(index, row: row, primaryKey: key)
            if old == new { continue }
            if let old { tables[table.id].indexes[i].remove(old, generation: generation) }
            if let new { tables[table.id].indexes[i].insert(new, [], generation: generation) }
        }
        if table.autoIncrement, case .int(let id) = row[table.primaryKey[0]], id > tables[table.id].lastAutoID {
            tables[table.id].lastAutoID = id
        }
    }

    /// Removes the row stored under `key` (whose current value is `oldRow`) and its index entries.
    mutating func delete(_ table: ResolvedTable, key: [UInt8], oldRow: Row, generation: UInt64) {
        tables[table.id].primary.remove(key, generation: generation)
        for (i, index) in table.indexes.enumerated() {
            if let old = IndexKeys.entry(index, row: oldRow, primaryKey: key) {
                tables[table.id].indexes[i].remove(old, generation: generation)
            }
        }
    }

    /// Removes the rows `doomed` names and their index entries: one ordered pass per tree
    /// (``BTree/removeAll(_:generation:)``) rather than a descent per key.
    mutating func deleteAll(_ table: ResolvedTable, _ doomed: DoomedRows, generation: UInt64) {
        tables[table.id].primary.removeAll(doomed.primaryKeys, generation: generation)
        for i in table.indexes.indices {
            tables[table.id].indexes[i].removeAll(doomed.indexEntries[i], generation: generation)
        }
    }

    /// The decoded row stored under `key`.
    func row(_ table: ResolvedTable, key: [UInt8]) -> Row? {
        tables[table.id].primary.withValue(forKey: key) { RowDecoding.decode($0, table: table) }
    }
}

/// Decoding of rows already stored in memory. Every row was checked with
/// ``RowCodec/isWellFormed(_:kinds:)-([UInt8],_)`` when it was loaded or committed, so a failure here is a bug.
enum RowDecoding {
    static func decode(_ bytes: [UInt8], table: ResolvedTable) -> Row {
        bytes.withUnsafeBufferPointer { decode($0, table: table) }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, table: ResolvedTable) -> Row {
        guard let row = try? RowCodec.decode(bytes), row.count == table.definition.columns.count else {
            preconditionFailure("stored row of table '\(table.name)' does not decode; run Store.verify")
        }
        return row
    }
}

/// How index and primary keys are built from rows.
///
/// An index entry's key is the encoded index columns, then the encoded primary key, then the
/// primary key's length as two big-endian bytes. The primary key makes entries of a non-unique
/// index distinct and lets a scan find the row; the trailing length lets it be cut back out.
/// Both parts are prefix-free, so all entries with equal column values share the column prefix.
enum IndexKeys {
    static func primaryKey(_ table: ResolvedTable, row: Row) -> [UInt8] {
        var out: [UInt8] = []
        for c in table.primaryKey { IndexKeyEncoder.append(row[c], order: .ascending, to: &out) }
        return out
    }

    /// The encoded index columns of `row`: the prefix shared by entries with equal values.
    static func columnPrefix(_ index: ResolvedIndex, row: Row) -> [UInt8] {
        var out: [UInt8] = []
        appendColumnPrefix(index, row: row, to: &out)
        return out
    }

    @inline(__always)
    static func appendColumnPrefix(_ index: ResolvedIndex, row: Row, to out: inout [UInt8]) {
        for (c, o) in zip(index.columns, index.orders) { IndexKeyEncoder.append(row[c], order: o, to: &out) }
    }

    /// The index entry of `row`, or nil when a partial index excludes it.
    static func entry(_ index: ResolvedIndex, row: Row, primaryKey: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        let included = primaryKey.withUnsafeBufferPointer { appendEntry(index, row: row, primaryKey: $0, to: &out) }
        return included ? out : nil
    }

    /// Appends the index entry of `row` to `out`; false (nothing appended) when a partial index
    /// excludes it. Reads only the index's columns and those of its condition.
    @inline(__always)
    static func appendEntry(_ index: ResolvedIndex, row: Row, primaryKey: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        if let condition = index.condition, !condition.evaluate(row) { return false }
        appendColumnPrefix(index, row: row, to: &out)
        out.append(contentsOf: primaryKey)
        out.append(UInt8(truncatingIfNeeded: primaryKey.count >> 8))
        out.append(UInt8(truncatingIfNeeded: primaryKey.count))
        return true
    }

    /// The primary key embedded in an index entry.
    static func primaryKey(ofEntry entry: [UInt8]) -> [UInt8] {
        Array(entry[primaryKeyRange(ofEntry: entry)!])
    }

    /// Calls `body` with the primary key ending an index entry read as its leaf's shared prefix
    /// and the rest (``BTreeCursor/nextEntryParts(_:)``): a slice of `rest`, or of the key put
    /// together on the stack when the primary key reaches into the prefix; nil (without calling
    /// `body`) when the entry is too short to name one.
    @inline(__always)
    static func withPrimaryKey<R>(ofEntryPrefix prefix: UnsafeBufferPointer<UInt8>, rest: UnsafeBufferPointer<UInt8>,
                                  _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        if let range = primaryKeyRange(ofEntry: rest) { return try body(UnsafeBufferPointer(rebasing: rest[range])) }
        return try PageNodeView.withJoinedKey(prefix, rest) { joined -> R? in
            guard let range = primaryKeyRange(ofEntry: joined) else { return nil }
            return try body(UnsafeBufferPointer(rebasing: joined[range]))
        }
    }

    /// Where the primary key lies in an index entry, or nil when the entry is too short for the
    /// length it ends with (only a damaged file has such an entry).
    @inline(__always)
    static func primaryKeyRange<Entry: RandomAccessCollection<UInt8>>(ofEntry entry: Entry) -> Range<Int>?
    where Entry.Index == Int {
        let end = entry.endIndex - FileFormat.IndexEntry.primaryKeyLengthBytes
        guard end >= entry.startIndex else { return nil }
        let length = Int(entry[end]) << 8 | Int(entry[end + 1])
        guard length <= end - entry.startIndex else { return nil }
        return end - length..<end
    }

    /// The longest primary key an index entry can carry.
    static let maxPrimaryKeyLength = FileFormat.IndexEntry.maxPrimaryKeyLength
}
