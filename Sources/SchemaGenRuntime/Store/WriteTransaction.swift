import Foundation

/// One logical change recorded for the write-ahead log.
enum LogOperation: Sendable {
    /// Store the encoded row (its key is derived from it).
    case put(table: Int, row: [UInt8])
    /// Delete the row with this encoded primary key.
    case delete(table: Int, key: [UInt8])
    /// Delete the rows with these encoded primary keys (expiry's batches, without an array per
    /// key). Logged as one `delete` per key, so the log holds exactly what separate deletes write.
    case deleteAll(table: Int, keys: PackedKeys)

    /// How many logged operations this one stands for.
    var loggedCount: Int {
        if case .deleteAll(_, let keys) = self { return keys.count }
        return 1
    }
}

/// Hands out write generations; only touched with the store's writer lock held.
final class GenerationCounter: @unchecked Sendable {
    private var last: UInt64
    init(after last: UInt64) { self.last = last }
    func next() -> UInt64 { last += 1; return last }
}

/// The changes of one write transaction, visible to nobody else until it commits.
///
/// Obtained only inside ``Store/write(_:)``. Every operation either completes or throws
/// having changed nothing, and if the closure throws, the whole transaction is discarded.
/// Reads through the transaction see its own writes.
public final class WriteTransaction {
    let schema: ResolvedSchema
    var state: StoreState
    var generation: UInt64
    let generations: GenerationCounter
    var operations: [LogOperation] = []
    /// The store's clock when the transaction began (``StoreOptions/clock``): the one time its
    /// writes are stamped with, so every record of a transaction gets the same `now`.
    public let startTime: Date
    /// The page-token secret of the store, so queries inside the transaction make tokens too.
    let pageTokens: PageTokenKeys?
    /// The store's kept index estimates, for planned queries inside the transaction.
    let plannerStatistics: PlannerStatistics?

    init(schema: ResolvedSchema, state: StoreState, generations: GenerationCounter, startTime: Date,
         pageTokens: PageTokenKeys? = nil, plannerStatistics: PlannerStatistics? = nil) {
        self.pageTokens = pageTokens
        self.plannerStatistics = plannerStatistics
        self.schema = schema
        self.state = state
        self.generations = generations
        self.generation = generations.next()
        self.startTime = startTime
    }

    /// The transaction's current state as an immutable snapshot, including its uncommitted
    /// writes; later writes in this transaction do not change it, so it is safe to hold a
    /// cursor from it while writing.
    public var snapshot: Snapshot {
        // Nodes of the current generation may be changed in place; a fresh generation makes
        // every node reachable from this snapshot copy-on-write from now on.
        generation = generations.next()
        return view
    }

    /// The current state for reads that finish before the next write (no generation change).
    var view: Snapshot { Snapshot(schema: schema, state: state, pageTokens: pageTokens, plannerStatistics: plannerStatistics) }

    /// Inserts `row` into `table` and returns its primary-key values. With auto-increment, a
    /// `null` primary key is replaced by the next id.
    @discardableResult
    public func insert(_ row: Row, into table: String) throws -> [StoreValue] {
        let t = try schema.table(table)
        var row = row
        if t.autoIncrement, row.count == t.definition.columns.count, row[t.primaryKey[0]].isNull {
            // The last id may come from a file or an explicit insert of Int64.max: never trap on it.
            let (next, exhausted) = state.tables[t.id].lastAutoID.addingReportingOverflow(1)
            guard !exhausted else { throw StoreError.invalidRow(table: t.name, reason: "auto-increment ids are exhausted") }
            row[t.primaryKey[0]] = .int(next)
        }
        let key = try validate(row, for: t)
        guard !state.tables[t.id].primary.contains(key) else {
            throw StoreError.duplicatePrimaryKey(table: t.name, key: t.primaryKey.map { row[$0] })
        }
        try checkUnique(row, key: key, in: t)
        try checkParents(of: row, in: t)
        write(row, key: key, replacing: nil, in: t)
        return t.primaryKey.map { row[$0] }
    }

    /// Replaces the stored row that has `row`'s primary key; throws ``StoreError/rowNotFound(table:key:)`` if none.
    public func update(_ row: Row, in table: String) throws {
        let t = try schema.table(table)
        let key = try validate(row, for: t)
        guard let old = state.row(t, key: key) else {
            throw StoreError.rowNotFound(table: t.name, key: t.primaryKey.map { row[$0] })
        }
        try replace(old, with: row, key: key, in: t)
    }

