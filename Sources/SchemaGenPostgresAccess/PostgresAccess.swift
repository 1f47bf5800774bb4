import Dispatch
import Foundation
import SchemaGenPostgres
import SchemaGenRuntime

/// Access to a PostgreSQL database for generated repositories: every call is its own
/// transaction on a pooled connection, as ``StoreAccess`` makes every call its own store
/// transaction. Reads run in `REPEATABLE READ READ ONLY` transactions (one consistent snapshot
/// per call); writes in a transaction that commits when the call returns and rolls back when it
/// throws.
///
///     let access = try PostgresAccess.connect(url: "postgresql://bot@127.0.0.1/bot", schema: DiscordBotStoreLayout.schema)
///
/// Calls block the calling thread while the server works (the repositories' API is synchronous,
/// as on the store).
public struct PostgresAccess: RootAccess, Sendable {
    let pool: BlockingConnectionPool
    let catalog: PostgresTableCatalog
    /// The clock writes are stamped with (`now` defaults, auto-updated timestamps).
    public let clock: @Sendable () -> Date
    /// The owner every transaction is scoped to (`SET LOCAL app.current_owner`, which the
    /// generated row-level security policies read), or nil for none.
    public let owner: String?
    /// Each entity's retention jobs (by schema entity name), which sweeps run.
    let retention: [String: [PostgresRetentionJob]]
    /// The role every transaction runs as (`SET LOCAL ROLE`: a writer module's generated role),
    /// or nil for the connection's own.
    public let role: String?
    /// The secret page tokens are sealed with, or nil for none (tokens then refuse).
    let pageTokenSecret: [UInt8]?

    /// Connects to the database at `url` (a URL or libpq `key=value` pairs) and checks that it
    /// has every table and column of `schema` under the same names; with `migrations`, first that
    /// it has applied exactly those migrations of the schema named `migrations.schema`.
    /// `retention` holds each entity's retention jobs (the generated facade's), which sweeps run.
    /// With `pageTokenSecret` (16 random bytes, the same for every process serving the database,
    /// kept like a password), queries' pages carry page tokens as on the store.
    /// `sqlTables`, when given, are the tables of `schema` the database has (the schema's tables,
    /// not its MongoDB collections); the others are unknown tables here.
    /// With `role`, every transaction runs as that role (`SET LOCAL ROLE`; the connecting user must
    /// be a member of it), so the server refuses what the role may not do (``WriterRoleRefusal``).
    ///
    /// - Throws: `MigrationRefusal` naming the command to run when the migrations differ;
    ///   ``PostgresSchemaMismatch`` naming what is missing; `PostgresError` when the server cannot
    ///   be reached, or `invalidParameter` for a page-token secret that is not 16 bytes.
    public static func connect(url: String, schema: StoreSchema, migrations: (schema: String, expected: [PostgresMigration])? = nil,
                               retention: [String: [PostgresRetentionJob]] = [:], role: String? = nil, sqlTables: Set<String>? = nil,
                               pageTokenSecret: [UInt8]? = nil,
                               maximumConnections: Int = 4,
                               clock: @escaping @Sendable () -> Date = { Date() }) throws -> PostgresAccess {
        if let pageTokenSecret, pageTokenSecret.count != 16 {
            throw PostgresError(kind: .invalidParameter, message: "a page-token secret is 16 bytes, got \(pageTokenSecret.count)")
        }
        let pool = BlockingConnectionPool(conninfo: url, maximumConnections: maximumConnections)
        let catalog = try pool.withConnection { connection in
            if let migrations {
                let state = try MigrationState.readBlocking(schema: migrations.schema, expected: migrations.expected, on: connection)
                if let refusal = state.refusal { throw refusal }
            }
            return try PostgresTableCatalog(schema: schema, sqlTables: sqlTables, connection: connection)
        }
        return PostgresAccess(pool: pool, catalog: catalog, clock: clock, owner: nil, retention: retention, role: role,
                              pageTokenSecret: pageTokenSecret)
    }

    /// This access with every transaction scoped to `owner` (`SET LOCAL`, so a pooled
    /// connection never carries it to its next user).
    public func scoped(toOwner owner: String) -> PostgresAccess {
        PostgresAccess(pool: pool, catalog: catalog, clock: clock, owner: owner, retention: retention, role: role,
                       pageTokenSecret: pageTokenSecret)
    }

    /// This access with every transaction running as `role` (`SET LOCAL ROLE`), on the same pool.
    public func acting(as role: String?) -> PostgresAccess {
        PostgresAccess(pool: pool, catalog: catalog, clock: clock, owner: owner, retention: retention, role: role,
                       pageTokenSecret: pageTokenSecret)
    }

    /// The clock's current time.
    public var now: Date { clock() }

