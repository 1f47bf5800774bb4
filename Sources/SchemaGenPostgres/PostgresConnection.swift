import Dispatch

/// One connection to a PostgreSQL server, through libpq.
///
///     let connection = try await PostgresConnection.connect("postgresql://app@127.0.0.1:5432/bot")
///     let rows = try await connection.query("SELECT id, name FROM account WHERE id = $1", [.int64(7)])
///
/// Statements run one at a time: libpq's blocking calls run on the connection's own serial
/// queue, off the Swift concurrency pool, and the async methods resume when they return. A
/// connection serves one task at a time (a pool hands it out exclusively); calls from several
/// tasks at once are serialized but would interleave their transactions.
///
/// Every statement is prepared once per connection and reused (cached by SQL text and parameter
/// types, at most `LibPQSession.preparedStatementLimit` statements), so repeated queries skip
/// parsing and planning. Parameters go in binary with their types; results come back in binary.
///
/// Cancelling the calling task cancels the running statement on the server, which then fails
/// with `.queryCanceled`; the connection stays usable.
public final class PostgresConnection: @unchecked Sendable {
    // @unchecked: `session` is only touched on `queue`, which serializes every use.
    private let session: LibPQSession
    private let queue: DispatchQueue
    private let canceller: QueryCanceller

    /// The server process serving this connection, e.g. to find it in `pg_stat_activity`.
    public let backendPID: Int32

    private init(session: LibPQSession, queue: DispatchQueue) {
        self.session = session
        self.queue = queue
        self.backendPID = session.backendPID
        self.canceller = session.makeCanceller()
    }

    /// Opens a connection. `conninfo` is a URL (`postgresql://user:password@host:port/database`)
    /// or libpq `key=value` pairs; every libpq option and `PG*` environment variable applies.
    /// Throws `PostgresError` of kind `.connectionFailed` if the server cannot be reached or refuses.
    public static func connect(_ conninfo: String) async throws -> PostgresConnection {
        let queue = DispatchQueue(label: "schemagen.postgres.connection")
        let session = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SessionBox, any Error>) in
            queue.async {
                continuation.resume(with: Result { SessionBox(try LibPQSession(conninfo: conninfo)) })
            }
        }
        return PostgresConnection(session: session.session, queue: queue)
    }

    /// Runs one statement and returns its rows. `$1`, `$2`, … in `sql` are `parameters[0]`, `[1]`, ….
    @discardableResult
    public func query(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> PostgresRows {
        try await onQueue { session in try session.execute(sql, parameters) }
    }

    /// Runs one statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> Int {
        try await query(sql, parameters).affectedRowCount
    }

    /// Runs a script of any number of statements separated by `;` (DDL, a migration), without
    /// parameters and unprepared. PostgreSQL runs a multi-statement script as one transaction
    /// unless it contains its own `BEGIN`/`COMMIT`.
    public func runScript(_ sql: String) async throws {
        try await onQueue { session in try session.runScript(sql) }
    }

    /// Whether the connection works as far as the client knows and is outside any transaction,
    /// i.e. fit to be reused. A connection the server dropped silently is only found out on its
    /// next statement (which then throws `.connectionLost`).
    public var isReusable: Bool {
        queue.sync { session.isIdleOutsideTransaction }
    }

    /// How many statements this connection has prepared on the server so far.
    public var preparedStatementCount: Int {
        queue.sync { session.preparedCount }
    }

    /// Closes the connection. Later calls throw `.connectionLost`.
    public func close() {
        canceller.release()
        queue.sync { session.close() }
    }

    /// Opens a connection, blocking the calling thread until it is made: for synchronous APIs
    /// (the generated repositories' calls are synchronous, as on the store). Throws as ``connect(_:)``.
    public static func connectBlocking(_ conninfo: String) throws -> PostgresConnection {
        let queue = DispatchQueue(label: "schemagen.postgres.connection")
        let session = try queue.sync { try LibPQSession(conninfo: conninfo) }
        return PostgresConnection(session: session, queue: queue)
    }

    /// ``query(_:_:)`` blocking the calling thread until the statement ends (libpq is blocking
    /// anyway): for synchronous APIs. Not cancellable by a task; use `statement_timeout` to bound it.
    @discardableResult
    public func queryBlocking(_ sql: String, _ parameters: [PostgresValue] = []) throws -> PostgresRows {
        try queue.sync { try session.execute(sql, parameters) }
    }

    /// ``runScript(_:)`` blocking the calling thread until the script ends.
    public func runScriptBlocking(_ sql: String) throws {
        try queue.sync { try session.runScript(sql) }
    }

    /// Runs a statement that must reach the server even when the task is cancelled: the `ROLLBACK`
    /// or `COMMIT` that ends a transaction, the unlock that releases an advisory lock. Cancelling
    /// those would leave the connection inside a transaction or holding the lock.
    @discardableResult
    func queryEvenIfCancelled(_ sql: String, _ parameters: [PostgresValue] = []) async throws -> PostgresRows {
        try await onQueue(cancellable: false) { session in try session.execute(sql, parameters) }
    }

    /// ``runScript(_:)`` that reaches the server even when the task is cancelled (see ``queryEvenIfCancelled(_:_:)``).
    func runScriptEvenIfCancelled(_ sql: String) async throws {
        try await onQueue(cancellable: false) { session in try session.runScript(sql) }
    }

    private func onQueue<Result: Sendable>(cancellable: Bool = true,
                                           _ body: @escaping @Sendable (LibPQSession) throws -> Result) async throws -> Result {
        let session = SessionBox(session)
        guard cancellable else {
            return try await withCheckedThrowingContinuation { continuation in
                queue.async { continuation.resume(with: Swift.Result { try body(session.session) }) }
            }
        }
        // Cancelling the task cancels the statement on the server (it then throws `.queryCanceled`).
        let cancellation = StatementCancellation(canceller: canceller)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async {
                    continuation.resume(with: Swift.Result {
                        try cancellation.begin()
                        defer { cancellation.end() }
                        return try body(session.session)
                    })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }
}

/// Carries the session to its queue. Sound because the session is only used on that queue.
private struct SessionBox: @unchecked Sendable {
    let session: LibPQSession
    init(_ session: LibPQSession) { self.session = session }
}