    /// Sets some columns of the row with primary key `primaryKey`, leaving the others unchanged.
    public func update(_ table: String, primaryKey: [StoreValue], set changes: [String: StoreValue]) throws {
        let t = try schema.table(table)
        let key = IndexKeyEncoder.encode(primaryKey)
        guard let old = state.row(t, key: key) else { throw StoreError.rowNotFound(table: t.name, key: primaryKey) }
        var row = old
        for (name, value) in changes { row[try t.column(named: name)] = value }
        guard try validate(row, for: t) == key else {
            throw StoreError.invalidRow(table: t.name, reason: "primary-key columns cannot be changed; delete and insert instead")
        }
        try replace(old, with: row, key: key, in: t)
    }

    /// Inserts `row`, or replaces the row with the same primary key; returns the primary-key values.
    @discardableResult
    public func upsert(_ row: Row, into table: String) throws -> [StoreValue] {
        let t = try schema.table(table)
        if row.count == t.definition.columns.count, !t.primaryKey.contains(where: { row[$0].isNull }),
           let old = state.row(t, key: IndexKeys.primaryKey(t, row: row)) {
            let key = try validate(row, for: t)
            try replace(old, with: row, key: key, in: t)
            return t.primaryKey.map { row[$0] }
        }
        return try insert(row, into: table)
    }

    /// Deletes the row with `primaryKey`, applying every foreign key's on-delete action;
    /// returns whether the row existed.
    @discardableResult
    public func delete(primaryKey: [StoreValue], from table: String) throws -> Bool {
        let t = try schema.table(table)
        let key = IndexKeyEncoder.encode(primaryKey)
        guard let old = state.row(t, key: key) else { return false }
        try delete(key: key, row: old, in: t)
        return true
    }

    /// Deletes the row whose single-column primary key is `primaryKey`; returns whether it existed.
    @discardableResult
    public func delete(primaryKey: StoreValue, from table: String) throws -> Bool {
        try delete(primaryKey: [primaryKey], from: table)
    }

    // MARK: Reads (see the same methods on Snapshot)

    /// The row of `table` with the given primary-key values, including this transaction's writes.
    public func get(_ table: String, primaryKey: [StoreValue]) throws -> Row? {
        try view.get(table, primaryKey: primaryKey)
    }

    /// The row whose single-column primary key is `primaryKey`, including this transaction's writes.
    public func get(_ table: String, primaryKey: StoreValue) throws -> Row? {
        try view.get(table, primaryKey: [primaryKey])
    }

    /// The first row whose leading `index` columns equal `key`.
    public func get(_ table: String, index: String, key: [StoreValue]) throws -> Row? {
        try view.get(table, index: index, key: key)
    }

    /// Rows in index order; see ``Snapshot/scan(_:index:prefix:from:to:direction:limit:)``.
    public func scan(_ table: String, index: String? = nil, prefix: [StoreValue] = [], from: ScanBound? = nil,
                     to: ScanBound? = nil, direction: ScanDirection = .forward, limit: Int? = nil) throws -> [Row] {
        try view.scan(table, index: index, prefix: prefix, from: from, to: to, direction: direction, limit: limit)
    }

    /// The number of rows in `table`.
    public func count(_ table: String) throws -> Int { try view.count(table) }

    /// The number of rows a scan with these arguments would return.
    public func count(_ table: String, index: String?, prefix: [StoreValue] = [], from: ScanBound? = nil,
                      to: ScanBound? = nil) throws -> Int {
        try view.count(table, index: index, prefix: prefix, from: from, to: to)
    }

    // MARK: Internals shared with expiry and TTL spaces

    /// Deletes a row known to exist, atomically with its cascades: a savepoint (a fresh
    /// generation, so nodes shared with the saved state are copied, not changed) is restored if
    /// any restrict fires midway.
    func delete(key: [UInt8], row: Row, in t: ResolvedTable) throws {
        guard !t.referencedBy.isEmpty else {
            state.delete(t, key: key, oldRow: row, generation: generation)
            operations.append(.delete(table: t.id, key: key))
            return
        }
        let saved = (state, operations.count)
        generation = generations.next()
        do {
            try deleteCascading(key: key, row: row, in: t)
        } catch {
            state = saved.0
            operations.removeSubrange(saved.1...)
            generation = generations.next()
            throw error
        }
    }