    /// Runs `body` on one consistent snapshot (`REPEATABLE READ READ ONLY`).
    public func withSnapshot<T>(_ body: (any TableReader) throws -> T) throws -> T {
        try transaction(readOnly: true, protectsEachWrite: false) { try body($0) }
    }

    /// Runs `body` as one transaction, committed when it returns.
    public func withTransaction<T>(_ body: (any TableWriter) throws -> T) throws -> T {
        try transaction(readOnly: false, protectsEachWrite: false) { try body($0) }
    }

    /// Runs `body` as one transaction whose repositories all join it: committed when `body`
    /// returns, rolled back when it throws. A write that fails inside changes nothing and the
    /// transaction goes on, as on the store (each write runs under a savepoint).
    public func transaction<T>(_ body: (PostgresTransactionAccess) throws -> T) throws -> T {
        let now = self.now
        return try transaction(readOnly: false, protectsEachWrite: true) { session in
            try body(PostgresTransactionAccess(session: session, now: now))
        }
    }

    /// Runs `body` on one consistent, read-only snapshot (`REPEATABLE READ READ ONLY`) whose
    /// repositories all read it.
    public func snapshot<T>(_ body: (PostgresSnapshotAccess) throws -> T) throws -> T {
        try transaction(readOnly: true, protectsEachWrite: false) { try body(PostgresSnapshotAccess(session: $0)) }
    }

    /// Runs `body` off the Swift concurrency pool (its calls block a thread while the server
    /// works) and resumes with its result: the async entry to the synchronous repositories, as
    /// the store's `perform` runs on the store's queue.
    public func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Closes the pooled connections.
    public func close() { pool.close() }

    /// Whether ``close()`` was called (on this access or another of the same pool): calls then
    /// throw `PostgresError` `.connectionLost`.
    public var isClosed: Bool { pool.closed }

    private func transaction<T>(readOnly: Bool, protectsEachWrite: Bool, _ body: (PostgresTableSession) throws -> T) throws -> T {
        try pool.withConnection { connection in
            try connection.runScriptBlocking(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
            let result: T
            do {
                // `SET LOCAL ROLE` as a parameter: it ends with the transaction, so a pooled
                // connection never carries one module's role to the next caller.
                if let role { try connection.queryBlocking("SELECT pg_catalog.set_config('role', $1, true)", [.text(role)]) }
                if let owner { try connection.queryBlocking("SELECT pg_catalog.set_config($1, $2, true)", [.text("app.current_owner"), .text(owner)]) }
                result = try body(PostgresTableSession(connection: connection, catalog: catalog, protectsEachWrite: protectsEachWrite,
                                                       retention: retention, role: role, pageTokenSecret: pageTokenSecret))
            } catch {
                // A failed rollback leaves the connection inside a transaction: the pool then closes it.
                try? connection.runScriptBlocking("ROLLBACK")
                throw error
            }
            let tag = try connection.queryBlocking("COMMIT").commandTag
            guard tag == "COMMIT" else {
                throw PostgresError(kind: .transactionRolledBack, message: "COMMIT rolled back: a statement in the transaction had failed")
            }
            return result
        }
    }
}

/// Access inside an open PostgreSQL transaction: reads see its writes, writes join it.
public struct PostgresTransactionAccess: RootAccess {
    let session: PostgresTableSession
    /// The time the transaction stamps its writes with (fixed when it began).
    public let now: Date

    /// Runs `body` on the transaction's current state.
    public func withSnapshot<T>(_ body: (any TableReader) throws -> T) throws -> T { try body(session) }

    /// Runs `body` in the open transaction.
    public func withTransaction<T>(_ body: (any TableWriter) throws -> T) throws -> T { try body(session) }
}

/// Read-only access to one open snapshot transaction.
public struct PostgresSnapshotAccess: ReadAccess {
    let session: PostgresTableSession

    /// Runs `body` on the snapshot.
    public func withSnapshot<T>(_ body: (any TableReader) throws -> T) throws -> T { try body(session) }
}

extension PostgresAccess: RetentionSweeping {
    /// Runs each of the entity's retention rules in a transaction of its own: the rule's
    /// generated retention SQL as of `now`, or for a `handled` rule `handle` on each due row
    /// and then its delete. A rule that fails rolls back only itself; the sweep stops there.
    public func sweep(entity: String, table: String, primaryKey: [Int], rules: [RetentionAction], now: Date,
                      handle: ((Row) throws -> Void)?) throws -> SweepReport {
        let sweep = try PostgresSweep(entity: entity, table: table, primaryKey: primaryKey, rules: rules, now: now, registry: retention,
                                      catalog: catalog)
        var report = SweepReport(entity: entity)
        for index in rules.indices {
            report = try transaction(readOnly: false, protectsEachWrite: false) { session in
                var ruleReport = report
                try sweep.run(rule: index, in: session, handle: handle, into: &ruleReport)
                return ruleReport
            }
        }
        return report
    }
}
