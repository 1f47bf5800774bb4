import Foundation

/// The table-level reads generated repositories, ``RecordOperations`` and ``Query`` make: the
/// one surface a backend implements so the same repositories run on it. The store's
/// ``Snapshot`` and ``WriteTransaction`` implement it; so does the PostgreSQL backend
/// (`SchemaGenPostgresAccess`).
///
/// Rows are `[StoreValue]` in the column order of the table's ``TableDefinition``; tables and
/// indexes are named as in the ``StoreSchema`` (the same names the SQL emitter writes). Orders
/// are the store's: an index's columns in their declared order (nulls lowest), then the
/// primary key ascending.
public protocol TableReader {
    /// The schema the tables are read with.
    var tableCatalog: TableCatalog { get }
    /// The row of `table` with the given primary-key values.
    func get(_ table: String, primaryKey: [StoreValue]) throws -> Row?
    /// The first row (in index order) whose leading `index` columns equal `key`.
    func get(_ table: String, index: String, key: [StoreValue]) throws -> Row?
    /// Calls `body` with the rows of `table` in the order of `index` (nil: the primary key) whose
    /// leading columns equal `prefix` and whose following columns lie between `from` and `to`,
    /// until `body` returns false. The row passed must not be kept beyond the call if the
    /// backend says so (the store never reuses it).
    func forEachRow(_ table: String, index: String?, prefix: [StoreValue], from: ScanBound?, to: ScanBound?,
                    direction: ScanDirection, _ body: (Row) throws -> Bool) throws
    /// The number of rows in `table`.
    func count(_ table: String) throws -> Int
    /// The number of rows a scan with these arguments would pass to its body.
    func count(_ table: String, index: String?, prefix: [StoreValue], from: ScanBound?, to: ScanBound?) throws -> Int
    /// How many entries each scan of `table` holds, at most `limit` each, asked of the backend at
    /// once (a scan: an index, nil for the primary key; one prefix per probe; the bounds after
    /// it); nil when the backend counts scan by scan. The planner's tie-break between equally
    /// bounded indexes: one statement on a server rather than one per candidate and probe. The
    /// store returns nil (its counts are walks of its own trees, stopped at the best so far).
    func cappedCounts(_ table: String, scans: [(index: String?, prefixes: [[StoreValue]], from: ScanBound?, to: ScanBound?)],
                      limit: Int) throws -> [Int]?
    /// The codec that seals and opens this backend's page tokens (made when first needed: the
    /// store creates its secret then), or nil when the backend has no secret to seal them with.
    var pageTokenSealer: (@Sendable () throws -> PageTokenCodec)? { get }
    /// Runs a query's filtered scan (and its aggregate, if any) on the backend itself, e.g. as
    /// one SQL statement, and returns exactly what the store's Swift evaluation of the request
    /// gives; nil when the backend does not (any part it cannot translate exactly): the query
    /// is then evaluated in Swift over ``forEachRow(_:index:prefix:from:to:direction:_:)``.
    /// The store returns nil (its own scans are the Swift evaluation).
    func pushdown<Record: StoredRecord>(_ request: PushdownRequest<Record>) throws -> PushdownResult?
}

extension TableReader {
    /// No page tokens unless the backend has a secret.
    public var pageTokenSealer: (@Sendable () throws -> PageTokenCodec)? { nil }

    /// Counted scan by scan.
    public func cappedCounts(_ table: String, scans: [(index: String?, prefixes: [[StoreValue]], from: ScanBound?, to: ScanBound?)],
                             limit: Int) throws -> [Int]? { nil }

    /// Nothing pushed down: queries are evaluated in Swift.
    public func pushdown<Record: StoredRecord>(_ request: PushdownRequest<Record>) throws -> PushdownResult? { nil }
}

/// The table-level writes of generated repositories: each either completes or throws having
/// changed nothing, with the store's constraint errors (``StoreError/uniqueViolation(table:index:key:)``,
/// ``StoreError/missingParent(table:foreignKey:parentTable:key:)``,
/// ``StoreError/foreignKeyRestrict(table:childTable:foreignKey:)``, …). Reads see the writes made so far.
public protocol TableWriter: TableReader {
    /// Inserts `row` into `table` and returns its primary-key values; a `null` auto-increment
    /// key is assigned.
    @discardableResult
    func insert(_ row: Row, into table: String) throws -> [StoreValue]
    /// Replaces the stored row that has `row`'s primary key; throws ``StoreError/rowNotFound(table:key:)`` if none.
    func update(_ row: Row, in table: String) throws
    /// Deletes the row with `primaryKey`, applying every foreign key's on-delete action;
    /// returns whether the row existed.
    @discardableResult
    func delete(primaryKey: [StoreValue], from table: String) throws -> Bool
    /// Inserts `rows` into `table` in order, as ``insert(_:into:)`` would one by one, and returns
    /// each row's primary-key values in the same order. A backend may send them together (the
    /// PostgreSQL backend: multi-row statements); on an error, which the single insert of the
    /// failing row would have thrown, some rows may be stored: run it inside
    /// ``allOrNothing(_:)`` for all or none.
    func insertAll(_ rows: [Row], into table: String) throws -> [[StoreValue]]
    /// Runs `body`; when it throws, every write it made is undone and the transaction goes on
    /// as before it (a savepoint), so a batch of writes is stored whole or not at all.
    func allOrNothing<T>(_ body: () throws -> T) throws -> T
}

