/// A bounded set of connections to one database, shared by many tasks.
///
///     let pool = PostgresConnectionPool("postgresql://app@127.0.0.1/bot", maximumConnections: 8)
///     let name = try await pool.withConnection { connection in
///         try await connection.query("SELECT name FROM account WHERE id = $1", [.int64(7)]).first?["name"]
///     }
///
/// At most `maximumConnections` connections are open; they are opened on demand and kept for
/// reuse. When all are in use, callers wait (first come, first served) until one is returned.
/// A connection that broke, or comes back still inside a transaction, is closed and its place
/// given to the next caller, who opens a fresh one: a restarted server or a terminated backend
/// costs the callers that were using it, never the ones after.
public final class PostgresConnectionPool: Sendable {
    /// How to connect: a URL or libpq `key=value` pairs.
    public let conninfo: String
    /// The most connections open at once.
    public let maximumConnections: Int
    private let state: PoolState

    /// A pool that opens no connection until one is needed.
    /// - Parameter maximumConnections: at least 1. A good start is the number of cores of the
    ///   database server times two, shared among all processes using the database; keep the sum
    ///   below the server's `max_connections` minus a few for administration.
    public init(_ conninfo: String, maximumConnections: Int) {
        precondition(maximumConnections >= 1, "a pool needs at least one connection")
        self.conninfo = conninfo
        self.maximumConnections = maximumConnections
        self.state = PoolState(conninfo: conninfo, maximumConnections: maximumConnections)
    }

    /// Connections currently open (idle or in use).
    public var openConnectionCount: Int {
        get async { await state.openCount }
    }

    /// Runs `body` with a connection of its own and returns the connection afterwards, whether
    /// `body` returned or threw.
    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await acquire()
        do {
            let result = try await body(connection)
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw error
        }
    }

    /// Runs `body` in a transaction on a pooled connection (see `PostgresConnection.withTransaction`).
    ///
    /// - Parameter retries: how many times to run the whole transaction again, after a short
    ///   random back-off, when it fails with a retryable error (serialization failure, deadlock).
    ///   `body` must then be safe to run more than once: everything it does outside the database
    ///   happens once per attempt. Other errors, and the last attempt's, are thrown.
    public func withTransaction<Result>(
        isolationLevel: PostgresIsolationLevel = .readCommitted,
        readOnly: Bool = false,
        retries: Int = 0,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresTransaction) async throws -> Result
    ) async throws -> Result {
        var attempt = 0
        while true {
            do {
                return try await withConnection { connection in
                    try await connection.withTransaction(isolationLevel: isolationLevel, readOnly: readOnly, body)
                }
            } catch let error as PostgresError where error.isRetryable && attempt < retries {
                attempt += 1
                // Random back-off, growing per attempt, so the conflicting transactions stop colliding.
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...20) * attempt))
            }
        }
    }

    /// Takes a connection, waiting while all are in use. Give it back with `release`.
    /// Throws `CancellationError` if the task is cancelled while waiting.
    public func acquire() async throws -> PostgresConnection {
        try await state.acquire()
    }

    /// Returns a connection taken with `acquire`. A broken one, or one still in a transaction,
    /// is closed; the next waiter then opens a fresh connection in its place.
    public func release(_ connection: PostgresConnection) async {
        await state.release(connection)
    }

    /// Closes the idle connections and refuses new acquisitions; connections in use are closed
    /// when they are released.
    public func close() async {
        await state.close()
    }
}

/// The pool's bookkeeping, serialized by the actor.
private actor PoolState {
    let conninfo: String
    let maximumConnections: Int
    private var idle: [PostgresConnection] = []
    /// Connections open or being opened, idle ones included.
    private(set) var openCount = 0
    /// Callers waiting for a connection, first come first served, by ticket (to find a cancelled one).
    private var waiters: [(ticket: UInt64, continuation: CheckedContinuation<Lease, any Error>)] = []
    private var nextTicket: UInt64 = 0
    private var isClosed = false

    /// What a waiting caller is handed: a connection another caller returned, or the right to open one.
    private enum Lease: Sendable {
        case connection(PostgresConnection)
        case slot
    }

    init(conninfo: String, maximumConnections: Int) {
        self.conninfo = conninfo
        self.maximumConnections = maximumConnections
    }

    func acquire() async throws -> PostgresConnection {
        guard !isClosed else { throw Self.closedError }
        if let connection = idle.popLast() { return connection }
        if openCount < maximumConnections {
            openCount += 1
            return try await open()
        }
        let ticket = nextTicket
        nextTicket += 1
        // A caller cancelled while waiting stops waiting (CancellationError) instead of holding
        // its place until a connection frees up.
        let lease = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((ticket, continuation))
                }
            }
        } onCancel: {
            Task { await self.stopWaiting(ticket) }
        }
        switch lease {
        case .connection(let connection): return connection
        case .slot: return try await open()
        }
    }

    /// Takes a cancelled caller out of the queue, if it is still waiting.
    private func stopWaiting(_ ticket: UInt64) {
        guard let position = waiters.firstIndex(where: { $0.ticket == ticket }) else { return }
        waiters.remove(at: position).continuation.resume(throwing: CancellationError())
    }

    func release(_ connection: PostgresConnection) {
        guard !isClosed, connection.isReusable else {
            connection.close()
            openCount -= 1
            handSlotToWaiter()
            return
        }
        if waiters.isEmpty {
            idle.append(connection)
        } else {
            waiters.removeFirst().continuation.resume(returning: .connection(connection))
        }
    }

    func close() {
        isClosed = true
        for connection in idle { connection.close() }
        openCount -= idle.count
        idle.removeAll()
        // Each waiter gets a place and finds the pool closed when it tries to open a connection.
        openCount += waiters.count
        for waiter in waiters { waiter.continuation.resume(returning: .slot) }
        waiters.removeAll()
    }

    /// Opens a connection in a place already counted in `openCount`; gives the place up on failure.
    private func open() async throws -> PostgresConnection {
        guard !isClosed else {
            openCount -= 1
            throw Self.closedError
        }
        do {
            return try await PostgresConnection.connect(conninfo)
        } catch {
            openCount -= 1
            handSlotToWaiter()
            throw error
        }
    }

    private func handSlotToWaiter() {
        guard !waiters.isEmpty, openCount < maximumConnections else { return }
        openCount += 1
        waiters.removeFirst().continuation.resume(returning: .slot)
    }

    private static let closedError = PostgresError(kind: .connectionFailed, message: "the connection pool was closed")
}