    func replace(_ old: Row, with row: Row, key: [UInt8], in t: ResolvedTable) throws {
        try checkUnique(row, key: key, in: t)
        try checkParents(of: row, in: t)
        for fk in t.referencedBy where fk.parentColumns.contains(where: { old[$0] != row[$0] }) {
            if !ForeignKeyLookup.children(of: fk, parentRow: old, schema: schema, state: state).isEmpty {
                throw StoreError.foreignKeyRestrict(table: t.name, childTable: schema.tables[fk.table].name, foreignKey: fk.name)
            }
        }
        write(row, key: key, replacing: old, in: t)
    }

    private func write(_ row: Row, key: [UInt8], replacing old: Row?, in t: ResolvedTable) {
        let encoded = RowCodec.encode(row)
        state.put(t, key: key, row: row, encoded: encoded, replacing: old, generation: generation)
        operations.append(.put(table: t.id, row: encoded))
    }

    private func deleteCascading(key: [UInt8], row: Row, in t: ResolvedTable) throws {
        // The row goes first, so a self-reference never finds itself as its own child.
        state.delete(t, key: key, oldRow: row, generation: generation)
        operations.append(.delete(table: t.id, key: key))
        for fk in t.referencedBy {
            let children = ForeignKeyLookup.children(of: fk, parentRow: row, schema: schema, state: state)
            guard !children.isEmpty else { continue }
            let child = schema.tables[fk.table]
            switch fk.onDelete {
            case .restrict:
                throw StoreError.foreignKeyRestrict(table: t.name, childTable: child.name, foreignKey: fk.name)
            case .cascade:
                for childKey in children {
                    if let current = state.row(child, key: childKey) { try deleteCascading(key: childKey, row: current, in: child) }
                }
            case .setNull:
                for childKey in children {
                    guard var current = state.row(child, key: childKey) else { continue }
                    let old = current
                    for c in fk.columns { current[c] = .null }
                    write(current, key: childKey, replacing: old, in: child)
                }
            }
        }
    }

    /// Checks shape, types and nullability; returns the encoded primary key.
    private func validate(_ row: Row, for t: ResolvedTable) throws -> [UInt8] {
        let columns = t.definition.columns
        guard row.count == columns.count else {
            throw StoreError.invalidRow(table: t.name, reason: "\(row.count) values for \(columns.count) columns")
        }
        for (value, column) in zip(row, columns) {
            if value.isNull {
                if !column.isNullable { throw StoreError.invalidRow(table: t.name, reason: "column '\(column.name)' is not nullable") }
            } else if value.type != column.type {
                throw StoreError.invalidRow(table: t.name, reason: "column '\(column.name)' expects \(column.type), got \(value)")
            }
        }
        let key = IndexKeys.primaryKey(t, row: row)
        guard key.count <= IndexKeys.maxPrimaryKeyLength else {
            throw StoreError.invalidRow(table: t.name, reason: "primary key longer than \(IndexKeys.maxPrimaryKeyLength) bytes")
        }
        return key
    }

    private func checkUnique(_ row: Row, key: [UInt8], in t: ResolvedTable) throws {
        for (i, index) in t.indexes.enumerated() where index.isUnique {
            if let condition = index.condition, !condition.evaluate(row) { continue }
            if index.columns.contains(where: { row[$0].isNull }) { continue }
            var entries = BTreeRangeIterator(state.tables[t.id].indexes[i], prefix: IndexKeys.columnPrefix(index, row: row), reverse: false)
            while let (entry, _) = entries.next() {
                if IndexKeys.primaryKey(ofEntry: entry) == key { continue }
                throw StoreError.uniqueViolation(table: t.name, index: index.name, key: index.columns.map { row[$0] })
            }
        }
    }

    private func checkParents(of row: Row, in t: ResolvedTable) throws {
        for fk in t.foreignKeys {
            let values = fk.columns.map { row[$0] }
            if values.contains(where: \.isNull) { continue }
            // A row may reference itself; its parent is then the row being written.
            if fk.parentTable == t.id, fk.parentColumns.map({ row[$0] }) == values { continue }
            if !ForeignKeyLookup.parentExists(fk, values: values, schema: schema, state: state) {
                throw StoreError.missingParent(table: t.name, foreignKey: fk.name, parentTable: schema.tables[fk.parentTable].name, key: values)
            }
        }
    }
}
