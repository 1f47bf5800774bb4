import Foundation
import SchemaGenPostgres
import SchemaGenRuntime

/// What every generated PostgreSQL database (`<Schema>PostgresDatabase`, in `SwiftPostgres/`)
/// shares: closing, `perform`, the `read` and `write` blocks (blocking and async), applying
/// pending migrations and sweeping in the background. The generated facade states only what
/// differs per schema (its views, schema name, migrations, retention jobs, roles, `connect` and
/// `sweep`) and gets the rest from this protocol's extension, written once for every schema.
public protocol PostgresDatabaseFacade: Sendable {
    /// The repositories inside one write transaction (`<Schema>PostgresTransaction`).
    associatedtype PostgresTransactionView
    /// The repositories of one consistent, read-only snapshot (`<Schema>PostgresSnapshot`).
    associatedtype PostgresSnapshotView

    /// The database: every repository call is its own transaction.
    var access: PostgresAccess { get }

    /// The schema's name, under which `schemagen_migrations` records its migrations.
    static var schemaName: String { get }

    /// The schema's migrations the library was built with, oldest first: a database `connect`
    /// accepts has applied exactly these.
    static var migrations: [PostgresMigration] { get }

    /// The repositories over one open transaction.
    static func transactionView(_ access: PostgresTransactionAccess) -> PostgresTransactionView

    /// The repositories over one snapshot.
    static func snapshotView(_ access: PostgresSnapshotAccess) -> PostgresSnapshotView

    /// Applies every retention rule of every table as of `now` (the database clock's time when nil),
    /// with the schema's default retention periods, and reports what it did.
    func sweep(now: Date?) throws -> DatabaseSweepReport
}

extension PostgresDatabaseFacade {
    /// Applies the migrations of ``migrations`` the database at `url` has not applied, reading their up
    /// scripts from `folder` (the schema's `schema/migrations/<schema>`), in order and under an advisory
    /// lock (concurrent callers apply each once); returns the state after. Refuses, applying nothing, a
    /// database that holds an edited or unknown migration (`MigrationRefusal`); a missing script throws
    /// `MigrationFolder.MissingScript` before connecting.
    @discardableResult
    public static func applyPendingMigrations(url: String, from folder: URL) async throws -> MigrationState {
        try await MigrationFolder(folder).applyPending(schema: schemaName, expected: migrations, url: url)
    }

    /// Closes the pooled connections.
    public func close() { access.close() }

    /// Runs ``sweep(now:)`` every `interval` (the first after one interval) off the Swift concurrency pool until
    /// the sweeper is stopped (`await sweeper.stop()`) or the database closed; errors of a sweep go to `onError`.
    public func startSweeping(every interval: Duration, onError: (@Sendable (any Error) -> Void)? = nil) -> BackgroundSweeper {
        let access = access
        return BackgroundSweeper(every: interval, onError: onError, isClosed: { access.isClosed }) {
            _ = try await self.perform { try $0.sweep(now: nil) }
        }
    }

    /// Runs `body` with the database off the Swift concurrency pool (repository calls block a thread while
    /// the server works) and resumes with its result: `try await db.perform { db in … }`.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (Self) throws -> T) async throws -> T {
        try await access.perform { try body(self) }
    }

    /// Runs `body` on one consistent snapshot of every repository (`REPEATABLE READ READ ONLY`).
    public func read<T>(_ body: (PostgresSnapshotView) throws -> T) throws -> T {
        try access.snapshot { try body(Self.snapshotView($0)) }
    }

    /// Runs `body` as one all-or-nothing transaction over every repository; if it throws, nothing is kept.
    @discardableResult
    public func write<T>(_ body: (PostgresTransactionView) throws -> T) throws -> T {
        try access.transaction { try body(Self.transactionView($0)) }
    }

    /// Runs `body` as one all-or-nothing transaction off the Swift concurrency pool (the statements block a
    /// dispatch thread, not the caller's), as the store's async `write` runs on its write queue.
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (PostgresTransactionView) throws -> T) async throws -> T {
        // The closure is synchronous, so this calls the blocking `write` above.
        try await access.perform { try self.write(body) }
    }

    /// Runs `body` on one consistent snapshot (`REPEATABLE READ READ ONLY`) in the calling task, as the store's
    /// async `read` does; its statements wait for the server on the task's thread, so for long reads prefer
    /// ``perform(_:)``.
    public func read<T>(_ body: (PostgresSnapshotView) throws -> T) async throws -> T {
        try access.snapshot { try body(Self.snapshotView($0)) }
    }
}