extension TableWriter {
    /// One ``insert(_:into:)`` per row.
    public func insertAll(_ rows: [Row], into table: String) throws -> [[StoreValue]] {
        try rows.map { try insert($0, into: table) }
    }
}

extension TableReader {
    /// The rows ``forEachRow(_:index:prefix:from:to:direction:_:)`` passes, at most `limit` of them.
    public func rows(_ table: String, index: String? = nil, prefix: [StoreValue] = [], from: ScanBound? = nil,
                     to: ScanBound? = nil, direction: ScanDirection = .forward, limit: Int? = nil) throws -> [Row] {
        var rows: [Row] = []
        let limit = limit ?? Int.max
        guard limit > 0 else { return [] }
        try forEachRow(table, index: index, prefix: prefix, from: from, to: to, direction: direction) { row in
            rows.append(row)
            return rows.count < limit
        }
        return rows
    }
}

/// A store schema checked and resolved once (tables, columns, indexes and foreign keys by
/// position), shared by every read of a backend; a backend other than the store makes one with
/// ``init(_:)``.
public struct TableCatalog: Sendable {
    let resolved: ResolvedSchema

    init(resolved: ResolvedSchema) { self.resolved = resolved }

    /// Resolves `schema`; throws ``StoreError/invalidSchema(_:)`` when it is not valid.
    public init(_ schema: StoreSchema) throws { resolved = try ResolvedSchema(schema) }

    /// The schema.
    public var schema: StoreSchema { resolved.schema }

    /// The definition of `table`; throws ``StoreError/unknownTable(_:)``.
    public func table(_ table: String) throws -> TableDefinition { try resolved.table(table).definition }
}

/// An operation the backend in use does not offer (e.g. a store-only feature on PostgreSQL).
public struct UnsupportedOperation: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was asked for.
    public let operation: String
    /// Why it is not available and what to use instead.
    public let reason: String

    /// An error for `operation`, explained by `reason`.
    public init(operation: String, reason: String) {
        self.operation = operation
        self.reason = reason
    }

    /// A sentence describing the error.
    public var description: String { "\(operation) is not available here: \(reason)" }
}

extension Snapshot: TableReader {
    /// The schema of the store the snapshot was taken from.
    public var tableCatalog: TableCatalog { TableCatalog(resolved: schema) }

    /// The store's page-token codec, with the secret kept in the store's directory.
    public var pageTokenSealer: (@Sendable () throws -> PageTokenCodec)? {
        guard let keys = pageTokens else { return nil }
        return { @Sendable in try keys.codec() }
    }

    /// Calls `body` with each row of the scan (see ``cursor(_:index:prefix:from:to:direction:)``).
    public func forEachRow(_ table: String, index: String?, prefix: [StoreValue], from: ScanBound?, to: ScanBound?,
                           direction: ScanDirection, _ body: (Row) throws -> Bool) throws {
        var c = try cursor(table, index: index, prefix: prefix, from: from, to: to, direction: direction)
        while let row = c.next() { if try !body(row) { break } }
        if let failure = c.failure { throw failure }
        try state.pageFaults?.check()
    }
}

extension WriteTransaction: TableWriter {
    /// The schema of the store the transaction writes.
    public var tableCatalog: TableCatalog { TableCatalog(resolved: schema) }

    /// Calls `body` with each row of the scan, including this transaction's writes; the scan
    /// reads a snapshot, so `body` may write through the transaction.
    public func forEachRow(_ table: String, index: String?, prefix: [StoreValue], from: ScanBound?, to: ScanBound?,
                           direction: ScanDirection, _ body: (Row) throws -> Bool) throws {
        try snapshot.forEachRow(table, index: index, prefix: prefix, from: from, to: to, direction: direction, body)
    }

    /// Runs `body`, restoring the transaction's state from before it when it throws (a
    /// savepoint: a fresh generation, so nodes shared with the saved state are copied, not changed).
    public func allOrNothing<T>(_ body: () throws -> T) throws -> T {
        let saved = (state, operations.count)
        generation = generations.next()
        do {
            return try body()
        } catch {
            state = saved.0
            operations.removeSubrange(saved.1...)
            generation = generations.next()
            throw error
        }
    }
}
